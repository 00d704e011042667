/**
 * Reconcile an OCIRepository the way source-controller does, as one function: resolve `spec.ref` to a
 * manifest digest (tag, semver over the listed tags, or digest), skip all work when the revision and
 * the content configuration did not change, else pull the manifest, pick the layer (`layerSelector`),
 * and either extract it into a directory and archive it with the ignore rules, or copy the blob as is.
 *
 * @module
 */
import { digestOf, type FileSystem, type HttpFetch, parseDuration } from "@gitops-kit/core";
import { archiveDirectory } from "../artifact/archive.js";
import { extractArchive } from "../artifact/extract.js";
import { gunzipBounded } from "../artifact/gzip.js";
import type { SourceArtifact } from "../artifact/source-artifact.js";
import type { ProgressCallback } from "../helm-repository/http.js";
import { sourceTreeIgnoreFilter } from "../ignore/source-ignore.js";
import { digestFromOciRevision, ociRevision } from "../revision.js";
import { DEFAULT_MAX_BLOB_SIZE, OciClient, type RegistryCredentialsSource } from "./client.js";
import { OciError } from "./errors.js";
import type { OciDescriptor } from "./manifest.js";
import { formatOciReference, type OciReference, parseOciReference } from "./reference.js";
import { type OciRepositorySpec, type OciRepositorySpecInput, parseOciRepositorySpec } from "./spec.js";
import { selectSemverTag } from "./tags.js";

/** The platform an image index is resolved to (go-containerregistry's default). */
const DEFAULT_PLATFORM = { os: "linux", architecture: "amd64" };

/** What the current artifact was built with (Flux's `status.observedIgnore` / `observedLayerSelector`). */
export interface OciRepositoryObservation {
  ignore?: string;
  layerSelector?: { mediaType?: string; operation?: "extract" | "copy" };
}

/** Options of {@link fetchOciRepository}. */
export interface FetchOciRepositoryOptions {
  /** The OCIRepository `spec` (validated and defaulted here when given as written). */
  spec: OciRepositorySpecInput | OciRepositorySpec;
  fs: FileSystem;
  /** Where the layer is extracted (operation `extract`) or the blob written (`copy`); emptied first. */
  dir: string;
  fetch?: HttpFetch;
  /** Registry credentials (e.g. from `registryCredentialsFromSecret` for `spec.secretRef`). */
  credentials?: RegistryCredentialsSource;
  /** A client to reuse instead of one built from `fetch` / `credentials` / `spec.insecure`. */
  client?: OciClient;
  /** `status.artifact.revision`: when the remote still resolves to it, nothing is pulled. */
  lastRevision?: string;
  lastObserved?: OciRepositoryObservation;
  /** Largest layer accepted (default 1 GiB); extraction itself is not capped, as in Flux. */
  maxLayerSize?: number;
  /** Sees the layer download advance. */
  onProgress?: ProgressCallback;
}

/** The outcome when nothing changed. */
export interface OciRepositoryUnchanged {
  changed: false;
  revision: string;
  message: string;
}

/** The outcome of a pull. */
export interface OciRepositoryFetched {
  changed: true;
  /** `<tag>@sha256:<hex>`, or the digest alone for a digest ref. */
  revision: string;
  /** Manifest digest. */
  digest: string;
  /** `<registry>/<repository>:<tag>` or `...@<digest>` that was pulled. */
  url: string;
  /** The manifest annotations (Flux copies them into `artifact.metadata`). */
  metadata: Record<string, string>;
  /** The selected layer. */
  layer: OciDescriptor;
  /**
   * The artifact: the re-archived tree for `extract`, the layer blob itself for `copy` (then
   * `artifactPath` is its file name, `sha256:<hex>.tgz`, under `dir`).
   */
  artifact: SourceArtifact;
  artifactPath?: string;
  /** Pass back as `lastObserved` next time. */
  observed: OciRepositoryObservation;
}

export type OciRepositoryResult = OciRepositoryUnchanged | OciRepositoryFetched;

/**
 * Fetch an OCIRepository and build its artifact.
 *
 * - `spec.ref`: `digest`, else `semver` (highest listed tag in range, optionally filtered by
 *   `semverFilter`), else `tag`, else `latest`. The revision is `<tag>@<digest>` or the digest.
 * - With `lastRevision`, only the digest is resolved; when it and `spec.ignore` / `layerSelector` are
 *   unchanged the result is `{ changed: false }`.
 * - `layerSelector.mediaType` picks the first layer of that type (`OCI_LAYER_NOT_FOUND` if none);
 *   without it the first layer. `operation: extract` (default) untars it (symlinks skipped) and archives
 *   the tree with `.sourceignore` files, `spec.ignore` and the default patterns; `copy` keeps the blob.
 * - `spec.insecure` allows plain HTTP, only to a registry on this machine.
 *
 * Errors: `OciRepositorySpecError`, `OciError` (see its codes), `ArchiveError` for hostile layers.
 */
export async function fetchOciRepository(options: FetchOciRepositoryOptions): Promise<OciRepositoryResult> {
  const spec = parseOciRepositorySpec(options.spec);
  const { fs, dir } = options;
  const repo = parseOciReference(spec.url);
  const client = options.client ?? defaultClient(options, spec);
  const mediaType = spec.layerSelector?.mediaType;
  const operation = spec.layerSelector?.operation ?? "extract";

  // Resolve the reference to a manifest digest first: cheap, and enough to know whether anything changed.
  const target = await resolveRef(client, repo, spec, mediaType);
  const digest = target.digest ?? (await client.resolveDigest({ reference: target }));
  const revision = ociRevision({ tag: target.digest ? undefined : target.tag, digest });
  const observed: OciRepositoryObservation = {
    ...(spec.ignore !== undefined ? { ignore: spec.ignore } : {}),
    ...(spec.layerSelector ? { layerSelector: spec.layerSelector } : {}),
  };
  if (
    options.lastRevision !== undefined &&
    digestFromOciRevision(options.lastRevision) === digest &&
    options.lastRevision === revision &&
    !configChanged(observed, options.lastObserved)
  ) {
    return { changed: false, revision, message: `artifact up-to-date with remote revision: '${revision}'` };
  }

  const byDigest: OciReference = { registry: repo.registry, repository: repo.repository, digest };
  // An index resolves to its linux/amd64 manifest, as go-containerregistry's remote.Image does by
  // default; the revision keeps the digest the reference points at.
  const manifest = await client.getManifest({ reference: byDigest, platform: DEFAULT_PLATFORM });
  if (manifest.kind !== "manifest") {
    throw new OciError(
      "OCI_INVALID_MANIFEST",
      `'${formatOciReference(byDigest)}' is an index, not an artifact manifest`,
      {
        reference: formatOciReference(byDigest),
      },
    );
  }
  const layer = selectLayer(manifest.manifest.layers, mediaType, formatOciReference(byDigest));
  const blob = await client.getBlob({
    repository: byDigest,
    digest: layer.digest,
    maxSize: options.maxLayerSize ?? DEFAULT_MAX_BLOB_SIZE,
    onProgress: options.onProgress,
  });

  if (fs.exists(dir)) fs.rm(dir, { recursive: true });
  fs.mkdir(dir);
  const url = formatOciReference({ ...repo, ...(target.digest ? { digest } : { tag: target.tag }) });
  const metadata = manifest.manifest.annotations ?? {};
  if (operation === "copy") {
    const artifactPath = `${digest}.tgz`;
    fs.writeFile(`${dir}/${artifactPath}`, blob);
    return {
      changed: true,
      revision,
      digest,
      url,
      metadata,
      layer,
      artifact: { revision, ...copiedArchive(blob, url) },
      artifactPath,
      observed,
    };
  }
  extractArchive({ fs, dir, data: blob, symlinks: "skip", maxSize: Number.MAX_SAFE_INTEGER, name: url });
  const filter = sourceTreeIgnoreFilter({ fs, dir, ignore: spec.ignore });
  const artifact: SourceArtifact = { revision, ...archiveDirectory({ fs, dir, filter }) };
  return { changed: true, revision, digest, url, metadata, layer, artifact, observed };
}

function defaultClient(options: FetchOciRepositoryOptions, spec: OciRepositorySpec): OciClient {
  const timeoutMs = Math.max(1, Math.round(parseDuration(spec.timeout)));
  const signal = AbortSignal.timeout(timeoutMs);
  return new OciClient({
    fetch: options.fetch,
    credentials: options.credentials,
    insecure: spec.insecure,
    signal,
  });
}

async function resolveRef(
  client: OciClient,
  repo: OciReference,
  spec: OciRepositorySpec,
  mediaType: string | undefined,
): Promise<OciReference> {
  const base = { registry: repo.registry, repository: repo.repository };
  const ref = spec.ref;
  if (ref?.digest) return parseOciReference(`${formatOciReference(base)}@${ref.digest}`);
  if (ref?.semver) {
    const tags = await client.listTags({ repository: base });
    const tag = selectSemverTag({
      tags,
      semver: ref.semver,
      filter: ref.semverFilter,
      mediaType,
      reference: formatOciReference(base),
    });
    return { ...base, tag };
  }
  return { ...base, tag: ref?.tag || "latest" };
}

function selectLayer(
  layers: OciDescriptor[],
  mediaType: string | undefined,
  reference: string,
): OciDescriptor {
  if (layers.length === 0)
    throw new OciError("OCI_LAYER_NOT_FOUND", `no layers found in artifact '${reference}'`, { reference });
  if (!mediaType) return layers[0];
  const found = layers.find((l) => l.mediaType === mediaType);
  if (!found) {
    throw new OciError(
      "OCI_LAYER_NOT_FOUND",
      `failed to find layer with media type '${mediaType}' in artifact '${reference}'`,
      {
        reference,
      },
    );
  }
  return found;
}

function configChanged(now: OciRepositoryObservation, before: OciRepositoryObservation | undefined): boolean {
  if (before === undefined) return false;
  if ((now.ignore ?? undefined) !== (before.ignore ?? undefined)) return true;
  const a = now.layerSelector;
  const b = before.layerSelector;
  return (a?.mediaType ?? "") !== (b?.mediaType ?? "") || (a?.operation ?? "") !== (b?.operation ?? "");
}

/** Archive fields of a copied blob: the blob is the artifact; its tar digest is known when it is gzip. */
function copiedArchive(blob: Uint8Array, name: string): Omit<SourceArtifact, "revision"> {
  let tarDigest = "";
  let tarSize = 0;
  if (blob[0] === 0x1f && blob[1] === 0x8b) {
    try {
      const tar = gunzipBounded(blob, { maxBytes: Number.MAX_SAFE_INTEGER, name });
      tarDigest = digestOf(tar);
      tarSize = tar.length;
    } catch {
      // Not a valid gzip stream: the blob is copied regardless, as Flux does.
    }
  }
  return { tarGz: blob, digest: digestOf(blob), size: blob.length, tarDigest, tarSize, entries: [] };
}

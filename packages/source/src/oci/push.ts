/**
 * `flux push artifact` as a function: a directory (or one file) becomes a tar + gzip layer, wrapped in
 * an OCI image manifest with Flux's config and content media types and the
 * `org.opencontainers.image.{created,source,revision}` annotations, and pushed to a registry.
 *
 * The layer tar is written the way Flux's `pkg/tar` writes it (root entry `.`, lexical walk, regular
 * files and directories only, permission bits kept, owner and times zeroed); the config and manifest
 * JSON are byte for byte what go-containerregistry (v0.21.5, as Flux pins it) marshals. Only the gzip
 * stream differs from Flux's, as for every artifact (see the package README).
 *
 * @module
 */
import {
  type Clock,
  digestOf,
  type FileSystem,
  posixPath,
  Sha256,
  systemClock,
  ValidationError,
} from "@gitops-kit/core";
import { concat, gzipDeterministic } from "../artifact/gzip.js";
import { TarWriter } from "../artifact/tar-writer.js";
import { sortByUtf8 } from "../byte-order.js";
import { EXCLUDE_EXT, EXCLUDE_VCS, isIgnored, readIgnorePatterns } from "../ignore/index.js";
import { OciClient, type OciClientOptions } from "./client.js";
import { OciError } from "./errors.js";
import {
  CREATED_ANNOTATION,
  FLUX_CONFIG_MEDIA_TYPE,
  FLUX_CONTENT_MEDIA_TYPE,
  OCI_MANIFEST,
  REVISION_ANNOTATION,
  SOURCE_ANNOTATION,
} from "./media-types.js";
import { formatOciReference, parseOciReference } from "./reference.js";

/** The ignore patterns `flux push artifact` uses by default: VCS files and archives / images. */
export const DEFAULT_PUSH_IGNORE: readonly string[] = [...EXCLUDE_VCS, ...EXCLUDE_EXT];

/** A built layer. */
export interface ArtifactLayer {
  /** The tar.gz bytes. */
  data: Uint8Array;
  /** `sha256:` of {@link data}. */
  digest: string;
  /** `sha256:` of the uncompressed tar (the config's `diff_ids` entry). */
  diffId: string;
  /** Entry names in archive order. */
  entries: string[];
}

/** Options of {@link buildArtifactLayer}. */
export interface BuildArtifactLayerOptions {
  fs: FileSystem;
  /** A directory (archived as `.`) or a single file (archived alone under a `.` of mode 0700). */
  path: string;
  /** gitignore-style patterns relative to `path` (default {@link DEFAULT_PUSH_IGNORE}). */
  ignorePaths?: readonly string[];
}

/** Build the content layer as `flux push artifact` does. */
export function buildArtifactLayer(options: BuildArtifactLayerOptions): ArtifactLayer {
  const { fs, path } = options;
  const patterns = readIgnorePatterns((options.ignorePaths ?? DEFAULT_PUSH_IGNORE).join("\n"));
  const ignored = (rel: string, isDir: boolean) =>
    patterns.length > 0 && isIgnored(patterns, rel.split("/"), isDir);

  const chunks: Uint8Array[] = [];
  const hash = new Sha256();
  const tar = new TarWriter((chunk) => {
    chunks.push(chunk);
    hash.update(chunk);
  });
  const entries: string[] = [];
  const stat = fs.stat(path);
  if (stat.isFile()) {
    // A single file is staged in a fresh temporary directory, whose mode is 0700.
    tar.add({ name: ".", type: "dir", mode: 0o700 });
    entries.push(".");
    const name = posixPath.basename(path);
    if (!ignored(name, false)) {
      tar.add({ name, type: "file", mode: stat.mode & 0o7777 }, fs.readFile(path));
      entries.push(name);
    }
  } else if (stat.isDirectory()) {
    tar.add({ name: ".", type: "dir", mode: stat.mode & 0o7777 });
    entries.push(".");
    const walk = (rel: string): void => {
      const abs = rel === "" ? path : posixPath.join(path, rel);
      for (const name of fs.readdir(abs)) {
        const childRel = rel === "" ? name : `${rel}/${name}`;
        const child = posixPath.join(abs, name);
        const s = fs.lstat(child);
        if (s.isDirectory()) {
          if (!ignored(childRel, true)) {
            tar.add({ name: childRel, type: "dir", mode: s.mode & 0o7777 });
            entries.push(childRel);
          }
          // An ignored directory's children are still judged on their own, as Flux's walk does.
          walk(childRel);
        } else if (s.isFile() && !ignored(childRel, false)) {
          tar.add({ name: childRel, type: "file", mode: s.mode & 0o7777 }, fs.readFile(child));
          entries.push(childRel);
        }
      }
    };
    walk("");
  } else {
    throw new ValidationError(`source path '${path}' is neither a file nor a directory`);
  }
  tar.finish();
  const data = gzipDeterministic(concat(chunks, tar.size));
  return { data, digest: digestOf(data), diffId: `sha256:${hash.hex()}`, entries };
}

/** Go's `encoding/json` string: HTML characters and line separators escaped as `\u00XX`. */
function goJsonString(text: string): string {
  return JSON.stringify(text).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A Go `map[string]string` in JSON: keys in byte order. */
function goJsonStringMap(map: Record<string, string>): string {
  const keys = sortByUtf8(Object.keys(map));
  return `{${keys.map((k) => `${goJsonString(k)}:${goJsonString(map[k])}`).join(",")}}`;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A `created` value as Go round-trips it (`time.Parse(time.RFC3339)` then JSON): fraction without
 * trailing zeros, `Z` for UTC. Throws {@link ValidationError} for text that is not RFC 3339.
 */
export function normalizeCreated(created: string): string {
  const m = RFC3339.exec(created);
  if (!m || Number.isNaN(Date.parse(created))) {
    throw new ValidationError(`invalid created timestamp "${created}": expected RFC 3339`);
  }
  const fraction = (m[2] ?? "").replace(/0+$/, "");
  const zone = m[3].toUpperCase() === "Z" || m[3] === "+00:00" || m[3] === "-00:00" ? "Z" : m[3];
  return `${m[1].replace("t", "T")}${fraction === "." ? "" : fraction}${zone}`;
}

/** The config blob of a Flux artifact: an image config with `created`, one history entry and the layer's diff id. */
export function fluxArtifactConfig(options: { created: string; diffId: string }): Uint8Array {
  const json =
    `{"architecture":"","created":${goJsonString(options.created)},` +
    `"history":[{"created":"0001-01-01T00:00:00Z"}],"os":"",` +
    `"rootfs":{"type":"layers","diff_ids":[${goJsonString(options.diffId)}]},"config":{}}`;
  return new TextEncoder().encode(json);
}

/** The manifest of a Flux artifact. */
export function fluxArtifactManifest(options: {
  config: { digest: string; size: number };
  layer: { digest: string; size: number; mediaType?: string };
  annotations: Record<string, string>;
}): Uint8Array {
  const { config, layer } = options;
  const json =
    `{"schemaVersion":2,"mediaType":${goJsonString(OCI_MANIFEST)},` +
    `"config":{"mediaType":${goJsonString(FLUX_CONFIG_MEDIA_TYPE)},"size":${config.size},"digest":${goJsonString(config.digest)}},` +
    `"layers":[{"mediaType":${goJsonString(layer.mediaType ?? FLUX_CONTENT_MEDIA_TYPE)},"size":${layer.size},"digest":${goJsonString(layer.digest)}}],` +
    `"annotations":${goJsonStringMap(options.annotations)}}`;
  return new TextEncoder().encode(json);
}

/** Options of {@link pushArtifact}. */
export interface PushArtifactOptions extends Omit<OciClientOptions, "signal"> {
  /** `oci://<registry>/<repository>:<tag>`. */
  url: string;
  fs: FileSystem;
  /** Directory or file to push. */
  path: string;
  /** `org.opencontainers.image.source` (e.g. the Git URL). */
  source?: string;
  /** `org.opencontainers.image.revision` (e.g. `main@sha1:<hex>`). */
  revision?: string;
  /** Extra manifest annotations; they override the three above. */
  annotations?: Record<string, string>;
  /** `org.opencontainers.image.created` (RFC 3339; default: now, in UTC, to the second). */
  created?: string | Date;
  /** Patterns to leave out (default {@link DEFAULT_PUSH_IGNORE}). */
  ignorePaths?: readonly string[];
  /** A client to reuse (its fetch / credentials / insecure settings win). */
  client?: OciClient;
  clock?: Clock;
  signal?: AbortSignal;
}

/** What {@link pushArtifact} stored. */
export interface PushedArtifact {
  /** Manifest digest. */
  digest: string;
  /** `<registry>/<repository>@<digest>` (what `flux push artifact` prints). */
  url: string;
  tag: string;
  manifest: Uint8Array;
  config: Uint8Array;
  layer: ArtifactLayer;
  annotations: Record<string, string>;
}

/**
 * Push a directory or file as a Flux OCI artifact. The manifest annotations are `created`, `source`
 * and `revision` (always present, empty when not given, as Flux writes them) plus `annotations`.
 *
 * @example
 * await pushArtifact({ url: "oci://ghcr.io/org/manifests:v1", fs: nodeFs(), path: "./deploy",
 *   source: "https://github.com/org/repo", revision: "main@sha1:abc..." });
 */
export async function pushArtifact(options: PushArtifactOptions): Promise<PushedArtifact> {
  const ref = parseOciReference(options.url);
  if (ref.digest) {
    throw new OciError("OCI_INVALID_REFERENCE", `cannot push to a digest reference '${options.url}'`, {
      reference: options.url,
    });
  }
  const tag = ref.tag ?? "latest";
  const layer = buildArtifactLayer({ fs: options.fs, path: options.path, ignorePaths: options.ignorePaths });
  const clock = options.clock ?? systemClock;
  const createdInput =
    options.created instanceof Date
      ? options.created.toISOString()
      : (options.created ?? `${clock.now().toISOString().slice(0, 19)}Z`);
  const annotations: Record<string, string> = {
    [CREATED_ANNOTATION]: createdInput,
    [SOURCE_ANNOTATION]: options.source ?? "",
    [REVISION_ANNOTATION]: options.revision ?? "",
    ...options.annotations,
  };
  if (annotations[CREATED_ANNOTATION] === "") annotations[CREATED_ANNOTATION] = createdInput;
  const created = normalizeCreated(annotations[CREATED_ANNOTATION]);
  const config = fluxArtifactConfig({ created, diffId: layer.diffId });
  const configDigest = digestOf(config);
  const manifest = fluxArtifactManifest({
    config: { digest: configDigest, size: config.length },
    layer: { digest: layer.digest, size: layer.data.length },
    annotations,
  });

  const client = options.client ?? new OciClient({ ...options });
  const repo = { registry: ref.registry, repository: ref.repository };
  await client.pushBlob({ repository: repo, data: layer.data });
  await client.pushBlob({ repository: repo, data: config });
  const digest = await client.putManifest({
    reference: { ...repo, tag },
    mediaType: OCI_MANIFEST,
    data: manifest,
  });
  return {
    digest,
    url: formatOciReference({ ...repo, digest }),
    tag,
    manifest,
    config,
    layer,
    annotations,
  };
}

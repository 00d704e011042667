/**
 * Artifact revision strings of each source kind, in source-controller's formats. The well-formed ones
 * are the `[<pointer>@]<algorithm>:<hex>` strings that `@gitops-kit/core`'s `parseRevision` reads;
 * the Git helpers here also reproduce Flux's lenient reading of legacy and malformed strings.
 *
 * @module
 */
import { digestOf, parseSemver, SemverVersion, ValidationError } from "@gitops-kit/core";
import { sortByUtf8 } from "./byte-order.js";

/** The algorithm name Flux gives a Git hash that is not 40 hex characters long. */
export const UNKNOWN_HASH_ALGORITHM = "<unknown>";

/** Flux's name for a Git hash's algorithm: `sha1` for 40 characters, `<unknown>` otherwise. */
export function gitHashAlgorithm(hash: string): string {
  return hash.length === 40 ? "sha1" : UNKNOWN_HASH_ALGORITHM;
}

/** `<algorithm>:<hash>`, or `""` for an empty hash. */
export function gitHashDigest(hash: string): string {
  return hash === "" ? "" : `${gitHashAlgorithm(hash)}:${hash}`;
}

/** Options of {@link gitCommitRevision}. */
export interface GitCommitRevisionOptions {
  /** The full reference the commit was checked out from (`refs/heads/main`), `""` for a bare commit. */
  reference: string;
  /** The commit hash (hex). */
  hash: string;
  /**
   * Keep the full reference (`refs/heads/main@sha1:…`): what a GitRepository with `spec.ref.name`
   * records. Otherwise the first two reference segments are dropped (`main@sha1:…`).
   */
  absolute?: boolean;
}

/**
 * The revision of a Git checkout. Short form: the reference less its first two segments
 * (`refs/heads/feature/x` → `feature/x@sha1:<hex>`); a reference with fewer than three segments gives
 * just `sha1:<hex>`. Absolute form: the whole reference, when there is one.
 */
export function gitCommitRevision(options: GitCommitRevisionOptions): string {
  const digest = gitHashDigest(options.hash);
  const ref = options.reference;
  if (options.absolute) return ref !== "" ? `${ref}@${digest}` : digest;
  const first = ref.indexOf("/");
  const second = first < 0 ? -1 : ref.indexOf("/", first + 1);
  return second >= 0 ? `${ref.slice(second + 1)}@${digest}` : digest;
}

/** A Git revision string taken apart the way Flux reads it. */
export interface GitRevisionParts {
  /** Named pointer (`main`, `refs/pull/1/head`), `""` when none. */
  pointer: string;
  /** The hash text. */
  hash: string;
  /** `sha1` or `<unknown>`. */
  algorithm: string;
  /** `<algorithm>:<hash>` (`""` for an empty revision). */
  digest: string;
}

/**
 * Split a revision the way Flux's Git package does: the hash is the text after the last `:`, or the
 * last `/` segment, or the whole string; the pointer is the text before the last `@`, or before the
 * last `/` unless that is `HEAD`. Never throws.
 */
export function splitGitRevision(revision: string): GitRevisionParts {
  let hash: string;
  const colon = revision.lastIndexOf(":");
  if (revision === "") hash = "";
  else if (colon >= 0) hash = revision.slice(colon + 1);
  else hash = revision.slice(revision.lastIndexOf("/") + 1);

  let pointer = "";
  const at = revision.lastIndexOf("@");
  if (at >= 0) pointer = revision.slice(0, at);
  else {
    const slash = revision.lastIndexOf("/");
    if (slash >= 0 && revision.slice(0, slash) !== "HEAD") pointer = revision.slice(0, slash);
  }
  return { pointer, hash, algorithm: gitHashAlgorithm(hash), digest: gitHashDigest(hash) };
}

/**
 * Bring a legacy Git revision (`main/<hex>`, `HEAD/<hex>`, `<hex>`) into the current form
 * (`main@sha1:<hex>`, `sha1:<hex>`); strings that already contain `:` are returned unchanged.
 */
export function normalizeGitRevision(revision: string): string {
  if (revision === "" || revision.includes(":")) return revision;
  const { pointer, digest } = splitGitRevision(revision);
  return pointer === "" ? digest : `${pointer}@${digest}`;
}

/** The revision of an OCIRepository artifact: `<tag>@<manifest digest>`, or the digest alone for a digest ref. */
export function ociRevision(options: { tag?: string; digest: string }): string {
  return options.tag ? `${options.tag}@${options.digest}` : options.digest;
}

/** The manifest digest in an OCI revision: the part after the last `@` (the whole string without one). */
export function digestFromOciRevision(revision: string): string {
  return revision.slice(revision.lastIndexOf("@") + 1);
}

/** The text a Bucket revision is the digest of: `"<key> <etag>\n"` per object, keys in byte order. */
export function bucketIndexText(index: Readonly<Record<string, string>>): string {
  return sortByUtf8(Object.keys(index))
    .map((key) => `${key} ${index[key]}\n`)
    .join("");
}

/** A Bucket's revision: `sha256:<hex>` of {@link bucketIndexText}. */
export function bucketRevision(index: Readonly<Record<string, string>>): string {
  return digestOf(bucketIndexText(index));
}

/** Options of {@link helmChartRevision}. */
export interface HelmChartRevisionOptions {
  /** Kind of the HelmChart's source. */
  sourceKind: "HelmRepository" | "GitRepository" | "Bucket";
  /** The chart version (from the index entry or Chart.yaml). */
  chartVersion: string;
  /** `spec.reconcileStrategy` (default `ChartVersion`); `Revision` only matters for Git and Bucket sources. */
  reconcileStrategy?: "ChartVersion" | "Revision";
  /** The source artifact's revision (needed with the `Revision` strategy). */
  sourceRevision?: string;
  /** `spec.valuesFiles`: when non-empty, the object's generation goes into the build metadata. */
  valuesFiles?: readonly string[];
  /** `metadata.generation`. */
  generation?: number;
}

/**
 * The revision a HelmChart artifact gets: the chart version, with its build metadata replaced by the
 * first 12 hex characters of the source revision (Git, Bucket with the `Revision` strategy) and/or the
 * object's generation (when `valuesFiles` is set), joined with `.`. Without either, the version as
 * written. Throws {@link ValidationError} when the version must be rewritten but is not semver.
 */
export function helmChartRevision(options: HelmChartRevisionOptions): string {
  let metadata = "";
  const fromArtifact = options.sourceKind === "GitRepository" || options.sourceKind === "Bucket";
  if (options.reconcileStrategy === "Revision" && fromArtifact) {
    const rev = options.sourceRevision ?? "";
    let hex = rev;
    if (options.sourceKind === "GitRepository") hex = splitGitRevision(rev).hash;
    else if (/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(rev))
      hex = rev.slice(rev.indexOf(":") + 1);
    metadata = hex.slice(0, 12);
  }
  if ((options.valuesFiles?.length ?? 0) > 0) {
    metadata = metadata === "" ? String(options.generation ?? 0) : `${metadata}.${options.generation ?? 0}`;
  }
  if (metadata === "") return options.chartVersion;
  let version: SemverVersion;
  try {
    version = parseSemver(options.chartVersion);
  } catch (err) {
    throw new ValidationError(
      `failed to parse version from chart metadata as SemVer: ${(err as Error).message}`,
      { cause: err },
    );
  }
  if (!/^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/.test(metadata)) {
    throw new ValidationError(
      `failed to set SemVer metadata on chart version: invalid metadata "${metadata}"`,
    );
  }
  return new SemverVersion({ ...version, metadata, original: undefined }).toString();
}

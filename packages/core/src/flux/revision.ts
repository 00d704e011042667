import { FormatError } from "../errors.js";

/**
 * A Flux artifact revision: an optional named pointer (branch, tag, full ref or OCI tag) and a hash.
 *
 * | string                               | pointer        | algorithm | hash  |
 * |--------------------------------------|----------------|-----------|-------|
 * | `main@sha1:5394cb7f…`                | `main`         | `sha1`    | `5394cb7f…` |
 * | `refs/tags/v1@sha1:5394cb7f…`        | `refs/tags/v1` | `sha1`    | … |
 * | `latest@sha256:ab12…` (OCI)          | `latest`       | `sha256`  | … |
 * | `sha256:ab12…` (Bucket, no pointer)  | ``             | `sha256`  | … |
 */
export interface Revision {
  /** Named pointer, `""` when there is none. */
  pointer: string;
  /** Hash algorithm, e.g. `sha1` or `sha256`. */
  algorithm: string;
  /** The hash, lowercase hex. */
  hash: string;
}

const ALGORITHM = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*$/;
const HEX = /^[0-9a-f]+$/;

/**
 * Parse a revision string. The current Flux form is `[<pointer>@]<algorithm>:<hex>`; the legacy Git
 * forms `<branch>/<hex>`, `HEAD/<hex>` and a bare `<hex>` are accepted too (the algorithm is
 * inferred from the length: 40 → sha1, 64 → sha256), as Flux still reads them from older objects.
 * Anything else (e.g. a Helm chart version) raises a {@link FormatError} with code `INVALID_REVISION`.
 */
export function parseRevision(text: string): Revision {
  const colon = text.lastIndexOf(":");
  if (colon >= 0) {
    const at = text.lastIndexOf("@", colon);
    const pointer = at >= 0 ? text.slice(0, at) : "";
    const algorithm = text.slice(at + 1, colon);
    const hash = text.slice(colon + 1);
    if ((at >= 0 && pointer === "") || !ALGORITHM.test(algorithm) || !HEX.test(hash)) {
      throw invalid(text);
    }
    return { pointer, algorithm, hash };
  }
  const slash = text.lastIndexOf("/");
  const hash = text.slice(slash + 1);
  const algorithm = hash.length === 40 ? "sha1" : hash.length === 64 ? "sha256" : "";
  if (algorithm === "" || !HEX.test(hash)) throw invalid(text);
  const pointer = slash < 0 ? "" : text.slice(0, slash);
  if (slash >= 0 && pointer === "") throw invalid(text);
  return { pointer: pointer === "HEAD" ? "" : pointer, algorithm, hash };
}

/** The Flux string form: `<pointer>@<algorithm>:<hash>`, or `<algorithm>:<hash>` without a pointer. */
export function formatRevision(revision: Revision): string {
  const digest = `${revision.algorithm}:${revision.hash}`;
  return revision.pointer === "" ? digest : `${revision.pointer}@${digest}`;
}

/** Options of {@link revisionsEqual}. */
export interface RevisionsEqualOptions {
  /** Compare only algorithm and hash (`main@sha1:x` equals `sha1:x`). */
  ignorePointer?: boolean;
}

/**
 * Whether two revision strings denote the same revision, reading legacy forms as Flux does
 * (`main/<hex>` equals `main@sha1:<hex>`). Strings that do not parse are compared verbatim.
 */
export function revisionsEqual(a: string, b: string, options: RevisionsEqualOptions = {}): boolean {
  if (a === b) return true;
  const ra = tryParse(a);
  const rb = tryParse(b);
  if (ra === undefined || rb === undefined) return false;
  return (
    ra.algorithm === rb.algorithm &&
    ra.hash === rb.hash &&
    (options.ignorePointer || ra.pointer === rb.pointer)
  );
}

/** The `<algorithm>:<hash>` part of a revision string (what an artifact's content is identified by). */
export function revisionDigest(text: string): string {
  const r = parseRevision(text);
  return `${r.algorithm}:${r.hash}`;
}

function tryParse(text: string): Revision | undefined {
  try {
    return parseRevision(text);
  } catch {
    return undefined;
  }
}

function invalid(text: string): FormatError {
  return new FormatError(
    "INVALID_REVISION",
    `invalid revision "${text}": expected [<pointer>@]<algorithm>:<hex> (e.g. main@sha1:<hex>, sha256:<hex>)`,
  );
}

/**
 * Every failure raised by gitops-kit is a {@link GitOpsError}: a stable machine-readable `code`,
 * a message that names the file / field / line at fault, and the underlying `cause` when there is one.
 * Messages never carry secret values: pass them through {@link redact} first.
 */
export class GitOpsError extends Error {
  /** Stable identifier, e.g. `YAML_PARSE`, `PATH_ESCAPE`; safe to switch on. */
  readonly code: string;

  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }
}

/** Marks every GitOpsError, whichever copy of this module created it. */
const BRAND = Symbol.for("gitops-kit.GitOpsError");
Object.defineProperty(GitOpsError.prototype, BRAND, { value: true });

/**
 * Whether `value` is a {@link GitOpsError}, also when it comes from another copy of this package (two
 * installed versions, or separately bundled code) where `instanceof` says no.
 */
export function isGitOpsError(value: unknown): value is GitOpsError {
  return (
    value instanceof GitOpsError ||
    (typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true)
  );
}

/** Input that does not match what an API expects (schema violations, bad flags, bad durations). */
export class ValidationError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("VALIDATION", message, options);
  }
}

/** A feature that is recognised but deliberately not implemented (yet). */
export class UnsupportedError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("UNSUPPORTED", message, options);
  }
}

/** Something looked up by name (file, object, key) does not exist. */
export class NotFoundError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("NOT_FOUND", message, options);
  }
}

/**
 * Whether `value` reports something missing: a {@link NotFoundError} (including a cluster's
 * `ResourceNotFoundError`) or any error carrying the `NOT_FOUND` code, also from another copy of this
 * package or an adapter that only sets the code.
 */
export function isNotFoundError(value: unknown): boolean {
  return (
    value instanceof NotFoundError || (value as { code?: unknown } | null | undefined)?.code === "NOT_FOUND"
  );
}

const MASK = "*****";

/**
 * Replace every occurrence of each secret in `text` with a mask. Secrets shorter than 4 characters are
 * still masked (a short token is still a token); empty strings are ignored.
 */
export function redact(text: string, secrets: Iterable<string | undefined | null>): string {
  const list = [...secrets].filter((s): s is string => typeof s === "string" && s.length > 0);
  // Longest first so a secret that contains another is masked whole.
  list.sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of list) out = out.split(secret).join(MASK);
  return out;
}

/** The message of anything thrown: an `Error`'s `message`, else its string form. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Turn any thrown value into a GitOpsError, keeping the original as `cause`. */
export function toGitOpsError(err: unknown, code = "INTERNAL"): GitOpsError {
  if (err instanceof GitOpsError) return err;
  return new GitOpsError(code, errorMessage(err), { cause: err });
}

/**
 * A path that would leave the directory it is confined to: through `..`, an absolute path, or a
 * symbolic link (directly, through a chain of links, or through a linked parent directory).
 */
export class PathEscapeError extends GitOpsError {
  /** The path as the caller gave it. */
  readonly path: string;
  /** The directory it had to stay within. */
  readonly root: string;

  constructor(options: { path: string; root: string; detail?: string; cause?: unknown }) {
    const detail = options.detail ? ` (${options.detail})` : "";
    super("PATH_ESCAPE", `path "${options.path}" escapes root "${options.root}"${detail}`, options);
    this.path = options.path;
    this.root = options.root;
  }
}

/** A malformed value in one of the Flux/Kubernetes string formats (duration, revision, digest, selector). */
export class FormatError extends GitOpsError {
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

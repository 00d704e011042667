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

/** Turn any thrown value into a GitOpsError, keeping the original as `cause`. */
export function toGitOpsError(err: unknown, code = "INTERNAL"): GitOpsError {
  if (err instanceof GitOpsError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new GitOpsError(code, message, { cause: err });
}

import { GitOpsError } from "@gitops-kit/core";

/**
 * An archive that is malformed or breaks a safety rule: an entry leaving the target directory, a link
 * pointing outside it, a device or other special file, or a size / entry-count limit. `entry` names
 * the archive entry at fault (empty when the archive as a whole is at fault).
 */
export class ArchiveError extends GitOpsError {
  /** The archive entry name the error is about, `""` for the archive as a whole. */
  readonly entry: string;

  /**
   * @param code one of `ARCHIVE_INVALID` (malformed), `ARCHIVE_UNSAFE_PATH`, `ARCHIVE_UNSAFE_LINK`,
   *   `ARCHIVE_UNSUPPORTED_ENTRY`, `ARCHIVE_TOO_LARGE`, `ARCHIVE_TOO_MANY_ENTRIES`.
   */
  constructor(code: string, message: string, options: { entry?: string; cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.entry = options.entry ?? "";
  }
}

/** A Git remote refused the credentials (HTTP 401/403, SSH permission denied). Never carries the secret. */
export class GitAuthError extends GitOpsError {
  /** The remote URL, without any credentials. */
  readonly url: string;

  constructor(options: { url: string; detail?: string; cause?: unknown }) {
    const detail = options.detail ? `: ${options.detail}` : "";
    super("GIT_AUTH", `authentication to '${options.url}' failed${detail}`, { cause: options.cause });
    this.url = options.url;
  }
}

/** A branch, tag, ref name, commit or semver range that the remote cannot satisfy. */
export class GitRefNotFoundError extends GitOpsError {
  /** The remote URL, without any credentials. */
  readonly url: string;
  /** The reference as the spec gave it, e.g. `branch 'main'`, `semver '>=1.0.0'`. */
  readonly ref: string;

  constructor(options: { url: string; ref: string; detail?: string; cause?: unknown }) {
    const detail = options.detail ? ` (${options.detail})` : "";
    super("GIT_REF_NOT_FOUND", `${options.ref} not found in '${options.url}'${detail}`, {
      cause: options.cause,
    });
    this.url = options.url;
    this.ref = options.ref;
  }
}

/** The remote repository does not exist or cannot be reached. */
export class GitRepositoryNotFoundError extends GitOpsError {
  readonly url: string;

  constructor(options: { url: string; detail?: string; cause?: unknown }) {
    const detail = options.detail ? `: ${options.detail}` : "";
    super("GIT_REPOSITORY_NOT_FOUND", `repository '${options.url}' not found${detail}`, {
      cause: options.cause,
    });
    this.url = options.url;
  }
}

/** Any other Git failure (transport, protocol, object database, working tree). */
export class GitOperationError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("GIT_OPERATION", message, options);
  }
}

/** An `include` of another source could not be resolved or copied. */
export class IncludeError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("INCLUDE_FAILED", message, options);
  }
}

/** Helm chart version selection failed (no entries, no match, invalid constraint). */
export class ChartVersionError extends GitOpsError {
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

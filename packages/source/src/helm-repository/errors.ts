import { GitOpsError } from "@gitops-kit/core";

/**
 * A Helm repository index that cannot be used: empty, without `apiVersion`, not YAML / JSON, a field
 * of the wrong type or unknown to Helm, or over the size limit. `code` is one of `HELM_INDEX_EMPTY`,
 * `HELM_INDEX_NO_API_VERSION`, `HELM_INDEX_INVALID`, `HELM_INDEX_TOO_LARGE`.
 */
export class HelmIndexError extends GitOpsError {
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/**
 * Fetching from a Helm repository failed: the server refused the credentials (`HELM_AUTH`), answered
 * with another non-200 status (`HELM_HTTP`), could not be reached (`HELM_NETWORK`), sent a chart over
 * the size limit (`HELM_CHART_TOO_LARGE`), a chart whose digest differs from the index
 * (`HELM_CHART_DIGEST_MISMATCH`) or a package that is not a valid chart (`HELM_CHART_INVALID`).
 * Messages carry URLs without credentials and never a password or token.
 */
export class HelmRepositoryError extends GitOpsError {
  /** The URL concerned, without user info. */
  readonly url: string;
  /** The HTTP status, when the server answered. */
  readonly status?: number;

  constructor(code: string, message: string, options: { url: string; status?: number; cause?: unknown }) {
    super(code, message, { cause: options.cause });
    this.url = options.url;
    this.status = options.status;
  }
}

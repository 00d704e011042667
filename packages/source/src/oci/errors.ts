import { GitOpsError } from "@gitops-kit/core";

/**
 * A failure talking to an OCI registry or handling what it returned. `code` is one of:
 * `OCI_INVALID_REFERENCE` (a malformed URL, tag or digest), `OCI_INSECURE_NOT_ALLOWED` (plain HTTP to
 * a registry that is not on this machine), `OCI_AUTH` (credentials refused or missing),
 * `OCI_NOT_FOUND` (repository, manifest, tag or blob unknown), `OCI_HTTP` (any other error status),
 * `OCI_NETWORK` (no answer), `OCI_DIGEST_MISMATCH` (content does not hash to its digest),
 * `OCI_TOO_LARGE` (a manifest or blob over its limit), `OCI_INVALID_MANIFEST`, `OCI_NO_PLATFORM` (no
 * manifest of an index fits the platform), `OCI_LAYER_NOT_FOUND` (layerSelector matched nothing),
 * `OCI_NO_MATCHING_TAG` (no tag satisfies a semver range), `OCI_PUSH` (an upload was refused).
 * Messages name the reference without credentials and never carry a password or token.
 */
export class OciError extends GitOpsError {
  /** The reference or URL concerned (no credentials). */
  readonly reference: string;
  /** The HTTP status, when a registry answered. */
  readonly status?: number;

  constructor(
    code: string,
    message: string,
    options: { reference?: string; status?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.reference = options.reference ?? "";
    this.status = options.status;
  }
}

import { GitOpsError } from "@gitops-kit/core";

/**
 * A Bucket source failure. `code` is one of `BUCKET_NOT_FOUND`, `BUCKET_AUTH` (credentials refused),
 * `BUCKET_HTTP` (any other error answer; the S3 error code is in the message), `BUCKET_NETWORK`,
 * `BUCKET_INVALID_RESPONSE` (a listing that is not S3 XML), `BUCKET_UNSAFE_KEY` (an object key that
 * would leave the target directory), `BUCKET_KEY_CONFLICT` (a key that is both a file and a
 * directory), `BUCKET_TOO_LARGE` (an object over the size limit). Messages never carry secrets.
 */
export class BucketError extends GitOpsError {
  /** The bucket name. */
  readonly bucket: string;
  /** The object key concerned, if any. */
  readonly key?: string;
  /** The HTTP status, when the server answered. */
  readonly status?: number;

  constructor(
    code: string,
    message: string,
    options: { bucket: string; key?: string; status?: number; cause?: unknown },
  ) {
    super(code, message, { cause: options.cause });
    this.bucket = options.bucket;
    this.key = options.key;
    this.status = options.status;
  }
}

/**
 * Bucket sources (S3-compatible object storage). Node-only: request signing uses `aws4`, which needs
 * `node:crypto`. Exported from `@gitops-kit/source/node`.
 *
 * @module
 */
export { BucketError } from "./errors.js";
export {
  type BucketCredentialsFromSecretOptions,
  type BucketFetched,
  type BucketObservation,
  type BucketResult,
  type BucketUnchanged,
  bucketCredentialsFromSecret,
  bucketObjectPath,
  type FetchBucketOptions,
  fetchBucket,
} from "./repository.js";
export {
  decodeXmlText,
  encodeRfc3986,
  parseListObjectsV2,
  S3Client,
  type S3ClientOptions,
  type S3Credentials,
  type S3Object,
} from "./s3-client.js";
export {
  type BucketSpec,
  BucketSpecError,
  type BucketSpecInput,
  BucketSpecSchema,
  parseBucketSpec,
} from "./spec.js";

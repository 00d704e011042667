/**
 * The Flux `Bucket` API (`source.toolkit.fluxcd.io/v1`), decoded with zod with the CRD's patterns and
 * defaults (`provider: generic`, `timeout: 60s`).
 *
 * @module
 */
import { ValidationError } from "@gitops-kit/core";
import { z } from "zod";
import {
  firstIssueMessage,
  goDuration,
  INTERVAL_PATTERN,
  localRef,
  TIMEOUT_PATTERN,
} from "../spec-fields.js";

/** `spec` of a Bucket with Flux's defaults. */
export const BucketSpecSchema = z.object({
  provider: z.enum(["generic", "aws", "gcp", "azure"]).default("generic"),
  bucketName: z.string().min(1),
  endpoint: z.string().min(1),
  sts: z.unknown().optional(),
  insecure: z.boolean().optional(),
  region: z.string().optional(),
  prefix: z.string().optional(),
  secretRef: localRef.optional(),
  serviceAccountName: z.string().optional(),
  certSecretRef: localRef.optional(),
  proxySecretRef: localRef.optional(),
  /** Required by the CRD; not needed to fetch, so optional here. */
  interval: goDuration(INTERVAL_PATTERN).optional(),
  timeout: goDuration(TIMEOUT_PATTERN).default("60s"),
  ignore: z.string().optional(),
  suspend: z.boolean().optional(),
});

/** A decoded Bucket spec. */
export type BucketSpec = z.infer<typeof BucketSpecSchema>;
/** A Bucket spec as written. */
export type BucketSpecInput = z.input<typeof BucketSpecSchema>;

/** A spec that does not validate. `code` is `VALIDATION`; the message names the field. */
export class BucketSpecError extends ValidationError {}

/** Validate and default a Bucket spec. Throws {@link BucketSpecError}. */
export function parseBucketSpec(input: unknown): BucketSpec {
  const result = BucketSpecSchema.safeParse(input);
  if (!result.success) {
    throw new BucketSpecError(firstIssueMessage("Bucket", result.error), { cause: result.error });
  }
  return result.data;
}

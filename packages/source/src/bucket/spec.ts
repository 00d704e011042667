/**
 * The Flux `Bucket` API (`source.toolkit.fluxcd.io/v1`), decoded with zod with the CRD's patterns and
 * defaults (`provider: generic`, `timeout: 60s`).
 *
 * @module
 */
import { parseDuration, ValidationError } from "@gitops-kit/core";
import { z } from "zod";

const DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
const TIMEOUT = /^([0-9]+(\.[0-9]+)?(ms|s|m))+$/;

const duration = (pattern: RegExp) =>
  z.string().superRefine((value, ctx) => {
    if (!pattern.test(value)) {
      ctx.addIssue({ code: "custom", message: `should match '${pattern.source}'` });
      return;
    }
    try {
      parseDuration(value);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
    }
  });

const localRef = z.object({ name: z.string().min(1) });

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
  interval: duration(DURATION).optional(),
  timeout: duration(TIMEOUT).default("60s"),
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
    const issue = result.error.issues[0];
    const path = issue.path.length > 0 ? `spec.${issue.path.join(".")}` : "spec";
    throw new BucketSpecError(`Bucket ${path}: ${issue.message}`, { cause: result.error });
  }
  return result.data;
}

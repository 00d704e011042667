import { ValidationError } from "@gitops-kit/core";
import { z } from "zod";

/**
 * `spec.policy`: exactly one of the three is used (semver first, then alphabetical, then numerical).
 * `order` is kept as written (the CRD enum is `asc`/`desc`); the policer validates it with Flux's
 * message.
 */
export const ImagePolicyChoiceSchema = z.object({
  semver: z.object({ range: z.string() }).optional(),
  alphabetical: z.object({ order: z.string().optional() }).optional(),
  numerical: z.object({ order: z.string().optional() }).optional(),
});
export type ImagePolicyChoice = z.infer<typeof ImagePolicyChoiceSchema>;

/** `spec.filterTags`: a Go RE2 pattern (unanchored) and an optional `$name` / `${1}` template. */
export const TagFilterSchema = z.object({
  pattern: z.string().default(""),
  extract: z.string().default(""),
});
export type TagFilter = z.infer<typeof TagFilterSchema>;

/** An image reference as reported in `status.latestRef`. */
export const ImageRefSchema = z.object({
  name: z.string(),
  tag: z.string(),
  digest: z.string().optional(),
});
export type ImageRef = z.infer<typeof ImageRefSchema>;

/** ImagePolicy `image.toolkit.fluxcd.io/v1beta2` (and `v1`, same fields). */
export const ImagePolicySchema = z.object({
  apiVersion: z.enum(["image.toolkit.fluxcd.io/v1beta2", "image.toolkit.fluxcd.io/v1"]),
  kind: z.literal("ImagePolicy"),
  metadata: z.object({
    name: z.string().min(1),
    namespace: z.string().default("default"),
  }),
  spec: z.object({
    imageRepositoryRef: z.object({ name: z.string().min(1), namespace: z.string().optional() }),
    policy: ImagePolicyChoiceSchema,
    filterTags: TagFilterSchema.optional(),
    digestReflectionPolicy: z.enum(["Never", "IfNotPresent", "Always"]).default("Never"),
    interval: z.string().optional(),
  }),
  status: z
    .object({
      latestRef: ImageRefSchema.optional(),
      observedPreviousRef: ImageRefSchema.optional(),
    })
    .optional(),
});
export type ImagePolicy = z.infer<typeof ImagePolicySchema>;

/** Parse and validate an ImagePolicy object; throws {@link ValidationError} naming the field at fault. */
export function parseImagePolicy(options: { object: unknown; file?: string }): ImagePolicy {
  const result = ImagePolicySchema.safeParse(options.object);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = options.file ? `${options.file}: ` : "";
    throw new ValidationError(`${where}ImagePolicy ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const policy = result.data;
  const { digestReflectionPolicy, interval } = policy.spec;
  // Flux's CEL rules: interval only with Always, and Always needs an interval.
  if (digestReflectionPolicy === "Always" && interval === undefined)
    throw new ValidationError(
      "ImagePolicy spec.interval: required when spec.digestReflectionPolicy is Always",
    );
  if (digestReflectionPolicy !== "Always" && interval !== undefined)
    throw new ValidationError(
      "ImagePolicy spec.interval: only allowed when spec.digestReflectionPolicy is Always",
    );
  return policy;
}

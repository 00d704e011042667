/**
 * The Flux `OCIRepository` API (`source.toolkit.fluxcd.io/v1`), decoded with zod with the CRD's
 * patterns, enums and defaults (`timeout: 60s`, `provider: generic`, `layerSelector.operation: extract`).
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

/** `spec.ref`: digest, then semver (with `semverFilter`), then tag; `latest` when none is set. */
export const OciRepositoryRefSchema = z.object({
  digest: z.string().optional(),
  semver: z.string().optional(),
  semverFilter: z.string().optional(),
  tag: z.string().optional(),
});

/** `spec.layerSelector`. */
export const OciLayerSelectorSchema = z.object({
  mediaType: z.string().optional(),
  operation: z.enum(["extract", "copy"]).optional(),
});

/** `spec` of an OCIRepository with Flux's defaults. */
export const OciRepositorySpecSchema = z.object({
  url: z.string().regex(/^oci:\/\/.*$/, "should match '^oci://.*$'"),
  ref: OciRepositoryRefSchema.optional(),
  layerSelector: OciLayerSelectorSchema.optional(),
  provider: z.enum(["generic", "aws", "azure", "gcp"]).default("generic"),
  secretRef: localRef.optional(),
  verify: z.unknown().optional(),
  serviceAccountName: z.string().optional(),
  certSecretRef: localRef.optional(),
  proxySecretRef: localRef.optional(),
  /** Required by the CRD; not needed to fetch, so optional here. */
  interval: goDuration(INTERVAL_PATTERN).optional(),
  timeout: goDuration(TIMEOUT_PATTERN).default("60s"),
  ignore: z.string().optional(),
  insecure: z.boolean().optional(),
  suspend: z.boolean().optional(),
});

/** A decoded OCIRepository spec. */
export type OciRepositorySpec = z.infer<typeof OciRepositorySpecSchema>;
/** An OCIRepository spec as written. */
export type OciRepositorySpecInput = z.input<typeof OciRepositorySpecSchema>;

/** A spec that does not validate. `code` is `VALIDATION`; the message names the field. */
export class OciRepositorySpecError extends ValidationError {}

/** Validate and default an OCIRepository spec. Throws {@link OciRepositorySpecError}. */
export function parseOciRepositorySpec(input: unknown): OciRepositorySpec {
  const result = OciRepositorySpecSchema.safeParse(input);
  if (!result.success) {
    throw new OciRepositorySpecError(firstIssueMessage("OCIRepository", result.error), {
      cause: result.error,
    });
  }
  const spec = result.data;
  const path = spec.url.slice("oci://".length);
  const lastSlash = path.lastIndexOf("/");
  const colon = path.indexOf(":", lastSlash + 1);
  if (lastSlash >= 0 && colon >= 0) {
    throw new OciRepositorySpecError(
      `OCIRepository spec.url: URL must not contain a tag; remove '${path.slice(colon)}'`,
    );
  }
  if (path.includes("@"))
    throw new OciRepositorySpecError("OCIRepository spec.url: URL must not contain a digest");
  return spec;
}

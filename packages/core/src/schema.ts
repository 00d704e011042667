/**
 * `@gitops-kit/core/schema`: zod pieces the Flux APIs share, for the packages that parse Flux objects.
 * A separate entry so that importing `@gitops-kit/core` does not load zod.
 *
 * - duration fields: the CRDs' `pattern`, then Go's `time.ParseDuration` on the value;
 * - kustomize's `Selector`, `Patch` and `Image` as Flux embeds them (`fluxcd/pkg/apis/kustomize`), in a
 *   Kustomization's spec and in a HelmRelease's post-renderers.
 *
 * @module
 */
import { z } from "zod";
import { errorMessage } from "./errors.js";
import { parseDuration } from "./flux/duration.js";

/** The CRDs' pattern for `spec.interval` and most other durations. */
export const INTERVAL_PATTERN = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
/** The source CRDs' pattern for `spec.timeout` (no hours). */
export const TIMEOUT_PATTERN = /^([0-9]+(\.[0-9]+)?(ms|s|m))+$/;

/** A string that matches the CRD's `pattern` and parses as a Go duration. */
export function goDuration(pattern: RegExp = INTERVAL_PATTERN) {
  return z.string().superRefine((value, ctx) => {
    if (!pattern.test(value)) {
      ctx.addIssue({ code: "custom", message: `should match '${pattern.source}'` });
      return;
    }
    try {
      parseDuration(value);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: errorMessage(err) });
    }
  });
}

/** A kustomize target selector (`fluxcd/pkg/apis/kustomize.Selector`). */
export const KustomizeSelectorSchema = z.object({
  group: z.string().optional(),
  version: z.string().optional(),
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  annotationSelector: z.string().optional(),
  labelSelector: z.string().optional(),
});
/** {@link KustomizeSelectorSchema}'s type. */
export type KustomizeSelector = z.infer<typeof KustomizeSelectorSchema>;

/** A strategic merge or JSON 6902 patch with an optional target (`kustomize.Patch`). */
export const KustomizePatchSchema = z.object({
  patch: z.string(),
  target: KustomizeSelectorSchema.optional(),
});

/** An image override (`kustomize.Image`). */
export const KustomizeImageSchema = z.object({
  name: z.string(),
  newName: z.string().optional(),
  newTag: z.string().optional(),
  digest: z.string().optional(),
});

/** Drift or diff paths to ignore on the objects a selector picks (`spec.*.ignore[]`). */
export const IgnoreRuleSchema = z.object({
  paths: z.array(z.string()),
  target: KustomizeSelectorSchema.optional(),
});

/**
 * The first issue of a failed parse of `object`, worded as the API server words CRD validation errors
 * (`spec.interval: Invalid value: "1x": should match '…'`, `spec.kind: Unsupported value: "X":
 * supported values: "A", "B"`, `spec.chart: Required value`), with the field path on its own (empty
 * when the issue is about the object itself).
 */
export function describeFirstIssue(object: unknown, error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = formatIssuePath(issue?.path ?? []);
  const value = valueAt(object, issue?.path ?? []);
  const scalar = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
  const shown = scalar ? `Invalid value: ${JSON.stringify(value)}: ` : "";
  let text: string;
  switch (issue?.code) {
    case "invalid_type":
      text = value === undefined ? "Required value" : `${shown}expected ${issue.expected}`;
      break;
    case "invalid_value":
      text = `Unsupported value: ${scalar ? `${JSON.stringify(value)}: ` : ""}supported values: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
      break;
    case "too_small":
      text = `${shown}should be at least ${issue.minimum} chars long`;
      break;
    case "too_big":
      text = `${shown}may not be more than ${issue.maximum} bytes long`;
      break;
    default:
      text = `${shown}${issue?.message ?? "invalid"}`;
  }
  return { field, message: field ? `${field}: ${text}` : text };
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/**
 * Schema pieces every Flux source kind shares (`source.toolkit.fluxcd.io/v1` CRDs): the interval and
 * timeout patterns, Go-duration checking, local object references.
 *
 * @module
 */
import { parseDuration } from "@gitops-kit/core";
import { z } from "zod";

/** The CRDs' pattern for `spec.interval`. */
export const INTERVAL_PATTERN = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
/** The CRDs' pattern for `spec.timeout` (no hours). */
export const TIMEOUT_PATTERN = /^([0-9]+(\.[0-9]+)?(ms|s|m))+$/;

/** A string that matches the CRD's `pattern` and parses as a Go duration. */
export const goDuration = (pattern: RegExp) =>
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

/** A reference to an object in the source's namespace (`secretRef`, `certSecretRef`, ...). */
export const localRef = z.object({ name: z.string().min(1) });

/** `Kind spec.field: message` for the first issue of a failed parse. */
export function firstIssueMessage(kind: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length > 0 ? `spec.${issue.path.join(".")}` : "spec";
  return `${kind} ${path}: ${issue.message}`;
}

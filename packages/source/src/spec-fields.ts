/**
 * Schema pieces every Flux source kind shares (`source.toolkit.fluxcd.io/v1` CRDs): the interval and
 * timeout durations (shared with the other Flux APIs in `@gitops-kit/core/schema`), local object
 * references, first-issue messages.
 *
 * @module
 */
import { z } from "zod";

export { goDuration, INTERVAL_PATTERN, TIMEOUT_PATTERN } from "@gitops-kit/core/schema";

/** A reference to an object in the source's namespace (`secretRef`, `certSecretRef`, ...). */
export const localRef = z.object({ name: z.string().min(1) });

/** `Kind spec.field: message` for the first issue of a failed parse. */
export function firstIssueMessage(kind: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length > 0 ? `spec.${issue.path.join(".")}` : "spec";
  return `${kind} ${path}: ${issue.message}`;
}

import { compileGoRegexp, type GoRegexp, RegexpError } from "@gitops-kit/core";
import { compareGoStrings } from "@gitops-kit/template";
import { ImagePolicyError } from "../errors.js";
import type { ImageRef } from "./schema.js";

/** Flux's default `spec.exclusionList`: cosign signature tags. */
export const DEFAULT_EXCLUSION_LIST: readonly string[] = ["^.*\\.sig$"];

/**
 * Drop the tags matching any pattern of the exclusion list (unanchored Go RE2 search), keeping the
 * rest in order. An empty or absent list means {@link DEFAULT_EXCLUSION_LIST}; a non-empty list replaces
 * it. Throws {@link ImagePolicyError} naming the pattern that does not compile.
 */
export function excludeTags(options: {
  tags: readonly string[];
  exclusionList?: readonly string[];
}): string[] {
  const list =
    options.exclusionList && options.exclusionList.length > 0
      ? options.exclusionList
      : DEFAULT_EXCLUSION_LIST;
  const patterns: GoRegexp[] = list.map((p, i) => {
    try {
      return compileGoRegexp(p);
    } catch (err) {
      if (!(err instanceof RegexpError)) throw err;
      throw new ImagePolicyError(`failed to compile regex ${p}: ${err.message}`, `spec.exclusionList[${i}]`, {
        cause: err,
      });
    }
  });
  return options.tags.filter((tag) => !patterns.some((re) => re.matchString(tag)));
}

/**
 * `status.lastScanResult.latestTags`: the tags sorted descending by byte-wise string comparison (not
 * semver-aware), the first 10.
 */
export function latestTags(options: { tags: readonly string[]; limit?: number }): string[] {
  return [...options.tags].sort((a, b) => compareGoStrings(b, a)).slice(0, options.limit ?? 10);
}

/** `ImageRef.String()`: `name:tag`, plus `@digest` when there is one. */
export function imageRefString(ref: ImageRef): string {
  return `${ref.name}:${ref.tag}${ref.digest ? `@${ref.digest}` : ""}`;
}

/**
 * The ImagePolicy Ready message: `Latest image tag for <name> resolved to <tag>`, ` with digest <d>`
 * when there is one, and ` (previously <ref>)` when the previous ref differs.
 */
export function imagePolicyReadyMessage(options: {
  latestRef: ImageRef;
  observedPreviousRef?: ImageRef | null;
}): string {
  const { latestRef: latest, observedPreviousRef: prev } = options;
  let message = `Latest image tag for ${latest.name} resolved to ${latest.tag}`;
  if (latest.digest) message += ` with digest ${latest.digest}`;
  if (
    prev &&
    (prev.name !== latest.name || prev.tag !== latest.tag || (prev.digest ?? "") !== (latest.digest ?? ""))
  )
    message += ` (previously ${imageRefString(prev)})`;
  return message;
}

import { type SemverVersion, tryParseSemver } from "@gitops-kit/core";

/**
 * Flux's image tag version parser (fluxcd/pkg `version.ParseVersion`): the tag must have at least two
 * dots (so `1.0`, `v1` and `2` are never versions), then pass Masterminds' lenient parser (lower-case
 * `v` prefix, leading zeros allowed). `undefined` when the tag is not a version.
 */
export function parseTagVersion(tag: string): SemverVersion | undefined {
  const first = tag.indexOf(".");
  if (first < 0 || tag.indexOf(".", first + 1) < 0) return undefined;
  const result = tryParseSemver(tag);
  return result.ok ? result.version : undefined;
}

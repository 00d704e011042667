import { SemverVersion, tryParseSemver } from "@gitops-kit/core";

// The common shape (`[v]X.Y.Z`, no pre-release or metadata), read without the general parser.
const PLAIN = /^v?([0-9]{1,15})\.([0-9]{1,15})\.([0-9]{1,15})$/;

/**
 * Flux's image tag version parser (fluxcd/pkg `version.ParseVersion`): the tag must have at least two
 * dots (so `1.0`, `v1` and `2` are never versions), then pass Masterminds' lenient parser (lower-case
 * `v` prefix, leading zeros allowed). `undefined` when the tag is not a version.
 */
export function parseTagVersion(tag: string): SemverVersion | undefined {
  const plain = PLAIN.exec(tag);
  if (plain) {
    return new SemverVersion({
      major: BigInt(plain[1]),
      minor: BigInt(plain[2]),
      patch: BigInt(plain[3]),
      original: tag,
    });
  }
  const first = tag.indexOf(".");
  if (first < 0 || tag.indexOf(".", first + 1) < 0) return undefined;
  const result = tryParseSemver(tag);
  return result.ok ? result.version : undefined;
}

import { SemverVersion, tryParseSemver } from "@gitops-kit/core";

/**
 * Reads the common tag shape `[v]X.Y.Z` (each part 1 to 15 digits, so exact as a double; no pre-release
 * or metadata) into `out[0..2]` without allocating. `false`, with `out` unspecified, for anything else.
 */
export function readPlainVersion(s: string, out: Float64Array): boolean {
  const n = s.length;
  let i = s.charCodeAt(0) === 118 ? 1 : 0; // "v"
  for (let part = 0; part < 3; part++) {
    const start = i;
    let value = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
    }
    if (i === start || i - start > 15) return false;
    out[part] = value;
    if (part < 2) {
      if (s.charCodeAt(i) !== 46) return false; // "."
      i++;
    }
  }
  return i === n;
}

const scratch = new Float64Array(3);

/**
 * Flux's image tag version parser (fluxcd/pkg `version.ParseVersion`): the tag must have at least two
 * dots (so `1.0`, `v1` and `2` are never versions), then pass Masterminds' lenient parser (lower-case
 * `v` prefix, leading zeros allowed). `undefined` when the tag is not a version.
 */
export function parseTagVersion(tag: string): SemverVersion | undefined {
  if (readPlainVersion(tag, scratch)) {
    return new SemverVersion({
      major: BigInt(scratch[0]),
      minor: BigInt(scratch[1]),
      patch: BigInt(scratch[2]),
      original: tag,
    });
  }
  const first = tag.indexOf(".");
  if (first < 0 || tag.indexOf(".", first + 1) < 0) return undefined;
  const result = tryParseSemver(tag);
  return result.ok ? result.version : undefined;
}

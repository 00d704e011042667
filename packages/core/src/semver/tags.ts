import { parseSemverConstraint, type SemverConstraint } from "./constraint.js";
import { SemverError } from "./errors.js";
import {
  compareSemver,
  type SemverParseResult,
  type SemverVersion,
  tryParseSemver,
  tryParseStrictSemver,
} from "./version.js";

/**
 * Flux's image-policy version parser (fluxcd/pkg `version.ParseVersion`): the tag, less one leading `v`,
 * must be a strict semantic version; the version itself is then read leniently from the full tag. So
 * `v1.2.3` is accepted but `1.2`, `v1` and `01.2.3` are not.
 */
export function tryParseFluxSemver(tag: string): SemverParseResult {
  const strict = tryParseStrictSemver(tag.startsWith("v") ? tag.slice(1) : tag);
  if (!strict.ok) return strict;
  return tryParseSemver(tag);
}

/** {@link tryParseFluxSemver} that throws {@link SemverError}. */
export function parseFluxSemver(tag: string): SemverVersion {
  const result = tryParseFluxSemver(tag);
  if (!result.ok) throw new SemverError("version", result.message, tag);
  return result.version;
}

/** Which parser decides whether a tag is a version. */
export type SemverTagParser = "lenient" | "flux";

/** A tag that parsed, with its version. */
export interface SemverTag {
  tag: string;
  version: SemverVersion;
}

/** Result of {@link sortSemverTags}. */
export interface SortedSemverTags {
  /** Tags that parse, ascending by precedence; equal-precedence tags keep their input order. */
  sorted: string[];
  /** Tags that do not parse, in input order. */
  invalid: string[];
}

function parseTags(
  tags: Iterable<string>,
  parser: SemverTagParser,
): { valid: SemverTag[]; invalid: string[] } {
  const parse = parser === "flux" ? tryParseFluxSemver : tryParseSemver;
  const valid: SemverTag[] = [];
  const invalid: string[] = [];
  for (const tag of tags) {
    const result = parse(tag);
    if (result.ok) valid.push({ tag, version: result.version });
    else invalid.push(tag);
  }
  return { valid, invalid };
}

/**
 * Split tags into versions and the rest, and sort the versions ascending (stable, so `1.0.0`,
 * `v1.0.0` and `1.0.0+b` keep their relative order). `parser: "flux"` uses Flux's stricter parser;
 * the default is Masterminds' lenient `NewVersion`.
 */
export function sortSemverTags(options: {
  tags: Iterable<string>;
  parser?: SemverTagParser;
}): SortedSemverTags {
  const { valid, invalid } = parseTags(options.tags, options.parser ?? "lenient");
  // Array.prototype.sort is stable.
  valid.sort((a, b) => compareSemver(a.version, b.version));
  return { sorted: valid.map((t) => t.tag), invalid };
}

/**
 * The tag Flux's SemVer ImagePolicy selects: among tags Flux's parser accepts and the constraint admits,
 * the highest version; among equal-precedence tags the first one in input order. `undefined` when none
 * qualifies. Throws {@link SemverError} when the constraint text is invalid.
 */
export function latestSemverTag(options: {
  tags: Iterable<string>;
  constraint: string | SemverConstraint;
}): string | undefined {
  const constraint =
    typeof options.constraint === "string" ? parseSemverConstraint(options.constraint) : options.constraint;
  let best: SemverTag | undefined;
  for (const tag of parseTags(options.tags, "flux").valid) {
    if (!constraint.check(tag.version)) continue;
    if (best === undefined || compareSemver(tag.version, best.version) > 0) best = tag;
  }
  return best?.tag;
}

export {
  parseSemverConstraint,
  SemverConstraint,
  type SemverOperator,
  type SemverTerm,
  type SemverValidation,
} from "./constraint.js";
export { SEMVER_MESSAGES, SemverError, type SemverErrorKind } from "./errors.js";
export {
  latestSemverTag,
  parseFluxSemver,
  type SemverTag,
  type SemverTagParser,
  type SortedSemverTags,
  sortSemverTags,
  tryParseFluxSemver,
} from "./tags.js";
export {
  comparePrerelease,
  compareSemver,
  parseSemver,
  parseStrictSemver,
  type SemverParseResult,
  SemverVersion,
  tryParseSemver,
  tryParseStrictSemver,
} from "./version.js";

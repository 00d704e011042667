export { globMatch, isValidGlob } from "./glob.js";
export {
  type IgnorePattern,
  isIgnored,
  matchPattern,
  type PatternResult,
  parseIgnorePattern,
} from "./pattern.js";
export {
  defaultIgnorePatterns,
  EXCLUDE_CI,
  EXCLUDE_EXT,
  EXCLUDE_EXTRA,
  EXCLUDE_VCS,
  type LoadIgnorePatternsOptions,
  loadIgnorePatterns,
  readIgnorePatterns,
  SOURCE_IGNORE_FILE,
} from "./sourceignore.js";

export { globMatch, isValidGlob } from "./glob.js";
export {
  type IgnorePattern,
  isIgnored,
  matchPattern,
  type PatternResult,
  parseIgnorePattern,
} from "./pattern.js";
export {
  bucketIgnoreFilter,
  defaultIgnorePatterns,
  EXCLUDE_CI,
  EXCLUDE_EXT,
  EXCLUDE_EXTRA,
  EXCLUDE_VCS,
  type IgnoreFilter,
  loadIgnorePatterns,
  readIgnorePatterns,
  SOURCE_IGNORE_FILE,
  sourceIgnoreFilter,
  sourceTreeIgnoreFilter,
} from "./source-ignore.js";

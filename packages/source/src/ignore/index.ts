export {
  defaultIgnorePatterns,
  EXCLUDE_CI,
  EXCLUDE_EXT,
  EXCLUDE_EXTRA,
  EXCLUDE_VCS,
  globMatch,
  type IgnorePattern,
  isIgnored,
  isValidGlob,
  loadIgnorePatterns,
  matchPattern,
  type PatternResult,
  parseIgnorePattern,
  readIgnorePatterns,
  SOURCE_IGNORE_FILE,
} from "@gitops-kit/core";
export {
  bucketIgnoreFilter,
  type IgnoreFilter,
  sourceIgnoreFilter,
  sourceTreeIgnoreFilter,
} from "./source-ignore.js";

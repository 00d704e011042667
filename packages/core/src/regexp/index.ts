export {
  compileGoRegexp,
  GoRegexp,
  type GoRegexpOptions,
  quoteMeta,
  RegexpError,
  type SubmatchIndex,
} from "./compile.js";
export { expandTemplate } from "./expand.js";
export { type FilterTagsOptions, filterTags } from "./filter-tags.js";

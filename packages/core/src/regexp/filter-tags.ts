import { compileGoRegexp, type GoRegexp, type GoRegexpOptions } from "./compile.js";

/** Options for {@link filterTags}. */
export interface FilterTagsOptions extends GoRegexpOptions {
  /** Tags in the order they were listed. */
  tags: Iterable<string>;
  /** A Go regexp (string or compiled); a tag is kept when it matches anywhere. */
  pattern: string | GoRegexp;
  /** Optional `$name` / `${1}` template; a kept tag is represented by the expansion instead of itself. */
  extract?: string;
}

/**
 * Flux ImagePolicy `filterTags`: keep the tags matching `pattern`, keyed by what `extract` expands to
 * (the tag itself when `extract` is empty). Several tags can extract to the same key; the later tag
 * wins, while the key keeps its first-seen position in the map's iteration order. Throws
 * `RegexpError` when the pattern is invalid.
 */
export function filterTags(options: FilterTagsOptions): Map<string, string> {
  const re =
    typeof options.pattern === "string" ? compileGoRegexp(options.pattern, options) : options.pattern;
  const extract = options.extract ?? "";
  const kept = new Map<string, string>();
  for (const tag of options.tags) {
    const match = re.findStringSubmatchIndex(tag);
    if (match === undefined) continue;
    kept.set(extract === "" ? tag : re.expandString(extract, tag, match), tag);
  }
  return kept;
}

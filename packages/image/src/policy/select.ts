import { compileGoRegexp, filterTags, type GoRegexp, RegexpError } from "@gitops-kit/core";
import { ImagePolicyError } from "../errors.js";
import { compileExpander } from "./expand.js";
import { nativeInputOk, translateGoPattern } from "./native-pattern.js";
import { createPolicer } from "./policer.js";
import type { ImagePolicyChoice, TagFilter } from "./schema.js";

/** Options for {@link selectLatestTag}. */
export interface SelectLatestTagOptions {
  /** Tags in the order the registry listed them (after the ImageRepository exclusion list). */
  tags: readonly string[];
  /** `spec.policy`. */
  policy: ImagePolicyChoice;
  /** `spec.filterTags`. */
  filterTags?: Partial<TagFilter>;
}

/**
 * The tag an ImagePolicy selects (Flux `applyPolicy`): the policy runs on the tags, or on the values
 * `filterTags.extract` gives for the tags `filterTags.pattern` matches, and the winner is mapped back to
 * its original tag. Throws {@link ImagePolicyError} for an invalid policy or pattern and
 * `ImageSelectionError` when nothing can be selected.
 */
export function selectLatestTag(options: SelectLatestTagOptions): string {
  const policer = createPolicer({ policy: options.policy });
  const filter = options.filterTags;
  if (filter === undefined) return policer.latest(options.tags);
  const byValue = filterTagValues(options.tags, filter);
  const winner = policer.latest([...byValue.keys()]);
  return byValue.get(winner) as string;
}

/**
 * Extracted value → original tag (a later tag wins a shared value; keys keep first-seen order), through
 * the native fast path for the tags it can handle and RE2 for the rest.
 */
function filterTagValues(tags: readonly string[], filter: Partial<TagFilter>): Map<string, string> {
  const source = filter.pattern ?? "";
  const extract = filter.extract ?? "";
  const pattern = compileTagPattern(source);
  const translated = translateGoPattern(source);
  if (translated === undefined) return filterTags({ tags, pattern, extract });
  const native = new RegExp(translated);
  const expand = compileExpander(extract, pattern.subexpNames);
  const kept = new Map<string, string>();
  for (const tag of tags) {
    if (!nativeInputOk(tag)) {
      const match = pattern.findStringSubmatchIndex(tag);
      if (match !== undefined)
        kept.set(extract === "" ? tag : pattern.expandString(extract, tag, match), tag);
      continue;
    }
    const m = native.exec(tag);
    if (m === null) continue;
    kept.set(extract === "" ? tag : expand(m), tag);
  }
  return kept;
}

function compileTagPattern(pattern: string): GoRegexp {
  try {
    return compileGoRegexp(pattern);
  } catch (err) {
    if (!(err instanceof RegexpError)) throw err;
    throw new ImagePolicyError(
      `invalid regular expression pattern '${pattern}': ${err.message}`,
      "spec.filterTags.pattern",
      { cause: err },
    );
  }
}

/**
 * The values `filterTags` hands to the policy (extracted values, or the tags themselves), in first-seen
 * order. Throws {@link ImagePolicyError} for an invalid pattern.
 */
export function filteredTagValues(options: {
  tags: readonly string[];
  filterTags: Partial<TagFilter>;
}): string[] {
  return [...filterTagValues(options.tags, options.filterTags).keys()];
}

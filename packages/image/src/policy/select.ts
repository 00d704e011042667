import { compileGoRegexp, type GoRegexp, RegexpError } from "@gitops-kit/core";
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
  // Flux hands the policy each extracted value once and maps the winner back to the last tag that gave
  // it. Semver and alphabetical replace their pick only with a strictly better value, so the values can
  // stream through as they come, repeats and all (no 100 000-entry map): the pick's first sighting is
  // when it became the pick, and later sightings of the same text move its tag along.
  const picker = policer.picker?.();
  if (picker) {
    let winnerTag = "";
    forEachTagValue(options.tags, filter, (value, tag) => {
      picker.offer(value);
      if (picker.best === value) winnerTag = tag;
    });
    picker.finish();
    return winnerTag;
  }
  // Numerical keeps the last of equal values, so it gets each value once, in first-seen order (a map
  // keeps a key where it was first set, with the last tag set for it).
  const byValue = tagsByValue(options.tags, filter);
  return byValue.get(policer.latest([...byValue.keys()])) as string;
}

/** Value → the last tag that gave it, keys in first-seen order. */
function tagsByValue(tags: readonly string[], filter: Partial<TagFilter>): Map<string, string> {
  const byValue = new Map<string, string>();
  forEachTagValue(tags, filter, (value, tag) => {
    byValue.set(value, tag);
  });
  return byValue;
}

/**
 * Calls `visit` with the value each matching tag gives, in tag order, repeats included, through the
 * native fast path for the tags it can handle and RE2 for the rest.
 */
function forEachTagValue(
  tags: readonly string[],
  filter: Partial<TagFilter>,
  visit: (value: string, tag: string) => void,
): void {
  const source = filter.pattern ?? "";
  const extract = filter.extract ?? "";
  const pattern = compileTagPattern(source);
  const visitWithRe2 = (tag: string) => {
    const match = pattern.findStringSubmatchIndex(tag);
    if (match !== undefined) visit(extract === "" ? tag : pattern.expandString(extract, tag, match), tag);
  };
  const translated = translateGoPattern(source);
  if (translated === undefined) {
    for (const tag of tags) visitWithRe2(tag);
    return;
  }
  const native = new RegExp(translated.source, translated.flags);
  const expand = compileExpander(extract, pattern.subexpNames);
  for (const tag of tags) {
    if (!nativeInputOk(tag)) {
      visitWithRe2(tag);
      continue;
    }
    if (extract === "") {
      if (native.test(tag)) visit(tag, tag);
      continue;
    }
    const m = native.exec(tag);
    if (m !== null) visit(expand(m), tag);
  }
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
  return [...tagsByValue(options.tags, options.filterTags).keys()];
}

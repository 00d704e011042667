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
  const { values, tags } = filterTagValues(options.tags, filter);
  // Flux hands the policy each extracted value once. Semver and alphabetical replace their pick only with
  // a strictly greater value, so repeats cannot change their answer and the list (with repeats) goes as
  // is, sparing a 100 000-key map; numerical keeps the last of equal values, so it gets each value once,
  // in first-seen order.
  const winner = policer.latest(policer.kind === "numerical" ? [...new Set(values)] : values);
  // The winner maps back to the last tag that gave it, as Flux's value → tag map does.
  for (let i = values.length - 1; i >= 0; i--) if (values[i] === winner) return tags[i];
  return winner;
}

/**
 * The value each matching tag gives (`values[i]` from `tags[i]`, in tag order, repeats included), through
 * the native fast path for the tags it can handle and RE2 for the rest.
 */
function filterTagValues(
  tags: readonly string[],
  filter: Partial<TagFilter>,
): { values: string[]; tags: string[] } {
  const source = filter.pattern ?? "";
  const extract = filter.extract ?? "";
  const pattern = compileTagPattern(source);
  const values: string[] = [];
  const kept: string[] = [];
  const translated = translateGoPattern(source);
  if (translated === undefined) {
    for (const [value, tag] of filterTags({ tags, pattern, extract })) {
      values.push(value);
      kept.push(tag);
    }
    return { values, tags: kept };
  }
  const native = new RegExp(translated);
  const expand = compileExpander(extract, pattern.subexpNames);
  for (const tag of tags) {
    if (!nativeInputOk(tag)) {
      const match = pattern.findStringSubmatchIndex(tag);
      if (match === undefined) continue;
      values.push(extract === "" ? tag : pattern.expandString(extract, tag, match));
      kept.push(tag);
      continue;
    }
    const m = native.exec(tag);
    if (m === null) continue;
    values.push(extract === "" ? tag : expand(m));
    kept.push(tag);
  }
  return { values, tags: kept };
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
  return [...new Set(filterTagValues(options.tags, options.filterTags).values)];
}

import { compileGoRegexp, filterTags, type GoRegexp, RegexpError } from "@gitops-kit/core";
import { ImagePolicyError } from "../errors.js";
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
  const pattern = compileTagPattern(filter.pattern ?? "");
  const byValue = filterTags({ tags: options.tags, pattern, extract: filter.extract ?? "" });
  const winner = policer.latest([...byValue.keys()]);
  return byValue.get(winner) as string;
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
  const pattern = compileTagPattern(options.filterTags.pattern ?? "");
  return [...filterTags({ tags: options.tags, pattern, extract: options.filterTags.extract ?? "" }).keys()];
}

/**
 * source-controller's ignore rules: `.sourceignore` files (in every directory of a Git or OCI source,
 * only the root object of a Bucket), `spec.ignore`, and the default patterns that apply when neither
 * gives any pattern. The gitignore matcher and the `.sourceignore` reader are core's (shared with
 * `flux build kustomization`); what is here is how source-controller combines them.
 *
 * @module
 */
import {
  defaultIgnorePatterns,
  EXCLUDE_VCS,
  type FileSystem,
  type IgnorePattern,
  isIgnored,
  loadIgnorePatterns,
  parseIgnorePattern,
  readIgnorePatterns,
  SOURCE_IGNORE_FILE,
} from "@gitops-kit/core";

export { SOURCE_IGNORE_FILE };

/**
 * Decides whether a path (relative to the source root, `/`-separated) is left out of the artifact.
 * `prunable` is true when nothing below an ignored directory can be re-included (no `!` pattern), so
 * a walker may skip the whole subtree.
 */
export type IgnoreFilter = ((path: string, isDir: boolean) => boolean) & { prunable?: boolean };

function patternsOf(list: readonly string[]): IgnorePattern[] {
  return list.map((p) => parseIgnorePattern(p));
}

/**
 * The filter a GitRepository or OCIRepository (extract) archive is built with: with no patterns at all
 * the full default set applies; with any pattern only the VCS defaults are kept before them.
 */
export function sourceIgnoreFilter(patterns: readonly IgnorePattern[]): IgnoreFilter {
  const all = patterns.length === 0 ? defaultIgnorePatterns() : [...patternsOf(EXCLUDE_VCS), ...patterns];
  const filter: IgnoreFilter = (path, isDir) => isIgnored(all, splitPath(path), isDir);
  // Without negations, a path below an ignored directory is always ignored too (matching is prefix-monotone).
  filter.prunable = all.every((p) => !p.negated);
  return filter;
}

/**
 * The ignore filter of a Git or OCI source tree: `.sourceignore` files under `dir`, then `spec.ignore`
 * (which therefore takes precedence), then the defaults rule of {@link sourceIgnoreFilter}.
 */
export function sourceTreeIgnoreFilter(options: {
  fs: FileSystem;
  dir: string;
  ignore?: string;
}): IgnoreFilter {
  const patterns = loadIgnorePatterns(options);
  if (options.ignore !== undefined) patterns.push(...readIgnorePatterns(options.ignore));
  return sourceIgnoreFilter(patterns);
}

/**
 * The key filter of a Bucket: only the root `.sourceignore` object and `spec.ignore` (no defaults, not
 * even VCS). Keys ending in `/` and the root `.sourceignore` itself are always left out.
 */
export function bucketIgnoreFilter(options: {
  sourceIgnore?: string;
  ignore?: string;
}): (key: string) => boolean {
  const patterns = [
    ...readIgnorePatterns(options.sourceIgnore ?? ""),
    ...readIgnorePatterns(options.ignore ?? ""),
  ];
  return (key) =>
    key.endsWith("/") || key === SOURCE_IGNORE_FILE || isIgnored(patterns, key.split("/"), false);
}

function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s !== "" && s !== ".");
}

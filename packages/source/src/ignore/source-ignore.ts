/**
 * source-controller's ignore rules: `.sourceignore` files (in every directory of a Git or OCI source,
 * only the root object of a Bucket), `spec.ignore`, and the default patterns that apply when neither
 * gives any pattern.
 *
 * @module
 */
import { type FileSystem, posixPath } from "@gitops-kit/core";
import { type IgnorePattern, isIgnored, parseIgnorePattern } from "./pattern.js";

/** The ignore file name. */
export const SOURCE_IGNORE_FILE = ".sourceignore";

/** Always excluded from Git and OCI artifacts. */
export const EXCLUDE_VCS = [".git/", ".gitignore", ".gitmodules", ".gitattributes"] as const;
/** Excluded by default: archives and images. */
export const EXCLUDE_EXT = [
  "*.jpg",
  "*.jpeg",
  "*.gif",
  "*.png",
  "*.wmv",
  "*.flv",
  "*.tar.gz",
  "*.zip",
] as const;
/** Excluded by default: CI configuration. */
export const EXCLUDE_CI = [
  ".github/",
  ".circleci/",
  ".travis.yml",
  ".gitlab-ci.yml",
  "appveyor.yml",
  ".drone.yml",
  "cloudbuild.yaml",
  "codeship-services.yml",
  "codeship-steps.yml",
] as const;
/** Excluded by default: tool configuration anywhere in the tree. */
export const EXCLUDE_EXTRA = ["**/.goreleaser.yml", "**/.sops.yaml", "**/.flux.yaml"] as const;

/** Longest line a `.sourceignore` may have; reading stops at a longer one (Go's line scanner limit). */
const MAX_LINE_BYTES = 64 * 1024 - 1;

/** A line of only white space as Go's `unicode.IsSpace` sees it (JavaScript's `trim` differs). */
const GO_BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/**
 * Parse ignore text (a `.sourceignore` file or `spec.ignore`): one pattern per line; lines starting
 * with `#` and blank lines are skipped; `\r\n` line ends are accepted. `domain` is the directory the
 * patterns apply below, as segments (`[]` for the root).
 */
export function readIgnorePatterns(text: string, domain: readonly string[] = []): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (let line of lines) {
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.length > MAX_LINE_BYTES / 4 && new TextEncoder().encode(line).length > MAX_LINE_BYTES) break;
    if (line.startsWith("#") || GO_BLANK.test(line)) continue;
    patterns.push(parseIgnorePattern(line, domain));
  }
  return patterns;
}

/**
 * Load `.sourceignore` from `dir` and, depth first in name order, from every sub-directory except
 * `.git` (symbolic links are not followed). Each file's patterns apply below its own directory.
 */
export function loadIgnorePatterns(options: { fs: FileSystem; dir: string }): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  const visit = (abs: string, domain: string[]): void => {
    const file = posixPath.join(abs, SOURCE_IGNORE_FILE);
    if (isFile(options.fs, file)) out.push(...readIgnorePatterns(options.fs.readFile(file, "utf8"), domain));
    for (const name of options.fs.readdir(abs)) {
      if (name === ".git") continue;
      const child = posixPath.join(abs, name);
      if (options.fs.lstat(child).isDirectory()) visit(child, [...domain, name]);
    }
  };
  visit(options.dir, []);
  return out;
}

function isFile(fs: FileSystem, path: string): boolean {
  try {
    return fs.stat(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Decides whether a path (relative to the source root, `/`-separated) is left out of the artifact.
 * `prunable` is true when nothing below an ignored directory can be re-included (no `!` pattern), so
 * a walker may skip the whole subtree.
 */
export type IgnoreFilter = ((path: string, isDir: boolean) => boolean) & { prunable?: boolean };

function patternsOf(list: readonly string[]): IgnorePattern[] {
  return list.map((p) => parseIgnorePattern(p));
}

/** Flux's default patterns, in order: VCS, extensions, CI, extra. */
export function defaultIgnorePatterns(): IgnorePattern[] {
  return patternsOf([...EXCLUDE_VCS, ...EXCLUDE_EXT, ...EXCLUDE_CI, ...EXCLUDE_EXTRA]);
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

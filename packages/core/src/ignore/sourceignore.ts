/**
 * Flux's `.sourceignore` files (fluxcd/pkg/sourceignore, which source-controller and `flux build
 * kustomization` both use): reading pattern text with Go's line scanner rules, loading every ignore
 * file of a tree, and Flux's default patterns.
 *
 * @module
 */
import type { FileSystem } from "../fs/index.js";
import * as posixPath from "../path.js";
import { type IgnorePattern, parseIgnorePattern } from "./pattern.js";

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

/** Options of {@link loadIgnorePatterns}. */
export interface LoadIgnorePatternsOptions {
  fs: FileSystem;
  /** The directory to read from. */
  dir: string;
  /**
   * The segments naming `dir` in the paths that will be matched (default `[]`: paths relative to
   * `dir`). `flux build kustomization` matches absolute paths, so it passes those of `dir`.
   */
  domain?: readonly string[];
}

/**
 * Load `.sourceignore` from `dir` and, depth first in name order, from every sub-directory except
 * `.git` (symbolic links are not followed). Each file's patterns apply below its own directory.
 */
export function loadIgnorePatterns(options: LoadIgnorePatternsOptions): IgnorePattern[] {
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
  visit(options.dir, [...(options.domain ?? [])]);
  return out;
}

function isFile(fs: FileSystem, path: string): boolean {
  try {
    return fs.stat(path).isFile();
  } catch {
    return false;
  }
}

/** Flux's default patterns, in order: VCS, extensions, CI, extra; bound to `domain` (default the root). */
export function defaultIgnorePatterns(domain: readonly string[] = []): IgnorePattern[] {
  return [...EXCLUDE_VCS, ...EXCLUDE_EXT, ...EXCLUDE_CI, ...EXCLUDE_EXTRA].map((p) =>
    parseIgnorePattern(p, domain),
  );
}

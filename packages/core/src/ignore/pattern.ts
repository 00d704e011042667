/**
 * Gitignore patterns as Flux evaluates them (its copy of go-git's matcher): each pattern has a domain
 * (the directory it was read in, as path segments) and only applies below it; the last pattern that
 * matches decides.
 *
 * @module
 */
import { globMatch } from "./glob.js";

/** Outcome of one pattern against one path. */
export type PatternResult = "none" | "exclude" | "include";

/** A parsed gitignore pattern. */
export interface IgnorePattern {
  /** Directory segments the pattern was read in (`[]` for the root). */
  readonly domain: readonly string[];
  /** The pattern split on `/` (a leading `/` gives a first empty segment). */
  readonly segments: readonly string[];
  /** Started with `!`: a match re-includes the path. */
  readonly negated: boolean;
  /** Ended with `/`: only matches directories (or paths below them). */
  readonly dirOnly: boolean;
  /** Contained a `/` (after removing the trailing one): matched against the whole relative path. */
  readonly anchored: boolean;
  /** The line as written, for messages. */
  readonly source: string;
}

/**
 * Parse one gitignore line (already known not to be blank or a comment). Trailing spaces are trimmed
 * unless escaped (`\ `); a leading `!` negates; a trailing `/` makes it directory-only.
 */
export function parseIgnorePattern(line: string, domain: readonly string[] = []): IgnorePattern {
  let p = line;
  let negated = false;
  if (p.startsWith("!")) {
    negated = true;
    p = p.slice(1);
  }
  if (!p.endsWith("\\ ")) p = p.replace(/ +$/, "");
  let dirOnly = false;
  if (p.endsWith("/")) {
    dirOnly = true;
    p = p.slice(0, -1);
  }
  return {
    domain: [...domain],
    segments: p.split("/"),
    negated,
    dirOnly,
    anchored: p.includes("/"),
    source: line,
  };
}

/** Match one pattern against a path given as segments (relative to the same root as its domain). */
export function matchPattern(pattern: IgnorePattern, path: readonly string[], isDir: boolean): PatternResult {
  const { domain } = pattern;
  if (path.length <= domain.length) return "none";
  for (let i = 0; i < domain.length; i++) if (path[i] !== domain[i]) return "none";
  const rel = path.slice(domain.length);
  const hit = pattern.anchored ? globPathMatch(pattern, rel, isDir) : nameMatch(pattern, rel, isDir);
  if (!hit) return "none";
  return pattern.negated ? "include" : "exclude";
}

/** A pattern without a slash matches any segment; directory-only ones not the final segment of a file. */
function nameMatch(pattern: IgnorePattern, path: readonly string[], isDir: boolean): boolean {
  const glob = pattern.segments[0];
  for (let i = 0; i < path.length; i++) {
    if (!globMatch(glob, path[i])) continue;
    return !(pattern.dirOnly && !isDir && i === path.length - 1);
  }
  return false;
}

/**
 * A pattern with a slash is matched segment by segment from the domain; `**` spans zero or more
 * segments and a trailing `**` everything below. A match may stop short of the path's end (the path
 * then lies inside a matched directory).
 */
function globPathMatch(pattern: IgnorePattern, path: readonly string[], isDir: boolean): boolean {
  let matched = false;
  let traverse = false;
  let rest = path;
  const segs = pattern.segments;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (seg === "") {
      traverse = false;
      continue;
    }
    if (seg === "**") {
      if (i === segs.length - 1) break;
      traverse = true;
      continue;
    }
    if (seg.includes("**")) return false;
    if (rest.length === 0) return false;
    if (traverse) {
      traverse = false;
      while (rest.length > 0) {
        const head = rest[0];
        rest = rest.slice(1);
        if (globMatch(seg, head)) {
          matched = true;
          break;
        }
        if (rest.length === 0) matched = false;
      }
    } else {
      if (!globMatch(seg, rest[0])) return false;
      matched = true;
      rest = rest.slice(1);
    }
  }
  if (matched && pattern.dirOnly && !isDir && rest.length === 0) matched = false;
  return matched;
}

/** Whether the last matching pattern excludes the path (later patterns take precedence). */
export function isIgnored(
  patterns: readonly IgnorePattern[],
  path: readonly string[],
  isDir: boolean,
): boolean {
  for (let i = patterns.length - 1; i >= 0; i--) {
    const result = matchPattern(patterns[i], path, isDir);
    if (result !== "none") return result === "exclude";
  }
  return false;
}

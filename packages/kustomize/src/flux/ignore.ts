/**
 * `.sourceignore` rules as Flux's kustomization generator applies them: gitignore-style patterns, each
 * bound to the directory (its "domain") whose ignore file declared it, matched last-to-first, with Go's
 * `filepath.Match` for each path element.
 *
 * @module
 */
import type { FileSystem } from "@gitops-kit/core";
import { posixPath } from "@gitops-kit/core";

/** The ignore file Flux reads in every directory of a source. */
export const SOURCE_IGNORE_FILE = ".sourceignore";

// Patterns Flux always adds in front of the user's when it filters (VCS files, binaries, CI files).
const DEFAULT_VCS = [".git/", ".gitignore", ".gitmodules", ".gitattributes"];
const DEFAULT_OTHERS = [
  "*.jpg",
  "*.jpeg",
  "*.gif",
  "*.png",
  "*.wmv",
  "*.flv",
  "*.tar.gz",
  "*.zip",
  ".github/",
  ".circleci/",
  ".travis.yml",
  ".gitlab-ci.yml",
  "appveyor.yml",
  ".drone.yml",
  "cloudbuild.yaml",
  "codeship-services.yml",
  "codeship-steps.yml",
  "**/.goreleaser.yml",
  "**/.sops.yaml",
  "**/.flux.yaml",
];

type MatchResult = "none" | "exclude" | "include";

/** One gitignore pattern, relative to the directory `domain` (path elements from the root). */
export class IgnorePattern {
  private readonly domain: readonly string[];
  private readonly elements: string[];
  private readonly inclusion: boolean;
  private readonly dirOnly: boolean;
  private readonly isGlob: boolean;

  constructor(text: string, domain: readonly string[]) {
    this.domain = [...domain];
    let p = text;
    this.inclusion = p.startsWith("!");
    if (this.inclusion) p = p.slice(1);
    if (!p.endsWith("\\ ")) p = p.replace(/ +$/, "");
    this.dirOnly = p.endsWith("/");
    if (this.dirOnly) p = p.slice(0, -1);
    this.isGlob = p.includes("/");
    this.elements = p.split("/");
  }

  /** Whether `path` (elements from the root) is excluded, re-included, or not concerned. */
  match(path: readonly string[], isDir: boolean): MatchResult {
    if (path.length <= this.domain.length) return "none";
    for (let i = 0; i < this.domain.length; i++) if (path[i] !== this.domain[i]) return "none";
    const rest = path.slice(this.domain.length);
    const hit = this.isGlob ? this.globMatch(rest, isDir) : this.nameMatch(rest, isDir);
    if (!hit) return "none";
    return this.inclusion ? "include" : "exclude";
  }

  private nameMatch(path: readonly string[], isDir: boolean): boolean {
    for (let i = 0; i < path.length; i++) {
      const m = goFilepathMatch(this.elements[0], path[i]);
      if (m !== true) {
        if (m === "bad") return false;
        continue;
      }
      // A directory-only pattern matching the last element needs that element to be a directory.
      return !(this.dirOnly && !isDir && i === path.length - 1);
    }
    return false;
  }

  private globMatch(pathIn: readonly string[], isDir: boolean): boolean {
    let path = pathIn;
    let matched = false;
    let canTraverse = false;
    for (let i = 0; i < this.elements.length; i++) {
      const element = this.elements[i];
      if (element === "") {
        canTraverse = false;
        continue;
      }
      if (element === "**") {
        if (i === this.elements.length - 1) break;
        canTraverse = true;
        continue;
      }
      if (element.includes("**")) return false;
      if (path.length === 0) return false;
      if (canTraverse) {
        canTraverse = false;
        while (path.length > 0) {
          const e = path[0];
          path = path.slice(1);
          const m = goFilepathMatch(element, e);
          if (m === "bad") return false;
          if (m) {
            matched = true;
            break;
          }
          if (path.length === 0) matched = false;
        }
      } else {
        if (goFilepathMatch(element, path[0]) !== true) return false;
        matched = true;
        path = path.slice(1);
      }
    }
    if (matched && this.dirOnly && !isDir && path.length === 0) matched = false;
    return matched;
  }
}

/** Patterns evaluated last to first: the last one that matches decides. */
export class IgnoreMatcher {
  constructor(private readonly patterns: readonly IgnorePattern[]) {}

  /** True when `path` (elements from the root, as `posixPath.split` gives them) is ignored. */
  ignores(path: readonly string[], isDir: boolean): boolean {
    for (let i = this.patterns.length - 1; i >= 0; i--) {
      const m = this.patterns[i].match(path, isDir);
      if (m !== "none") return m === "exclude";
    }
    return false;
  }
}

/** Parse ignore-file text (one pattern a line; blank lines and `#` comments skipped) for `domain`. */
export function readIgnorePatterns(text: string, domain: readonly string[]): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.startsWith("#") || line.trim() === "") continue;
    out.push(new IgnorePattern(line, domain));
  }
  return out;
}

/**
 * Every `.sourceignore` under `dir` (the file in `dir` first, then sub-directories depth first in name
 * order, `.git` skipped), each pattern bound to the directory holding its file.
 */
export function loadIgnorePatterns(fs: FileSystem, dir: string): IgnorePattern[] {
  const walk = (path: string, domain: string[]): IgnorePattern[] => {
    const file = posixPath.join(path, SOURCE_IGNORE_FILE);
    const out =
      fs.exists(file) && fs.stat(file).isFile() ? readIgnorePatterns(fs.readFile(file, "utf8"), domain) : [];
    for (const name of fs.readdir(path)) {
      if (name === ".git") continue;
      const child = posixPath.join(path, name);
      if (fs.lstat(child).isDirectory()) out.push(...walk(child, [...domain, name]));
    }
    return out;
  };
  return walk(dir, pathElements(dir));
}

/** Flux's default patterns (VCS metadata, images and archives, CI files) bound to `domain`. */
export function defaultIgnorePatterns(domain: readonly string[]): IgnorePattern[] {
  return [...DEFAULT_VCS, ...DEFAULT_OTHERS].map((p) => new IgnorePattern(p, domain));
}

/** The elements of an absolute path as Go's `strings.Split(abs, "/")` gives them (a leading `""`). */
export function pathElements(absolute: string): string[] {
  const normalized = posixPath.resolve(absolute);
  return normalized === "/" ? ["", ""] : normalized.split("/");
}

/**
 * Go's `filepath.Match` on POSIX: `*` (any run without `/`), `?`, `[...]` / `[^...]` classes with
 * ranges, `\` escapes. Returns `"bad"` for a malformed pattern.
 */
export function goFilepathMatch(pattern: string, name: string): boolean | "bad" {
  const p = [...pattern];
  const s = [...name];
  return matchFrom(p, 0, s, 0);
}

function matchFrom(p: string[], pi: number, s: string[], si: number): boolean | "bad" {
  while (pi < p.length) {
    const c = p[pi];
    if (c === "*") {
      // Collapse consecutive stars; a star never crosses a separator.
      while (pi < p.length && p[pi] === "*") pi++;
      if (pi === p.length) return !s.slice(si).includes("/");
      for (let k = si; k <= s.length; k++) {
        if (k > si && s[k - 1] === "/") break;
        const r = matchFrom(p, pi, s, k);
        if (r === "bad") return "bad";
        if (r) return true;
      }
      // Go validates the rest of the pattern even when nothing matched.
      return validateRest(p, pi) ? false : "bad";
    }
    if (si >= s.length) return validateRest(p, pi) ? false : "bad";
    if (c === "?") {
      if (s[si] === "/") return false;
      pi++;
      si++;
      continue;
    }
    if (c === "[") {
      const cls = readClass(p, pi + 1);
      if (cls === undefined) return "bad";
      if (s[si] === "/" || cls.test(s[si]) === cls.negated) return false;
      pi = cls.end;
      si++;
      continue;
    }
    let lit = c;
    if (c === "\\") {
      pi++;
      if (pi >= p.length) return "bad";
      lit = p[pi];
    }
    if (s[si] !== lit) return validateRest(p, pi + 1) ? false : "bad";
    pi++;
    si++;
  }
  return si === s.length;
}

interface CharClass {
  negated: boolean;
  end: number;
  test(ch: string): boolean;
}

function readClass(p: string[], start: number): CharClass | undefined {
  let i = start;
  const negated = p[i] === "^";
  if (negated) i++;
  const ranges: [number, number][] = [];
  let first = true;
  for (;;) {
    if (i >= p.length) return undefined;
    if (p[i] === "]" && !first) {
      i++;
      break;
    }
    first = false;
    const lo = readClassChar(p, i);
    if (lo === undefined) return undefined;
    i = lo.next;
    let hi = lo.ch;
    if (p[i] === "-") {
      const h = readClassChar(p, i + 1);
      if (h === undefined) return undefined;
      hi = h.ch;
      i = h.next;
    }
    ranges.push([lo.ch.codePointAt(0)!, hi.codePointAt(0)!]);
  }
  return {
    negated,
    end: i,
    test: (ch) => {
      const cp = ch.codePointAt(0)!;
      return ranges.some(([a, b]) => a <= cp && cp <= b);
    },
  };
}

function readClassChar(p: string[], i: number): { ch: string; next: number } | undefined {
  if (i >= p.length) return undefined;
  const c = p[i];
  if (c === "-" || c === "]") return undefined;
  if (c === "\\") {
    if (i + 1 >= p.length) return undefined;
    return { ch: p[i + 1], next: i + 2 };
  }
  return { ch: c, next: i + 1 };
}

function validateRest(p: string[], from: number): boolean {
  for (let i = from; i < p.length; i++) {
    if (p[i] === "\\") {
      if (i + 1 >= p.length) return false;
      i++;
    } else if (p[i] === "[") {
      const cls = readClass(p, i + 1);
      if (cls === undefined) return false;
      i = cls.end - 1;
    }
  }
  return true;
}

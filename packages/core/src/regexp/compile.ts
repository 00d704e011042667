import { type Matcher, RE2JS, RE2JSException, RE2JSSyntaxException } from "re2js";
import { GitOpsError } from "../errors.js";
import { expandTemplate } from "./expand.js";
import { findGroupOpenings, type GroupOpening } from "./groups.js";

/**
 * A pattern Go's `regexp.Compile` rejects. `message` is Go's text, e.g.
 * ``error parsing regexp: missing closing ): `(a` ``.
 */
export class RegexpError extends GitOpsError {
  readonly pattern: string;

  constructor(message: string, pattern: string, options: { cause?: unknown } = {}) {
    super("REGEXP_SYNTAX", message, options);
    this.pattern = pattern;
  }
}

/** Options for {@link compileGoRegexp}. */
export interface GoRegexpOptions {
  /**
   * Accept `(?<name>...)` as a named group, as Go 1.22 and later do. Off by default: the reference
   * (Go 1.19) rejects it with ``invalid or unsupported Perl syntax: `(?<` ``.
   */
  angleNamedGroups?: boolean;
}

/** A submatch index array: `[start, end]` per group (group 0 is the whole match), -1 when a group did not match. */
export type SubmatchIndex = number[];

/** Width in UTF-16 units of the code point at `pos` (0 at the end), the unit Go steps by after an empty match. */
function codePointWidth(s: string, pos: number): number {
  if (pos >= s.length) return 0;
  const cp = s.codePointAt(pos)!;
  return cp > 0xffff ? 2 : 1;
}

/**
 * A compiled regular expression with Go `regexp` (RE2) syntax and semantics: leftmost-first matching,
 * `(?P<name>...)` groups, linear-time execution (no catastrophic backtracking).
 *
 * Positions are indexes into the JavaScript string (UTF-16 code units), not UTF-8 byte offsets as in Go;
 * the text they delimit is the same.
 */
export class GoRegexp {
  /** The pattern as given. */
  readonly source: string;
  /** Group names by index; `""` for the whole match and for unnamed groups (Go `SubexpNames`). */
  readonly subexpNames: readonly string[];
  readonly #re: RE2JS;

  /** @internal Use {@link compileGoRegexp}. */
  constructor(source: string, re: RE2JS, subexpNames: string[]) {
    this.source = source;
    this.#re = re;
    this.subexpNames = subexpNames;
  }

  /** Number of capturing groups (Go `NumSubexp`). */
  get numSubexp(): number {
    return this.subexpNames.length - 1;
  }

  /** Index of the first group with this name, or -1 (Go `SubexpIndex`). */
  subexpIndex(name: string): number {
    return name === "" ? -1 : this.subexpNames.indexOf(name);
  }

  toString(): string {
    return this.source;
  }

  /** The leftmost-first match at or after `pos` as a submatch index array. */
  #exec(m: Matcher, pos: number): SubmatchIndex | undefined {
    if (!m.find(pos)) return undefined;
    const out: SubmatchIndex = [];
    for (let g = 0; g < this.subexpNames.length; g++) out.push(m.start(g), m.end(g));
    return out;
  }

  /** Whether the pattern matches anywhere in `s` (Go `MatchString`). */
  matchString(s: string): boolean {
    return this.#re.test(s);
  }

  /** Submatch indexes of the leftmost match, or `undefined` (Go `FindStringSubmatchIndex`). */
  findStringSubmatchIndex(s: string): SubmatchIndex | undefined {
    return this.#exec(this.#re.matcher(s), 0);
  }

  /** Text of the leftmost match and its groups (`""` for groups that did not match), or `undefined`. */
  findStringSubmatch(s: string): string[] | undefined {
    const match = this.findStringSubmatchIndex(s);
    return match && this.#texts(s, match);
  }

  /** Text of the leftmost match; `""` when there is none (Go `FindString`). */
  findString(s: string): string {
    const match = this.findStringSubmatchIndex(s);
    return match ? s.slice(match[0], match[1]) : "";
  }

  /** `[start, end]` of the leftmost match, or `undefined` (Go `FindStringIndex`). */
  findStringIndex(s: string): [number, number] | undefined {
    const match = this.findStringSubmatchIndex(s);
    return match ? [match[0], match[1]] : undefined;
  }

  #texts(s: string, match: SubmatchIndex): string[] {
    const out: string[] = [];
    for (let i = 0; i < match.length; i += 2) out.push(match[i] < 0 ? "" : s.slice(match[i], match[i + 1]));
    return out;
  }

  /**
   * Successive non-overlapping matches, at most `n` of them (all when `n < 0`), as Go's `FindAll*`: an
   * empty match right after the previous match is skipped.
   */
  findAllStringSubmatchIndex(s: string, n = -1): SubmatchIndex[] {
    const limit = n < 0 ? s.length + 1 : n;
    const found: SubmatchIndex[] = [];
    const m = this.#re.matcher(s);
    let pos = 0;
    let previousEnd = -1;
    while (found.length < limit && pos <= s.length) {
      const match = this.#exec(m, pos);
      if (match === undefined) break;
      let accept = true;
      if (match[1] === pos) {
        // Empty match: never right after the previous match; step one character on.
        if (match[0] === previousEnd) accept = false;
        const width = codePointWidth(s, pos);
        pos = width > 0 ? pos + width : s.length + 1;
      } else {
        pos = match[1];
      }
      previousEnd = match[1];
      if (accept) found.push(match);
    }
    return found;
  }

  /** Texts of successive matches, at most `n` (all when `n < 0`) (Go `FindAllString`; `[]` for none). */
  findAllString(s: string, n = -1): string[] {
    return this.findAllStringSubmatchIndex(s, n).map((m) => s.slice(m[0], m[1]));
  }

  /** Groups of successive matches (Go `FindAllStringSubmatch`). */
  findAllStringSubmatch(s: string, n = -1): string[][] {
    return this.findAllStringSubmatchIndex(s, n).map((m) => this.#texts(s, m));
  }

  /** Expand a `$` template for one match (Go `ExpandString`); see {@link expandTemplate}. */
  expandString(template: string, src: string, match: readonly number[]): string {
    return expandTemplate(template, src, match, this.subexpNames);
  }

  /**
   * Replace every match, computing each replacement from the match's submatch indexes. Go's rules: an
   * empty match right after a previous match is not replaced, and the search always moves on by at
   * least one character.
   */
  #replaceAll(src: string, replacement: (match: SubmatchIndex) => string): string {
    const m = this.#re.matcher(src);
    let out = "";
    let lastEnd = 0;
    let searchPos = 0;
    while (searchPos <= src.length) {
      const match = this.#exec(m, searchPos);
      if (match === undefined) break;
      out += src.slice(lastEnd, match[0]);
      if (match[1] > lastEnd || match[0] === 0) out += replacement(match);
      lastEnd = match[1];
      const width = codePointWidth(src, searchPos);
      if (searchPos + width > match[1]) searchPos += width;
      else if (searchPos + 1 > match[1]) searchPos++;
      else searchPos = match[1];
    }
    return out + src.slice(lastEnd);
  }

  /** Replace matches with `repl`, expanding `$1`, `${name}`, `$$` (Go `ReplaceAllString`). */
  replaceAllString(src: string, repl: string): string {
    return this.#replaceAll(src, (match) => this.expandString(repl, src, match));
  }

  /** Replace matches with `repl` taken literally (Go `ReplaceAllLiteralString`). */
  replaceAllLiteralString(src: string, repl: string): string {
    return this.#replaceAll(src, () => repl);
  }

  /** Replace matches with what `repl` returns for the matched text (Go `ReplaceAllStringFunc`). */
  replaceAllStringFunc(src: string, repl: (matched: string) => string): string {
    return this.#replaceAll(src, (match) => repl(src.slice(match[0], match[1])));
  }

  /**
   * Split `s` around matches (Go `Split`): at most `n` pieces, the last holding the rest (`n < 0`: all;
   * `n == 0`: none).
   */
  split(s: string, n = -1): string[] {
    if (n === 0) return [];
    if (this.source.length > 0 && s.length === 0) return [""];
    const pieces: string[] = [];
    let begin = 0;
    let end = 0;
    for (const match of this.findAllStringSubmatchIndex(s, n)) {
      if (n > 0 && pieces.length >= n - 1) break;
      end = match[0];
      if (match[1] !== 0) pieces.push(s.slice(begin, end));
      begin = match[1];
    }
    if (end !== s.length) pieces.push(s.slice(begin));
    return pieces;
  }
}

/** Names of capturing groups by index, from the group openings of the pattern as written. */
function namesFromOpenings(openings: GroupOpening[], angleNamedGroups: boolean): string[] {
  const names = [""];
  for (const o of openings) {
    if (o.kind === "capture") names.push("");
    else if (o.kind === "named") names.push(o.name ?? "");
    else if (o.kind === "angle" && angleNamedGroups && o.name !== undefined) names.push(o.name);
  }
  return names;
}

/**
 * Rewrite the spots where the RE2 port and Go's parser disagree, keeping positions where it matters:
 * - Go (1.19) rejects `(?<`; it becomes `(?=`, which fails at the same place, and the error is renamed.
 * - Go accepts a group name used twice; later uses become plain groups (the names are tracked here).
 * - With `angleNamedGroups`, `(?<name>` becomes `(?P<name>`.
 */
function rewriteForRe2(pattern: string, openings: GroupOpening[], angleNamedGroups: boolean): string {
  const seen = new Set<string>();
  let out = "";
  let copied = 0;
  const replace = (o: GroupOpening, text: string, end = o.end) => {
    out += pattern.slice(copied, o.at) + text;
    copied = end;
  };
  for (const o of openings) {
    if (o.kind === "angle") {
      if (angleNamedGroups && o.name !== undefined) {
        if (seen.has(o.name)) replace(o, "(");
        else replace(o, `(?P<${o.name}>`);
        seen.add(o.name);
      } else if (!angleNamedGroups) {
        replace(o, "(?=", o.at + 3);
      }
    } else if (o.kind === "named" && o.name !== undefined) {
      if (seen.has(o.name)) replace(o, "(");
      seen.add(o.name);
    }
  }
  return out + pattern.slice(copied);
}

function syntaxError(
  err: RE2JSSyntaxException,
  pattern: string,
  rewritten: string,
  openings: GroupOpening[],
) {
  let input = err.getPattern() ?? "";
  if (input === rewritten) input = pattern;
  else if (input === "(?=") {
    // The first look-ahead the parser met may be a rewritten `(?<`.
    const first = openings.find((o) => o.kind === "angle" || pattern.startsWith("(?=", o.at));
    if (first?.kind === "angle") input = "(?<";
  }
  return new RegexpError(`error parsing regexp: ${err.getDescription()}: \`${input}\``, pattern, {
    cause: err,
  });
}

/**
 * Compile a pattern with Go `regexp.Compile` syntax and semantics. Throws {@link RegexpError} with Go's
 * error text when the pattern is invalid (including JavaScript-only syntax such as look-around and
 * back-references).
 */
export function compileGoRegexp(pattern: string, options: GoRegexpOptions = {}): GoRegexp {
  const angleNamedGroups = options.angleNamedGroups ?? false;
  const openings = findGroupOpenings(pattern);
  const rewritten = rewriteForRe2(pattern, openings, angleNamedGroups);
  let re: RE2JS;
  try {
    re = RE2JS.compile(rewritten);
  } catch (err) {
    if (err instanceof RE2JSSyntaxException) throw syntaxError(err, pattern, rewritten, openings);
    if (err instanceof RE2JSException) {
      throw new RegexpError(`error parsing regexp: ${err.message}`, pattern, { cause: err });
    }
    throw err;
  }
  let names = namesFromOpenings(openings, angleNamedGroups);
  if (names.length !== re.groupCount() + 1) {
    // The light scan misread the pattern; fall back to the engine's own (unique) names.
    names = Array.from({ length: re.groupCount() + 1 }, () => "");
    for (const [name, index] of Object.entries(re.namedGroups())) names[index] = name;
  }
  return new GoRegexp(pattern, re, names);
}

const META = /[\\.+*?()|[\]{}^$]/g;

/** Escape every regexp metacharacter in `s` (Go `QuoteMeta`). */
export function quoteMeta(s: string): string {
  return s.replace(META, "\\$&");
}

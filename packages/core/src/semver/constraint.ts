import { RE2JS } from "re2js";
import { SemverError } from "./errors.js";
import { comparePrerelease, compareSemver, type SemverVersion, tryParseSemver } from "./version.js";

/*
 * The constraint grammar is defined by regular expressions in Masterminds/semver, and its quirks (which
 * operator wins, how an AND list is split, `|` accepted inside a version) follow from leftmost-first
 * matching of those expressions. They are written out here from that grammar and run on RE2, which has
 * the same leftmost-first semantics as Go and cannot backtrack catastrophically on hostile input.
 */

// Operator alternatives, in priority order (the empty operator comes second, after `=`).
const OPERATORS = String.raw`=||!=|>|<|>=|=>|<=|=<|~|~>|\^`;
// A version-ish number: digits or wildcards. `|` is a literal member of the class, as upstream.
const NUMBER = String.raw`[0-9|x|X|\*]+`;
const IDENTIFIERS = String.raw`[0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*`;
// Groups: 1 major, 2 .minor, 3 .patch, 4 -prerelease, 5..6 prerelease ids, 7 +metadata, 8..9 metadata ids.
const VERSIONISH = String.raw`v?(${NUMBER})(\.${NUMBER})?(\.${NUMBER})?(-(${IDENTIFIERS}))?(\+(${IDENTIFIERS}))?`;
const VERSIONISH_GROUPS = 9;

let grammar:
  | {
      single: RE2JS;
      hyphenRange: RE2JS;
      findOne: RE2JS;
      andList: RE2JS;
    }
  | undefined;

function compiledGrammar(): NonNullable<typeof grammar> {
  grammar ??= {
    single: RE2JS.compile(String.raw`^\s*(${OPERATORS})\s*(${VERSIONISH})\s*$`),
    hyphenRange: RE2JS.compile(String.raw`\s*(${VERSIONISH})\s+-\s+(${VERSIONISH})\s*`),
    findOne: RE2JS.compile(String.raw`(${OPERATORS})\s*(${VERSIONISH})`),
    andList: RE2JS.compile(
      String.raw`^(\s*(${OPERATORS})\s*(${VERSIONISH})\s*)((?:\s+|,\s*)(${OPERATORS})\s*(${VERSIONISH})\s*)*$`,
    ),
  };
  return grammar;
}

/** The comparison operators a single constraint can use (`=>` and `=<` are spellings of `>=`/`<=`). */
export type SemverOperator = "" | "=" | "!=" | ">" | "<" | ">=" | "=>" | "<=" | "=<" | "~" | "~>" | "^";

/** One `op version` term of a constraint, e.g. `>= 1.2.x`. */
export interface SemverTerm {
  readonly operator: SemverOperator;
  /** The version text as written in the constraint (`1.x`, `v2`, `1.2.3-beta`). */
  readonly text: string;
  /** The version the term compares against; wildcard and missing parts read as 0. */
  readonly version: SemverVersion;
  /** Major was a wildcard or the term's version was empty: the whole version is open. */
  readonly open: boolean;
  /** Minor was a wildcard or missing (`1`, `1.x`). */
  readonly openMinor: boolean;
  /** Patch was a wildcard or missing (`1.2`, `1.2.*`). */
  readonly openPatch: boolean;
}

/** The result of {@link SemverConstraint.validate}: whether it matched, and every reason it did not. */
export interface SemverValidation {
  matches: boolean;
  /** Masterminds' `Validate` messages, in its order; empty when `matches`. */
  reasons: string[];
}

type TermCheck = (v: SemverVersion, t: SemverTerm) => string | undefined;

const isWildcard = (text: string): boolean => text === "x" || text === "X" || text === "*";

function prereleaseMessage(v: SemverVersion): string {
  return `${v} is a prerelease version and the constraint is only looking for release versions`;
}

/** A pre-release version only satisfies a term whose own version carries a pre-release. */
function excludesPrerelease(v: SemverVersion, t: SemverTerm): boolean {
  return v.prerelease !== "" && t.version.prerelease === "";
}

const tildeCheck: TermCheck = (v, t) => {
  if (excludesPrerelease(v, t)) return prereleaseMessage(v);
  if (compareSemver(v, t.version) < 0) return `${v} is less than ${t.text}`;
  const c = t.version;
  // `~0`, `~*`: anything at or above 0.0.0.
  if (c.major === 0n && c.minor === 0n && c.patch === 0n && !t.openMinor && !t.openPatch) return undefined;
  if (v.major !== c.major) return `${v} does not have same major version as ${t.text}`;
  if (v.minor !== c.minor && !t.openMinor)
    return `${v} does not have same major and minor version as ${t.text}`;
  return undefined;
};

const equalCheck: TermCheck = (v, t) => {
  if (excludesPrerelease(v, t)) return prereleaseMessage(v);
  // A wildcard equality (`1.2.x`, `=1`) behaves like a tilde range.
  if (t.open) return tildeCheck(v, t);
  return compareSemver(v, t.version) === 0 ? undefined : `${v} is not equal to ${t.text}`;
};

const notEqualCheck: TermCheck = (v, t) => {
  const equal = `${v} is equal to ${t.text}`;
  const c = t.version;
  // Only a wildcard term refuses pre-releases here; `!=1.2.3` accepts `1.2.4-beta` in Check.
  if (t.open) {
    if (excludesPrerelease(v, t)) return prereleaseMessage(v);
    if (c.major !== v.major) return undefined;
    if (c.minor !== v.minor && !t.openMinor) return undefined;
    if (t.openMinor) return equal;
    if (c.patch !== v.patch && !t.openPatch) return undefined;
    if (t.openPatch) {
      if (v.prerelease !== "" || c.prerelease !== "") {
        return comparePrerelease(v.prerelease, c.prerelease) !== 0 ? undefined : equal;
      }
      return equal;
    }
  }
  return compareSemver(v, c) === 0 ? equal : undefined;
};

const greaterCheck: TermCheck = (v, t) => {
  if (excludesPrerelease(v, t)) return prereleaseMessage(v);
  const fail = `${v} is less than or equal to ${t.text}`;
  const c = t.version;
  if (t.open) {
    if (v.major > c.major) return undefined;
    if (v.major < c.major) return fail;
    // `>1` needs 2.0.0 or more; `>1.2` needs 1.3.0 or more.
    if (t.openMinor) return fail;
    if (t.openPatch) return v.minor > c.minor ? undefined : fail;
  }
  return compareSemver(v, c) > 0 ? undefined : fail;
};

const lessCheck: TermCheck = (v, t) => {
  if (excludesPrerelease(v, t)) return prereleaseMessage(v);
  return compareSemver(v, t.version) < 0 ? undefined : `${v} is greater than or equal to ${t.text}`;
};

const greaterOrEqualCheck: TermCheck = (v, t) => {
  if (excludesPrerelease(v, t)) return prereleaseMessage(v);
  return compareSemver(v, t.version) >= 0 ? undefined : `${v} is less than ${t.text}`;
};

const lessOrEqualCheck: TermCheck = (v, t) => {
  if (excludesPrerelease(v, t)) return prereleaseMessage(v);
  const fail = `${v} is greater than ${t.text}`;
  const c = t.version;
  if (!t.open) return compareSemver(v, c) <= 0 ? undefined : fail;
  // `<=1` admits all of 1.x.x; `<=1.2` all of 1.2.x.
  if (v.major > c.major) return fail;
  if (v.major === c.major && v.minor > c.minor && !t.openMinor) return fail;
  return undefined;
};

const caretCheck: TermCheck = (v, t) => {
  if (excludesPrerelease(v, t)) return prereleaseMessage(v);
  if (compareSemver(v, t.version) < 0) return `${v} is less than ${t.text}`;
  const c = t.version;
  if (c.major > 0n || t.openMinor) {
    return v.major === c.major ? undefined : `${v} does not have same major version as ${t.text}`;
  }
  if (v.major > 0n) return `${v} does not have same major version as ${t.text}`;
  if (c.minor > 0n || t.openPatch) {
    return v.minor === c.minor
      ? undefined
      : `${v} does not have same minor version as ${t.text}. Expected minor versions to match when constraint major version is 0`;
  }
  if (v.minor > 0n) return `${v} does not have same minor version as ${t.text}`;
  return c.patch === v.patch
    ? undefined
    : `${v} does not equal ${t.text}. Expect version and constraint to equal when major and minor versions are 0`;
};

const CHECKS: Record<SemverOperator, TermCheck> = {
  "": equalCheck,
  "=": equalCheck,
  "!=": notEqualCheck,
  ">": greaterCheck,
  "<": lessCheck,
  ">=": greaterOrEqualCheck,
  "=>": greaterOrEqualCheck,
  "<=": lessOrEqualCheck,
  "=<": lessOrEqualCheck,
  "~": tildeCheck,
  "~>": tildeCheck,
  "^": caretCheck,
};

function improper(text: string, input: string): SemverError {
  return new SemverError("constraint", `improper constraint: ${text}`, input);
}

/** Turn one `op version` string into a term; wildcard and missing parts become zeros. */
function parseTerm(text: string, input: string): SemverTerm {
  const m = compiledGrammar().single.matcher(text);
  if (!m.find()) throw improper(text, input);
  const operator = m.group(1) as SemverOperator;
  const versionText = m.group(2) ?? "";
  const major = m.group(3) ?? "";
  const minor = (m.group(4) ?? "").slice(1);
  const patch = (m.group(5) ?? "").slice(1);
  const prerelease = m.group(6) ?? "";
  let open = false;
  let openMinor = false;
  let openPatch = false;
  let normalized = versionText;
  // Build metadata is dropped whenever a part is open, kept (with any `v`) otherwise.
  if (major === "" || isWildcard(major)) {
    open = true;
    normalized = `0.0.0${prerelease}`;
  } else if (minor === "" || isWildcard(minor)) {
    open = true;
    openMinor = true;
    normalized = `${major}.0.0${prerelease}`;
  } else if (patch === "" || isWildcard(patch)) {
    open = true;
    openPatch = true;
    normalized = `${major}.${minor}.0${prerelease}`;
  }
  const parsed = tryParseSemver(normalized);
  if (!parsed.ok) throw new SemverError("constraint", "constraint Parser Error", input);
  return { operator, text: versionText, version: parsed.version, open, openMinor, openPatch };
}

/** Rewrite every `A - B` hyphen range as `>= A, <= B`, replacing each matched text's first occurrence. */
function expandHyphenRanges(text: string): string {
  const m = compiledGrammar().hyphenRange.matcher(text);
  const found: { whole: string; low: string; high: string }[] = [];
  while (m.find()) {
    found.push({
      whole: m.group(0) ?? "",
      low: m.group(1) ?? "",
      high: m.group(2 + VERSIONISH_GROUPS) ?? "",
    });
  }
  let out = text;
  for (const { whole, low, high } of found) {
    const at = out.indexOf(whole);
    if (at >= 0) out = out.slice(0, at) + `>= ${low}, <= ${high}` + out.slice(at + whole.length);
  }
  return out;
}

/**
 * A parsed Masterminds/semver v3 constraint: `||`-separated alternatives, each a list of terms that must
 * all hold (separated by spaces or commas). Immutable; check as many versions as you like.
 */
export class SemverConstraint {
  /** The constraint text as given. */
  readonly source: string;
  /** Alternatives (OR) of term lists (AND). */
  readonly alternatives: readonly (readonly SemverTerm[])[];

  constructor(source: string, alternatives: SemverTerm[][]) {
    this.source = source;
    this.alternatives = alternatives;
  }

  /** Whether `version` satisfies the constraint (Masterminds `Check`). */
  check(version: SemverVersion): boolean {
    return this.alternatives.some((terms) =>
      terms.every((t) => CHECKS[t.operator](version, t) === undefined),
    );
  }

  /**
   * Masterminds `Validate`: like {@link check} but collects every failure message. Note it screens out
   * pre-releases for every term without a pre-release before the operator runs, so it can disagree with
   * `check` for `!=` (e.g. `!=1.2.3` and `1.2.4-beta`), exactly as upstream does.
   */
  validate(version: SemverVersion): SemverValidation {
    const reasons: string[] = [];
    let prereleaseReported = false;
    for (const terms of this.alternatives) {
      let all = true;
      for (const term of terms) {
        if (term.version.prerelease === "" && version.prerelease !== "") {
          if (!prereleaseReported) {
            reasons.push(prereleaseMessage(version));
            prereleaseReported = true;
          }
          all = false;
          continue;
        }
        const failure = CHECKS[term.operator](version, term);
        if (failure !== undefined) {
          reasons.push(failure);
          all = false;
        }
      }
      if (all) return { matches: true, reasons: [] };
    }
    return { matches: false, reasons };
  }

  toString(): string {
    return this.source;
  }
}

/**
 * Parse a constraint such as `>=1.2.0 <2`, `^1.4 || ~2.0`, `1.2 - 1.4.5`, `1.x` with Masterminds/semver
 * v3.2.0 rules. Throws {@link SemverError} (`improper constraint: ...`) when it does not parse.
 */
export function parseSemverConstraint(text: string): SemverConstraint {
  const g = compiledGrammar();
  const alternatives: SemverTerm[][] = [];
  for (const alternative of expandHyphenRanges(text).split("||")) {
    if (!g.andList.testExact(alternative)) throw improper(alternative, text);
    const terms: SemverTerm[] = [];
    const m = g.findOne.matcher(alternative);
    while (m.find()) terms.push(parseTerm(m.group(0) ?? "", text));
    alternatives.push(terms);
  }
  return new SemverConstraint(text, alternatives);
}

import { SEMVER_MESSAGES, SemverError } from "./errors.js";

const UINT64_MAX = (1n << 64n) - 1n;
const DIGITS = /^[0-9]*$/;
const IDENTIFIER_CHARS = /^[0-9A-Za-z-]*$/;

/**
 * A parsed semantic version with Masterminds/semver v3 semantics. Numeric parts are `bigint` because
 * the library accepts the full unsigned 64-bit range (`18446744073709551615.0.0` is valid).
 */
export class SemverVersion {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  /** Pre-release identifiers without the leading `-` (`""` when absent). */
  readonly prerelease: string;
  /** Build metadata without the leading `+` (`""` when absent). */
  readonly metadata: string;
  /** The string the version was parsed from, as given (keeps a `v` prefix, short forms, leading zeros). */
  readonly original: string;

  constructor(parts: {
    major: bigint;
    minor: bigint;
    patch: bigint;
    prerelease?: string;
    metadata?: string;
    original?: string;
  }) {
    this.major = parts.major;
    this.minor = parts.minor;
    this.patch = parts.patch;
    this.prerelease = parts.prerelease ?? "";
    this.metadata = parts.metadata ?? "";
    this.original = parts.original ?? this.toString();
  }

  /** Canonical form `MAJOR.MINOR.PATCH[-PRE][+META]`, without any `v` prefix (Masterminds' `String()`). */
  toString(): string {
    let out = `${this.major}.${this.minor}.${this.patch}`;
    if (this.prerelease !== "") out += `-${this.prerelease}`;
    if (this.metadata !== "") out += `+${this.metadata}`;
    return out;
  }

  /** -1, 0 or 1 as this version sorts before, level with, or after `other` (build metadata ignored). */
  compare(other: SemverVersion): -1 | 0 | 1 {
    return compareSemver(this, other);
  }
}

/** The outcome of a parse attempt: a version or Masterminds' error text. Used where throwing is too costly. */
export type SemverParseResult = { ok: true; version: SemverVersion } | { ok: false; message: string };

/**
 * Go's `strconv.ParseUint(s, 10, 64)`: the value, or its error text. Scans left to right and reports the
 * first problem met, as Go does.
 */
function parseUint64(text: string): bigint | string {
  const quoted = JSON.stringify(text);
  if (text === "") return `strconv.ParseUint: parsing ${quoted}: invalid syntax`;
  let value = 0n;
  for (const ch of text) {
    if (ch < "0" || ch > "9") return `strconv.ParseUint: parsing ${quoted}: invalid syntax`;
    value = value * 10n + BigInt(ch.charCodeAt(0) - 48);
    if (value > UINT64_MAX) return `strconv.ParseUint: parsing ${quoted}: value out of range`;
  }
  return value;
}

/** Numeric value of a pre-release identifier when Go's ParseUint accepts it, else undefined. */
function numericIdentifier(text: string): bigint | undefined {
  const value = parseUint64(text);
  return typeof value === "bigint" ? value : undefined;
}

function checkPrerelease(prerelease: string): string | undefined {
  for (const id of prerelease.split(".")) {
    if (DIGITS.test(id)) {
      if (id.length > 1 && id[0] === "0") return SEMVER_MESSAGES.segmentStartsZero;
    } else if (!IDENTIFIER_CHARS.test(id)) {
      return SEMVER_MESSAGES.invalidPrerelease;
    }
  }
  return undefined;
}

function checkMetadata(metadata: string): string | undefined {
  for (const id of metadata.split(".")) {
    if (!IDENTIFIER_CHARS.test(id)) return SEMVER_MESSAGES.invalidMetadata;
  }
  return undefined;
}

/**
 * Reads `[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*` starting at `start`; returns the index after it, or -1 when
 * there is no well-formed identifier list there.
 */
function scanIdentifiers(text: string, start: number): number {
  let i = start;
  for (;;) {
    const idStart = i;
    while (i < text.length && isIdentifierChar(text.charCodeAt(i))) i++;
    if (i === idStart) return -1;
    if (text[i] !== ".") return i;
    i++;
  }
}

function isIdentifierChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45
  );
}

function scanDigits(text: string, start: number): number {
  let i = start;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  return i;
}

/**
 * Lenient parse (Masterminds `NewVersion`): an optional `v`, then `MAJOR[.MINOR[.PATCH]]`, then an
 * optional pre-release and build metadata. Missing parts are 0; leading zeros in numbers are accepted.
 */
export function tryParseSemver(text: string): SemverParseResult {
  const fail = (message: string): SemverParseResult => ({ ok: false, message });
  let i = text.startsWith("v") ? 1 : 0;
  const numbers: string[] = [];
  const majorEnd = scanDigits(text, i);
  if (majorEnd === i) return fail(SEMVER_MESSAGES.invalid);
  numbers.push(text.slice(i, majorEnd));
  i = majorEnd;
  // Up to two more `.N` groups; a dot not followed by a digit cannot be part of a valid version.
  while (numbers.length < 3 && text[i] === "." && scanDigits(text, i + 1) > i + 1) {
    const end = scanDigits(text, i + 1);
    numbers.push(text.slice(i + 1, end));
    i = end;
  }
  let prerelease = "";
  let metadata = "";
  if (text[i] === "-") {
    const end = scanIdentifiers(text, i + 1);
    if (end < 0) return fail(SEMVER_MESSAGES.invalid);
    prerelease = text.slice(i + 1, end);
    i = end;
  }
  if (text[i] === "+") {
    const end = scanIdentifiers(text, i + 1);
    if (end < 0) return fail(SEMVER_MESSAGES.invalid);
    metadata = text.slice(i + 1, end);
    i = end;
  }
  if (i !== text.length) return fail(SEMVER_MESSAGES.invalid);

  const values: bigint[] = [];
  for (const digits of numbers) {
    const value = parseUint64(digits);
    if (typeof value === "string") return fail(`Error parsing version segment: ${value}`);
    values.push(value);
  }
  while (values.length < 3) values.push(0n);

  const problem =
    (prerelease !== "" ? checkPrerelease(prerelease) : undefined) ?? checkMetadataIfAny(metadata);
  if (problem) return fail(problem);
  return {
    ok: true,
    version: new SemverVersion({
      major: values[0],
      minor: values[1],
      patch: values[2],
      prerelease,
      metadata,
      original: text,
    }),
  };
}

function checkMetadataIfAny(metadata: string): string | undefined {
  return metadata !== "" ? checkMetadata(metadata) : undefined;
}

/**
 * Strict parse (Masterminds `StrictNewVersion`): exactly `MAJOR.MINOR.PATCH[-PRE][+META]`, no `v`
 * prefix, no leading zeros in the numbers.
 */
export function tryParseStrictSemver(text: string): SemverParseResult {
  const fail = (message: string): SemverParseResult => ({ ok: false, message });
  if (text === "") return fail(SEMVER_MESSAGES.empty);
  // The first two dots delimit the numbers; everything after the second dot is the patch part.
  const firstDot = text.indexOf(".");
  const secondDot = firstDot < 0 ? -1 : text.indexOf(".", firstDot + 1);
  if (secondDot < 0) return fail(SEMVER_MESSAGES.invalid);
  const parts = [text.slice(0, firstDot), text.slice(firstDot + 1, secondDot), text.slice(secondDot + 1)];
  let prerelease = "";
  let metadata = "";
  // Metadata is split off first: a `-` after `+` belongs to the metadata.
  const plus = parts[2].indexOf("+");
  if (plus >= 0) {
    metadata = parts[2].slice(plus + 1);
    parts[2] = parts[2].slice(0, plus);
  }
  const dash = parts[2].indexOf("-");
  if (dash >= 0) {
    prerelease = parts[2].slice(dash + 1);
    parts[2] = parts[2].slice(0, dash);
  }
  for (const part of parts) {
    if (!DIGITS.test(part)) return fail(SEMVER_MESSAGES.invalidCharacters);
    if (part.length > 1 && part[0] === "0") return fail(SEMVER_MESSAGES.segmentStartsZero);
  }
  const values: bigint[] = [];
  for (const part of parts) {
    const value = parseUint64(part);
    if (typeof value === "string") return fail(value);
    values.push(value);
  }
  const problem =
    (prerelease !== "" ? checkPrerelease(prerelease) : undefined) ?? checkMetadataIfAny(metadata);
  if (problem) return fail(problem);
  return {
    ok: true,
    version: new SemverVersion({
      major: values[0],
      minor: values[1],
      patch: values[2],
      prerelease,
      metadata,
      original: text,
    }),
  };
}

/**
 * Parse a version the way Masterminds/semver v3 `NewVersion` does (`v1.2`, `1` and `01.2.3` are
 * accepted and coerced). Throws {@link SemverError} with the library's message otherwise.
 */
export function parseSemver(text: string): SemverVersion {
  const result = tryParseSemver(text);
  if (!result.ok) throw new SemverError("version", result.message, text);
  return result.version;
}

/** Parse a strict semantic version (Masterminds `StrictNewVersion`); throws {@link SemverError}. */
export function parseStrictSemver(text: string): SemverVersion {
  const result = tryParseStrictSemver(text);
  if (!result.ok) throw new SemverError("version", result.message, text);
  return result.version;
}

function compareBig(a: bigint, b: bigint): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One pre-release identifier against another, as Masterminds does it: a missing identifier sorts first,
 * numbers (that fit in uint64) sort before words, words compare by bytes.
 */
function compareIdentifier(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  if (a === "") return -1;
  if (b === "") return 1;
  const na = numericIdentifier(a);
  const nb = numericIdentifier(b);
  if (na === undefined && nb === undefined) return a > b ? 1 : -1;
  if (na === undefined) return 1;
  if (nb === undefined) return -1;
  // Distinct spellings of one number (only reachable through strict parsing) are not "equal" upstream.
  return na > nb ? 1 : -1;
}

/** Compare two pre-release strings identifier by identifier. */
export function comparePrerelease(a: string, b: string): -1 | 0 | 1 {
  const left = a.split(".");
  const right = b.split(".");
  const n = Math.max(left.length, right.length);
  for (let i = 0; i < n; i++) {
    const d = compareIdentifier(left[i] ?? "", right[i] ?? "");
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Semantic version precedence: -1, 0 or 1. Build metadata is ignored, so `1.0.0` and `1.0.0+b` are
 * level; a pre-release sorts before its release.
 */
export function compareSemver(a: SemverVersion, b: SemverVersion): -1 | 0 | 1 {
  const byNumbers =
    compareBig(a.major, b.major) || compareBig(a.minor, b.minor) || compareBig(a.patch, b.patch);
  if (byNumbers !== 0) return byNumbers;
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === "") return 1;
  if (b.prerelease === "") return -1;
  return comparePrerelease(a.prerelease, b.prerelease);
}

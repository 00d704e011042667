import { FormatError } from "../errors.js";

/**
 * Go duration strings (`1m30s`, `1.5h`, `500ms`, `-1s`, `0`), as Flux specs use them for
 * `interval`, `timeout` and `retryInterval`. Parsing and printing follow Go's `time.ParseDuration`
 * and `time.Duration.String()` exactly, on an int64 nanosecond count (a `bigint` here); the
 * millisecond functions convert at the edge.
 *
 * @module
 */

/** The duration string is not valid Go syntax, or overflows int64 nanoseconds. Code `INVALID_DURATION`. */
export class DurationError extends FormatError {
  /** The input as given. */
  readonly input: string;

  constructor(message: string, input: string) {
    super("INVALID_DURATION", message);
    this.input = input;
  }
}

const NS_PER_MS = 1_000_000n;
const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: NS_PER_MS,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const TWO_63 = 1n << 63n;
const MAX_INT64 = TWO_63 - 1n;

/**
 * Parse a Go duration string to nanoseconds. A number with optional fraction and a unit, repeated,
 * with an optional leading sign; units `ns`, `us` (`µs`, `μs`), `ms`, `s`, `m`, `h`; a bare `0` is
 * allowed. Fractions are applied with Go's float64 arithmetic, so results match Go to the nanosecond.
 * Errors carry Go's messages: `time: invalid duration "x"`, `time: missing unit in duration "1"`,
 * `time: unknown unit "d" in duration "1d"`.
 */
export function parseDurationNanos(text: string): bigint {
  let s = text;
  let negative = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  const invalid = () => new DurationError(`time: invalid duration ${goQuote(text)}`, text);
  if (s === "") throw invalid();

  let total = 0n;
  let i = 0;
  while (i < s.length) {
    if (!(s[i] === "." || isDigit(s[i]))) throw invalid();

    // Integer part: overflow past 2^63 is an error.
    const intStart = i;
    let whole = 0n;
    for (; i < s.length && isDigit(s[i]); i++) {
      if (whole > TWO_63 / 10n) throw invalid();
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
      if (whole > TWO_63) throw invalid();
    }
    const hasWhole = i > intStart;

    // Fraction: digits past int64 precision are consumed but ignored.
    let fraction = 0n;
    let scale = 1;
    let hasFraction = false;
    if (s[i] === ".") {
      i++;
      const fracStart = i;
      let saturated = false;
      for (; i < s.length && isDigit(s[i]); i++) {
        if (saturated) continue;
        if (fraction > MAX_INT64 / 10n) {
          saturated = true;
          continue;
        }
        const next = fraction * 10n + BigInt(s.charCodeAt(i) - 48);
        if (next > TWO_63) {
          saturated = true;
          continue;
        }
        fraction = next;
        scale *= 10;
      }
      hasFraction = i > fracStart;
    }
    if (!hasWhole && !hasFraction) throw invalid();

    const unitStart = i;
    while (i < s.length && s[i] !== "." && !isDigit(s[i])) i++;
    if (i === unitStart) throw new DurationError(`time: missing unit in duration ${goQuote(text)}`, text);
    const unitName = s.slice(unitStart, i);
    const unit = UNITS[unitName];
    if (unit === undefined) {
      throw new DurationError(`time: unknown unit ${goQuote(unitName)} in duration ${goQuote(text)}`, text);
    }

    if (whole > TWO_63 / unit) throw invalid();
    let value = whole * unit;
    if (fraction > 0n) {
      // Go computes the fractional part in float64 and truncates; do the same to match it exactly.
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > TWO_63) throw invalid();
    }
    total += value;
    if (total > TWO_63) throw invalid();
  }
  if (negative) return -total;
  if (total > MAX_INT64) throw invalid();
  return total;
}

/**
 * Format nanoseconds as Go's `Duration.String()`: `0s`, `1.5µs`, `500ms`, `1m30s`, `1h30m0s`,
 * `-1s`. Values outside int64 are a `RangeError`.
 */
export function formatDurationNanos(nanos: bigint): string {
  if (nanos < -TWO_63 || nanos > MAX_INT64) throw new RangeError(`duration ${nanos}ns is outside int64`);
  const negative = nanos < 0n;
  let u = negative ? -nanos : nanos;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return "0s";
    if (u < 1_000n) out = `${u}ns`;
    else if (u < NS_PER_MS) out = `${withFraction(u, 3)}µs`;
    else out = `${withFraction(u, 6)}ms`;
  } else {
    const seconds = withFraction(u % 60_000_000_000n, 9);
    u /= 60_000_000_000n;
    if (u === 0n) out = `${seconds}s`;
    else {
      const minutes = u % 60n;
      const hours = u / 60n;
      out = hours > 0n ? `${hours}h${minutes}m${seconds}s` : `${minutes}m${seconds}s`;
    }
  }
  return negative ? `-${out}` : out;
}

/**
 * Parse a Go duration string to milliseconds (`"1m30s"` → `90000`, `"500us"` → `0.5`).
 * Exact for every whole number of microseconds; nanosecond parts become fractional milliseconds.
 */
export function parseDuration(text: string): number {
  const nanos = parseDurationNanos(text);
  const whole = nanos / NS_PER_MS;
  const rest = nanos % NS_PER_MS;
  return Number(whole) + Number(rest) / 1e6;
}

/**
 * Format milliseconds as Go prints a `time.Duration` (`90000` → `"1m30s"`, `5400000` → `"1h30m0s"`).
 * Fractional milliseconds are rounded to the nearest nanosecond; non-finite input is a `RangeError`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`cannot format ${ms} ms as a duration`);
  const whole = Math.trunc(ms);
  const nanos = BigInt(whole) * NS_PER_MS + BigInt(Math.round((ms - whole) * 1e6));
  return formatDurationNanos(nanos);
}

/** `v / 10^digits` with the fraction's trailing zeros (and a bare point) dropped: (1500, 3) → `1.5`. */
function withFraction(v: bigint, digits: number): string {
  const divisor = 10n ** BigInt(digits);
  const whole = v / divisor;
  const fraction = (v % divisor).toString().padStart(digits, "0").replace(/0+$/, "");
  return fraction === "" ? `${whole}` : `${whole}.${fraction}`;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/** Go's `time` package quoting: printable ASCII kept, `"` and `\` escaped, other bytes as `\xNN`. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp >= 0x80) {
      for (const byte of new TextEncoder().encode(ch)) out += `\\x${byte.toString(16).padStart(2, "0")}`;
    } else {
      out += ch === '"' || ch === "\\" ? `\\${ch}` : ch;
    }
  }
  return out + '"';
}

/**
 * Go's `strconv.ParseInt` / `ParseUint` / `ParseFloat` / `Atoi` with their exact acceptance rules (base
 * prefixes and `_` separators with base 0, `Inf`/`NaN`, hexadecimal floats), as the cast-based Sprig
 * conversions rely on them.
 */

import { parseGoFloat64 } from "@gitops-kit/core";

/** A failed parse: Go's `strconv.ErrSyntax` or `strconv.ErrRange`. */
export type ParseFailure = "invalid syntax" | "value out of range";

/** The outcome of an integer parse; on range errors Go still returns the clamped value. */
export type IntParse = { ok: true; value: bigint } | { ok: false; error: ParseFailure; value: bigint };

function lower(c: string): string {
  return c >= "A" && c <= "Z" ? String.fromCharCode(c.charCodeAt(0) + 32) : c;
}

/** Go's `underscoreOK`: `_` only between digits (or after a base prefix). */
function underscoreOK(s0: string): boolean {
  let s = s0;
  let saw = "^";
  let i = 0;
  if (s.length >= 1 && (s[0] === "-" || s[0] === "+")) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "box".includes(lower(s[1]))) {
    i = 2;
    saw = "0";
    hex = lower(s[1]) === "x";
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= "0" && c <= "9") || (hex && "abcdef".includes(lower(c)))) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

function digitValue(c: string): number {
  if (c >= "0" && c <= "9") return c.charCodeAt(0) - 48;
  const l = lower(c);
  if (l >= "a" && l <= "z") return l.charCodeAt(0) - 87;
  return 99;
}

/** `strconv.ParseUint(s, base, bitSize)`; `bitSize` 0 means 64. */
export function parseGoUint(s0: string, base0: number, bitSize = 64): IntParse {
  const bits = bitSize === 0 ? 64 : bitSize;
  if (s0 === "") return { ok: false, error: "invalid syntax", value: 0n };
  let s = s0;
  let base = base0;
  const basePrefixAllowed = base0 === 0;
  if (base === 0) {
    base = 10;
    if (s[0] === "0") {
      if (s.length >= 3 && lower(s[1]) === "b") {
        base = 2;
        s = s.slice(2);
      } else if (s.length >= 3 && lower(s[1]) === "o") {
        base = 8;
        s = s.slice(2);
      } else if (s.length >= 3 && lower(s[1]) === "x") {
        base = 16;
        s = s.slice(2);
      } else {
        base = 8;
        s = s.slice(1);
      }
    }
  }
  const max = (1n << BigInt(bits)) - 1n;
  const b = BigInt(base);
  let n = 0n;
  let underscores = false;
  for (const c of s) {
    if (c === "_" && basePrefixAllowed) {
      underscores = true;
      continue;
    }
    const d = digitValue(c);
    if (d >= base) return { ok: false, error: "invalid syntax", value: 0n };
    n = n * b + BigInt(d);
    if (n > max) return { ok: false, error: "value out of range", value: max };
  }
  if (underscores && !underscoreOK(s0)) return { ok: false, error: "invalid syntax", value: 0n };
  return { ok: true, value: n };
}

/** `strconv.ParseInt(s, base, bitSize)`; `bitSize` 0 means 64. */
export function parseGoInt(s0: string, base: number, bitSize = 64): IntParse {
  const bits = bitSize === 0 ? 64 : bitSize;
  if (s0 === "") return { ok: false, error: "invalid syntax", value: 0n };
  let s = s0;
  let negative = false;
  if (s[0] === "+") s = s.slice(1);
  else if (s[0] === "-") {
    negative = true;
    s = s.slice(1);
  }
  const u = parseGoUint(s, base, bits);
  const cutoff = 1n << BigInt(bits - 1);
  if (!u.ok && u.error === "invalid syntax") return u;
  if (!u.ok) return { ok: false, error: "value out of range", value: negative ? -cutoff : cutoff - 1n };
  if (!negative && u.value >= cutoff) return { ok: false, error: "value out of range", value: cutoff - 1n };
  if (negative && u.value > cutoff) return { ok: false, error: "value out of range", value: -cutoff };
  return { ok: true, value: negative ? -u.value : u.value };
}

/** `strconv.Atoi`: base 10, no prefixes or separators; on error the value Go returns alongside it. */
export function atoi(s: string): IntParse {
  if (/^[+-]?$/.test(s) || /_/.test(s)) return { ok: false, error: "invalid syntax", value: 0n };
  return parseGoInt(s, 10, 64);
}

/** The outcome of a float parse. */
export type FloatParse = { ok: true; value: number } | { ok: false; error: ParseFailure; value: number };

/** `strconv.ParseFloat(s, 64)`; on a range error the value is ±Inf, as Go returns it. */
export function parseFloat64(s: string): FloatParse {
  const r = parseGoFloat64(s);
  if (r.error === null) return { ok: true, value: r.value };
  return { ok: false, error: r.error === "range" ? "value out of range" : "invalid syntax", value: r.value };
}

/**
 * Go's number literal rules as text/template applies them (strconv.ParseInt/ParseUint with base 0 and
 * ParseFloat): every base prefix, `_` separators, hex floats, and the same rejections.
 */

import { parseGoFloat64 } from "@gitops-kit/core";

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** Go's strconv underscoreOK: `_` only between digits (or after a base prefix). */
function underscoreOK(s0: string): boolean {
  let s = s0;
  let saw = "^";
  let i = 0;
  if (s.length >= 1 && (s[0] === "-" || s[0] === "+")) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "bBoOxX".includes(s[1])) {
    i = 2;
    saw = "0";
    hex = s[1] === "x" || s[1] === "X";
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c))) {
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
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

/** strconv.ParseInt(s, 0, 64) (or ParseUint when `unsigned`); `null` on any error. */
export function parseGoInt(s0: string, unsigned: boolean): bigint | null {
  if (s0 === "") return null;
  let s = s0;
  let neg = false;
  if (s[0] === "+" || s[0] === "-") {
    if (unsigned) return null;
    neg = s[0] === "-";
    s = s.slice(1);
    if (s === "") return null;
  }
  let base = 10;
  let body = s;
  if (s[0] === "0") {
    if (s.length >= 3 && (s[1] === "x" || s[1] === "X")) {
      base = 16;
      body = s.slice(2);
    } else if (s.length >= 3 && (s[1] === "o" || s[1] === "O")) {
      base = 8;
      body = s.slice(2);
    } else if (s.length >= 3 && (s[1] === "b" || s[1] === "B")) {
      base = 2;
      body = s.slice(2);
    } else if (s.length > 1) {
      base = 8;
      body = s.slice(1);
    }
  }
  let sawUnderscore = false;
  let n = 0n;
  const b = BigInt(base);
  let digits = 0;
  for (const c of body) {
    if (c === "_") {
      sawUnderscore = true;
      continue;
    }
    const d = digitValue(c);
    if (d >= base) return null;
    n = n * b + BigInt(d);
    digits++;
  }
  if (digits === 0 && !(base === 8 && body === "")) return null;
  if (sawUnderscore && !underscoreOK(s0)) return null;
  if (neg) n = -n;
  if (unsigned) return n > UINT64_MAX ? null : n;
  return n < INT64_MIN || n > INT64_MAX ? null : n;
}

/**
 * strconv.ParseFloat(s, 64) on the text the lexer accepted as a number; `null` on syntax error or
 * overflow to ±Inf (text/template treats every error alike).
 */
export function parseGoFloat(s: string): number | null {
  const r = parseGoFloat64(s);
  return r.error === null ? r.value : null;
}

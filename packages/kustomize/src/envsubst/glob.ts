import { type Bytes, decodeRune, RUNE_ERROR } from "./utf8.js";

/**
 * Shell-style glob used by the `#`/`%` trim operators, over bytes: `*` any run (including `/`), `?` one
 * rune, `[...]`/`[^...]` a rune class with ranges, `\c` a literal `c`. Returns `"bad"` for a malformed
 * pattern, which the trim operators answer by leaving the value alone.
 */
export function globMatch(pattern: Bytes, name: Bytes): boolean | "bad" {
  let p = pattern;
  let s = name;
  next: while (p.length > 0) {
    const { star, chunk, rest } = splitChunk(p);
    p = rest;
    // A trailing star takes the rest of the name, slashes included.
    if (star && chunk.length === 0) return true;
    const direct = matchChunk(chunk, s);
    // The last chunk must consume the name; an earlier one may leave text for what follows.
    if (direct.ok && (direct.rest.length === 0 || p.length > 0)) {
      s = direct.rest;
      continue;
    }
    if (direct.bad) return "bad";
    if (star) {
      // Let the star swallow 1, 2, ... bytes before trying the chunk again.
      for (let skip = 1; skip <= s.length; skip++) {
        const later = matchChunk(chunk, s.subarray(skip));
        if (later.ok) {
          if (p.length === 0 && later.rest.length > 0) continue;
          s = later.rest;
          continue next;
        }
        if (later.bad) return "bad";
      }
    }
    return false;
  }
  return s.length === 0;
}

const STAR = 0x2a;
const QUESTION = 0x3f;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;

/** Leading stars, then the pattern up to the next star outside a class. */
function splitChunk(pattern: Bytes): { star: boolean; chunk: Bytes; rest: Bytes } {
  let i = 0;
  while (i < pattern.length && pattern[i] === STAR) i++;
  const star = i > 0;
  const body = pattern.subarray(i);
  let inClass = false;
  let end = 0;
  for (; end < body.length; end++) {
    const b = body[end];
    if (b === BACKSLASH) {
      if (end + 1 < body.length) end++;
    } else if (b === OPEN) {
      inClass = true;
    } else if (b === CLOSE) {
      inClass = false;
    } else if (b === STAR && !inClass) {
      break;
    }
  }
  return { star, chunk: body.subarray(0, end), rest: body.subarray(end) };
}

type ChunkResult = { ok: boolean; bad: boolean; rest: Bytes };

/** Match a star-free chunk against the start of `s`. */
function matchChunk(chunk: Bytes, s: Bytes): ChunkResult {
  const no = (bad = false): ChunkResult => ({ ok: false, bad, rest: s });
  let c = chunk;
  let t = s;
  while (c.length > 0) {
    if (t.length === 0) return no();
    const b = c[0];
    if (b === OPEN) {
      const [r, width] = decodeRune(t, 0);
      t = t.subarray(width);
      c = c.subarray(1);
      let negated = false;
      if (c.length > 0 && c[0] === CARET) {
        negated = true;
        c = c.subarray(1);
      }
      let matched = false;
      let ranges = 0;
      for (;;) {
        if (c.length > 0 && c[0] === CLOSE && ranges > 0) {
          c = c.subarray(1);
          break;
        }
        const lo = classChar(c);
        if (lo === undefined) return no(true);
        c = lo.rest;
        let hi = lo.rune;
        if (c[0] === DASH) {
          const upper = classChar(c.subarray(1));
          if (upper === undefined) return no(true);
          hi = upper.rune;
          c = upper.rest;
        }
        if (lo.rune <= r && r <= hi) matched = true;
        ranges++;
      }
      if (matched === negated) return no();
    } else if (b === QUESTION) {
      const [, width] = decodeRune(t, 0);
      t = t.subarray(width);
      c = c.subarray(1);
    } else {
      let literal = b;
      if (b === BACKSLASH) {
        c = c.subarray(1);
        if (c.length === 0) return no(true);
        literal = c[0];
      }
      if (literal !== t[0]) return no();
      t = t.subarray(1);
      c = c.subarray(1);
    }
  }
  return { ok: true, bad: false, rest: t };
}

/** One (possibly escaped) class member; `undefined` when malformed, including when nothing follows it. */
function classChar(c: Bytes): { rune: number; rest: Bytes } | undefined {
  if (c.length === 0 || c[0] === DASH || c[0] === CLOSE) return undefined;
  let from = c;
  if (from[0] === BACKSLASH) {
    from = from.subarray(1);
    if (from.length === 0) return undefined;
  }
  const [rune, width] = decodeRune(from, 0);
  if (rune === RUNE_ERROR && width === 1) return undefined;
  const rest = from.subarray(width);
  if (rest.length === 0) return undefined;
  return { rune, rest };
}

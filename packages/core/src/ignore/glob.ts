/**
 * Shell-style matching of one path segment with Go's `path/filepath.Match` semantics: `*` (any run of
 * non-separators), `?` (one character), `[...]` classes with ranges and `^` negation, `\` escapes. A
 * malformed pattern never matches (Go reports `ErrBadPattern`, which the gitignore matcher treats as
 * no match) — even when an earlier part already failed, the rest is checked for syntax.
 *
 * @module
 */

/** Thrown internally for a malformed pattern. */
class BadPattern extends Error {}

/** Whether `name` matches `pattern`; `false` for a malformed pattern. */
export function globMatch(pattern: string, name: string): boolean {
  try {
    return match(Array.from(pattern), Array.from(name));
  } catch (err) {
    if (err instanceof BadPattern) return false;
    throw err;
  }
}

/** Whether `pattern` is well-formed (Go's `filepath.Match` would not report `ErrBadPattern`). */
export function isValidGlob(pattern: string): boolean {
  try {
    match(Array.from(pattern), []);
    return true;
  } catch (err) {
    if (err instanceof BadPattern) return false;
    throw err;
  }
}

const SEPARATOR = "/";

function match(pattern: string[], name: string[]): boolean {
  let p = 0;
  let n = 0;
  outer: while (p < pattern.length) {
    const { star, chunkStart, chunkEnd } = scanChunk(pattern, p);
    p = chunkEnd;
    const chunk = pattern.slice(chunkStart, chunkEnd);
    if (star && chunk.length === 0) {
      // A trailing star matches the rest unless it holds a separator.
      return !name.slice(n).includes(SEPARATOR);
    }
    const rest = matchChunk(chunk, name, n);
    // The last chunk must use up the name; otherwise a star may still find a later match.
    if (rest !== undefined && (rest === name.length || p < pattern.length)) {
      n = rest;
      continue;
    }
    if (star) {
      for (let i = n; i < name.length && name[i] !== SEPARATOR; i++) {
        const t = matchChunk(chunk, name, i + 1);
        if (t !== undefined) {
          if (p === pattern.length && t < name.length) continue;
          n = t;
          continue outer;
        }
      }
    }
    // No match: the rest of the pattern must still be well-formed.
    while (p < pattern.length) {
      const next = scanChunk(pattern, p);
      p = next.chunkEnd;
      matchChunk(pattern.slice(next.chunkStart, next.chunkEnd), [], 0);
    }
    return false;
  }
  return n === name.length;
}

/** Skip leading stars, then find the end of the chunk (the next star outside a class). */
function scanChunk(pattern: string[], from: number): { star: boolean; chunkStart: number; chunkEnd: number } {
  let i = from;
  let star = false;
  while (i < pattern.length && pattern[i] === "*") {
    i++;
    star = true;
  }
  const chunkStart = i;
  let inRange = false;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      if (i + 1 < pattern.length) i++;
    } else if (c === "[") {
      inRange = true;
    } else if (c === "]") {
      inRange = false;
    } else if (c === "*" && !inRange) {
      break;
    }
  }
  return { star, chunkStart, chunkEnd: i };
}

/**
 * Match one chunk (no stars) against `name` from index `at`. Returns the index after the match, or
 * `undefined` when it does not match. Throws {@link BadPattern} for malformed syntax, even after the
 * match has failed.
 */
function matchChunk(chunk: string[], name: string[], at: number): number | undefined {
  let failed = false;
  let s = at;
  let c = 0;
  while (c < chunk.length) {
    if (!failed && s >= name.length) failed = true;
    const ch = chunk[c];
    if (ch === "[") {
      let r = "";
      if (!failed) r = name[s++];
      c++;
      let negated = false;
      if (c < chunk.length && chunk[c] === "^") {
        negated = true;
        c++;
      }
      let matched = false;
      let ranges = 0;
      for (;;) {
        if (c < chunk.length && chunk[c] === "]" && ranges > 0) {
          c++;
          break;
        }
        const lo = classChar(chunk, c);
        c = lo.next;
        let hi = lo;
        if (chunk[c] === "-") {
          hi = classChar(chunk, c + 1);
          c = hi.next;
        }
        const code = r === "" ? -1 : r.codePointAt(0)!;
        if (lo.code <= code && code <= hi.code) matched = true;
        ranges++;
      }
      if (matched === negated) failed = true;
    } else if (ch === "?") {
      if (!failed) {
        if (name[s] === SEPARATOR) failed = true;
        s++;
      }
      c++;
    } else {
      let literal = ch;
      if (ch === "\\") {
        c++;
        if (c >= chunk.length) throw new BadPattern();
        literal = chunk[c];
      }
      if (!failed) {
        if (literal !== name[s]) failed = true;
        s++;
      }
      c++;
    }
  }
  return failed ? undefined : s;
}

/** One character of a class (possibly escaped); a class must not end right after it. */
function classChar(chunk: string[], at: number): { code: number; next: number } {
  let i = at;
  if (i >= chunk.length || chunk[i] === "-" || chunk[i] === "]") throw new BadPattern();
  if (chunk[i] === "\\") {
    i++;
    if (i >= chunk.length) throw new BadPattern();
  }
  const code = chunk[i].codePointAt(0)!;
  i++;
  if (i >= chunk.length) throw new BadPattern();
  return { code, next: i };
}

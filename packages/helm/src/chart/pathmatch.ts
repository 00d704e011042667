/**
 * Go's `path/filepath.Match` on `/`-separated paths: `*` (any run of non-`/` characters), `?` (one non-`/`
 * character), `[...]` / `[^...]` classes with ranges, `\` escapes. Used by .helmignore rules and
 * `helm template --show-only`.
 */

/** A pattern Go rejects with `filepath.ErrBadPattern`. */
export class BadPatternError extends Error {
  constructor(pattern: string) {
    super(`syntax error in pattern: ${pattern}`);
  }
}

function escapeClassChar(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** Translate a Go match pattern into an anchored RegExp; throws {@link BadPatternError}. */
export function compileGoPathPattern(pattern: string): RegExp {
  const chars = [...pattern];
  let re = "";
  let i = 0;
  const bad = () => new BadPatternError(pattern);
  // One character of a class range, honouring `\` escapes; `-` and `]` must be escaped.
  const classChar = (): number => {
    if (i >= chars.length) throw bad();
    let c = chars[i];
    if (c === "-" || c === "]") throw bad();
    if (c === "\\") {
      i++;
      if (i >= chars.length) throw bad();
      c = chars[i];
    }
    i++;
    return c.codePointAt(0) as number;
  };
  while (i < chars.length) {
    const c = chars[i];
    if (c === "*") {
      re += "[^/]*";
      i++;
    } else if (c === "?") {
      re += "[^/]";
      i++;
    } else if (c === "\\") {
      i++;
      if (i >= chars.length) throw bad();
      re += escapeClassChar(chars[i].codePointAt(0) as number);
      i++;
    } else if (c === "[") {
      i++;
      let negated = false;
      if (chars[i] === "^") {
        negated = true;
        i++;
      }
      let cls = "";
      let ranges = 0;
      for (;;) {
        if (i < chars.length && chars[i] === "]" && ranges > 0) {
          i++;
          break;
        }
        const lo = classChar();
        let hi = lo;
        if (chars[i] === "-") {
          i++;
          hi = classChar();
          if (hi < lo) throw bad();
        }
        cls += lo === hi ? escapeClassChar(lo) : `${escapeClassChar(lo)}-${escapeClassChar(hi)}`;
        ranges++;
      }
      // Unlike `?`, a class may match the separator (as in Go).
      re += negated ? `[^${cls}]` : `[${cls}]`;
    } else {
      re += escapeClassChar(c.codePointAt(0) as number);
      i++;
    }
  }
  return new RegExp(`^${re}$`, "u");
}

/** `filepath.Match(pattern, name)`: whether `name` matches; a malformed pattern throws `BadPatternError`. */
export function goPathMatch(pattern: string, name: string): boolean {
  return compileGoPathPattern(pattern).test(name);
}

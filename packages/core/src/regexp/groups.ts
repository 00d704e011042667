/**
 * A light scan of RE2 pattern syntax that finds where groups open, skipping escapes, `\Q...\E` quoting
 * and character classes. It does not validate anything: the RE2 parser does that. It lets the compiler
 * adjust the few spots where Go's parser and the RE2 port disagree.
 */

/** A group opening found in a pattern. */
export interface GroupOpening {
  /** Index of the `(`. */
  at: number;
  /** `capture` is `(`, `named` is `(?P<name>`, `angle` is `(?<...`, `other` is any other `(?`. */
  kind: "capture" | "named" | "angle" | "other";
  /** For `named` (and `angle` followed by a name and `>`): the name. */
  name?: string;
  /** Index just past the opening syntax (`(`, `(?P<name>`, `(?<name>` or `(?`). */
  end: number;
}

/** Index just past a character class starting at `start` (the `[`), or the pattern length if unclosed. */
function skipClass(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === "^") i++;
  let first = true;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "]" && !first) return i + 1;
    first = false;
    if (ch === "\\") {
      i += 2;
    } else if (ch === "[" && pattern[i + 1] === ":") {
      // `[:name:]` is one item when it is closed; otherwise the `[` is a literal.
      const close = pattern.indexOf(":]", i + 2);
      i = close >= 0 ? close + 2 : i + 1;
    } else {
      i++;
    }
  }
  return pattern.length;
}

const NAME_CHARS = /^[A-Za-z0-9_]*/;

/** Every group opening of `pattern`, in order. */
export function findGroupOpenings(pattern: string): GroupOpening[] {
  const found: GroupOpening[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "\\") {
      if (pattern[i + 1] === "Q") {
        // Literal text up to `\E` or the end of the pattern.
        const close = pattern.indexOf("\\E", i + 2);
        i = close >= 0 ? close + 2 : pattern.length;
      } else {
        i += 2;
      }
    } else if (ch === "[") {
      i = skipClass(pattern, i);
    } else if (ch === "(") {
      found.push(describeOpening(pattern, i));
      i++;
    } else {
      i++;
    }
  }
  return found;
}

function describeOpening(pattern: string, at: number): GroupOpening {
  if (pattern[at + 1] !== "?") return { at, kind: "capture", end: at + 1 };
  const named = (prefix: string, kind: "named" | "angle"): GroupOpening | undefined => {
    if (!pattern.startsWith(prefix, at)) return undefined;
    const nameStart = at + prefix.length;
    const name = NAME_CHARS.exec(pattern.slice(nameStart))?.[0] ?? "";
    const close = nameStart + name.length;
    if (name !== "" && pattern[close] === ">") return { at, kind, name, end: close + 1 };
    return kind === "angle" ? { at, kind, end: at + 3 } : undefined;
  };
  return named("(?P<", "named") ?? named("(?<", "angle") ?? { at, kind: "other", end: at + 2 };
}

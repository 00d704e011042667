/**
 * A fast path for `filterTags`: most tag patterns are simple enough that the platform's RegExp gives the
 * same matches and submatches as Go's RE2, tens of times faster than the RE2 emulation. A pattern is
 * translated only when it stays inside a subset where both engines agree (no flags, no Unicode classes,
 * no nested quantifiers) and where backtracking stays bounded (few unbounded quantifiers); the caller
 * uses the result only for printable-ASCII inputs no longer than {@link NATIVE_MAX_LENGTH}, where `.`,
 * `\s` and `\b` mean the same in both. Anything else returns `undefined` and goes through RE2.
 */

/** Longest input the native path handles (the OCI limit for a tag). */
export const NATIVE_MAX_LENGTH = 128;

/** Whether `s` may be matched with the native translation: printable ASCII, at most 128 characters. */
export function nativeInputOk(s: string): boolean {
  const n = s.length;
  if (n > NATIVE_MAX_LENGTH) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

const CLASS_ESCAPES = new Set(["d", "D", "w", "W", "s", "S"]);
const PUNCT = new Set([..."\\.-+*?()[]{}|^$/"]);

/**
 * The JavaScript source and flags of a Go pattern in the shared subset, or `undefined`. A leading flag
 * group `(?i)`, `(?s)`, `(?m)` (or several: `(?is)`) is accepted: on printable ASCII input, which has no
 * line breaks and no letters with special case folding, `i` means the same in both engines and `s` and
 * `m` change nothing.
 */
export function translateGoPattern(pattern: string): { source: string; flags: string } | undefined {
  const lead = /^\(\?([ims]+)\)/.exec(pattern);
  const source = translateBody(lead ? pattern.slice(lead[0].length) : pattern);
  if (source === undefined) return undefined;
  return { source, flags: lead?.[1].includes("i") ? "i" : "" };
}

function translateBody(pattern: string): string | undefined {
  let out = "";
  let i = 0;
  let unbounded = 0;
  // Per open group: whether a quantifier occurred inside it.
  const groups: boolean[] = [];
  let lastAtomHadQuantifier = false;
  const markQuantifier = () => {
    if (groups.length > 0) groups[groups.length - 1] = true;
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "\\") {
      const n = pattern[i + 1];
      if (n === undefined) return undefined;
      if (CLASS_ESCAPES.has(n) || n === "b" || n === "B" || PUNCT.has(n)) {
        out += `\\${n}`;
        i += 2;
        lastAtomHadQuantifier = false;
        continue;
      }
      return undefined;
    }
    if (c === "[") {
      const end = classEnd(pattern, i);
      if (end < 0) return undefined;
      out += pattern.slice(i, end + 1);
      i = end + 1;
      lastAtomHadQuantifier = false;
      continue;
    }
    if (c === "(") {
      if (pattern.startsWith("(?P<", i)) {
        const close = pattern.indexOf(">", i);
        if (close < 0 || !/^[A-Za-z0-9_]+$/.test(pattern.slice(i + 4, close))) return undefined;
        out += "(";
        i = close + 1;
      } else if (pattern.startsWith("(?:", i)) {
        out += "(?:";
        i += 3;
      } else if (pattern[i + 1] === "?") {
        return undefined; // flags, lookarounds, other group forms
      } else {
        out += "(";
        i += 1;
      }
      groups.push(false);
      lastAtomHadQuantifier = false;
      continue;
    }
    if (c === ")") {
      if (groups.length === 0) return undefined;
      lastAtomHadQuantifier = groups.pop() as boolean;
      if (lastAtomHadQuantifier) markQuantifier();
      out += ")";
      i += 1;
      continue;
    }
    if (c === "*" || c === "+" || c === "?" || c === "{") {
      let q = c;
      if (c === "{") {
        const m = /^\{(\d{1,3})(,(\d{0,3}))?\}/.exec(pattern.slice(i));
        if (!m) return undefined;
        q = m[0];
        if (m[2] !== undefined && (m[3] === "" || Number(m[3]) > 1)) unbounded++;
      } else if (c !== "?") {
        unbounded++;
      }
      // A quantified group that already holds a quantifier: nested repetition, where engines can differ.
      if (lastAtomHadQuantifier) return undefined;
      i += q.length;
      if (pattern[i] === "?") {
        q += "?";
        i++;
      }
      if (pattern[i] === "*" || pattern[i] === "+" || pattern[i] === "{") return undefined;
      out += q;
      markQuantifier();
      lastAtomHadQuantifier = true;
      continue;
    }
    if (c === "|" || c === "^" || c === "$" || c === ".") {
      out += c;
      i += 1;
      lastAtomHadQuantifier = false;
      continue;
    }
    if (/[A-Za-z0-9_\-:/@=,;'"!%&~`<># ]/.test(c)) {
      out += c === "/" ? "\\/" : c;
      i += 1;
      lastAtomHadQuantifier = false;
      continue;
    }
    return undefined;
  }
  if (groups.length > 0) return undefined;
  // Bounded backtracking: at most two unbounded repetitions when anchored at the start, one otherwise.
  if (unbounded > (pattern.startsWith("^") ? 2 : 1)) return undefined;
  return out;
}

/** Index of the `]` closing the class opened at `start`, or -1 when the class is outside the subset. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === "^") i++;
  if (pattern[i] === "]") i++; // a leading `]` is a literal in Go
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "]") return i;
    if (c === "[") return -1; // POSIX classes and nested brackets
    if (c === "\\") {
      const n = pattern[i + 1];
      if (n === undefined || !(CLASS_ESCAPES.has(n) || PUNCT.has(n))) return -1;
      i++;
      continue;
    }
    if (!/[\x20-\x7e]/.test(c)) return -1;
  }
  return -1;
}

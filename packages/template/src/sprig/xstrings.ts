/**
 * Case conversions with the word rules of huandu/xstrings v1.3 (what Sprig v3.2 ships): `snakecase`,
 * `kebabcase` split words at case changes, digits and connectors (`-`, `_`, spaces); `camelcase` joins words
 * separated by connectors.
 */
import { forEachRune, isLetter, isNumber, isPunct, isSpace, isUpper, toLower, toUpper } from "./unicode.js";

/** One rune of the input: its code point (U+FFFD for undecodable bytes and for U+FFFD itself) and text. */
interface Unit {
  r: number;
  text: string;
  /** Decodes as utf8.RuneError (an invalid byte, or a literal U+FFFD). */
  err: boolean;
}

function units(s: string): Unit[] {
  const out: Unit[] = [];
  forEachRune(s, (r, start, end) => {
    out.push({ r, text: s.slice(start, end), err: r === 0xfffd });
    return true;
  });
  return out;
}

const isConnector = (r: number): boolean => r === 0x2d || r === 0x5f || isSpace(r);

/** xstrings' isAlphabet: a letter that is not a CJK ideograph. */
function isAlphabet(r: number): boolean {
  if (!isLetter(r)) return false;
  if (r < 0x3400) return true;
  if (r >= 0x4e00 && r <= 0x9fcc) return false;
  if (r >= 0x3400 && r <= 0x4d85) return false;
  if (r >= 0x20000 && r <= 0x2b81d) return false;
  if (r >= 0xf900 && r <= 0xfad9) return false;
  if (r >= 0x2f800 && r <= 0x2fa1d) return false;
  return true;
}

type WordType = "invalid" | "number" | "upper" | "alphabet" | "connector" | "punct" | "other";

interface Word {
  type: WordType;
  /** Units of the word. */
  from: number;
  to: number;
}

/**
 * The first valid rune at or after `i`: its code point and how many units it takes to get past it (skipped
 * invalid units included). When only invalid units remain, `prev` is returned for all of them.
 */
function nextValid(u: Unit[], i: number, prev: number): { r: number; n: number } {
  for (let j = i; j < u.length; j++) if (!u[j].err) return { r: u[j].r, n: j - i + 1 };
  return { r: prev, n: u.length - i };
}

/** Split off the next word starting at unit `at`. */
function nextWord(u: Unit[], at: number): Word {
  if (at >= u.length) return { type: "invalid", from: at, to: at };
  let { r, n } = nextValid(u, at, 0xfffd);
  let end = at + n;
  if (r === 0xfffd && u.slice(at).every((x) => x.err)) return { type: "invalid", from: at, to: u.length };
  // Extend the word while `keep` holds for the next valid rune.
  const extend = (keep: (r: number) => boolean): void => {
    while (end < u.length) {
      const next = nextValid(u, end, r);
      r = next.r;
      if (!keep(r)) break;
      end += next.n;
    }
  };
  if (isConnector(r)) {
    extend(isConnector);
    return { type: "connector", from: at, to: end };
  }
  if (isPunct(r)) {
    extend(isPunct);
    return { type: "punct", from: at, to: end };
  }
  if (isUpper(r)) {
    if (end < u.length) {
      const second = nextValid(u, end, r);
      if (isUpper(second.r)) {
        // A run of capitals: "HTTPStatus" is "HTTP" + "Status", so the last capital goes to the next word
        // when a lower-case letter follows it.
        let lastSize = second.n;
        end += second.n;
        r = second.r;
        while (end < u.length) {
          const next = nextValid(u, end, r);
          r = next.r;
          if (!isUpper(r)) break;
          lastSize = next.n;
          end += next.n;
        }
        if (end < u.length && isAlphabet(r)) end -= lastSize;
      } else if (isAlphabet(second.r)) {
        end += second.n;
        r = second.r;
        extend((x) => isAlphabet(x) && !isUpper(x));
      }
    }
    return { type: "upper", from: at, to: end };
  }
  if (isAlphabet(r)) {
    extend((x) => isAlphabet(x) && !isUpper(x));
    return { type: "alphabet", from: at, to: end };
  }
  if (isNumber(r)) {
    extend(isNumber);
    return { type: "number", from: at, to: end };
  }
  extend((x) => !(isConnector(x) || isAlphabet(x) || isNumber(x) || isPunct(x)));
  return { type: "other", from: at, to: end };
}

/** Lower-case words joined with `connector` (xstrings' snake/kebab conversion). */
function toLowerWords(s: string, connector: string): string {
  if (s === "") return "";
  const u = units(s);
  let out = "";
  const emit = (w: Word): void => {
    if (w.type !== "upper" && w.type !== "connector") {
      for (let i = w.from; i < w.to; i++) out += u[i].text;
      return;
    }
    for (let i = w.from; i < w.to; i++) {
      const r = u[i].r;
      if (isConnector(r)) out += connector;
      else out += String.fromCodePoint(isUpper(r) ? toLower(r) : r);
    }
  };
  const joins = (t: WordType): boolean => t !== "connector" && t !== "punct";
  let w = nextWord(u, 0);
  while (w.to < u.length) {
    if (w.type !== "connector") emit(w);
    const prev = w;
    w = nextWord(u, w.to);
    if (prev.type === "number") {
      while (w.type === "alphabet" || w.type === "number") {
        emit(w);
        w = nextWord(u, w.to);
      }
      if (w.type !== "invalid" && joins(w.type)) out += connector;
    } else if (prev.type === "connector") {
      emit(prev);
    } else if (prev.type !== "punct") {
      if (w.type !== "number") {
        if (joins(w.type)) out += connector;
        continue;
      }
      if (w.to >= u.length) continue;
      // A number between words: it belongs to the previous word ("Bld4Floor" → "bld4_floor") unless
      // lower-case letters follow it ("HTTP2xx" → "http_2xx").
      const num = w;
      w = nextWord(u, w.to);
      if (w.type !== "alphabet") {
        emit(num);
        if (joins(w.type)) out += connector;
        continue;
      }
      out += connector;
      emit(num);
      while (w.type === "alphabet" || w.type === "number") {
        emit(w);
        w = nextWord(u, w.to);
      }
      if (w.type !== "invalid" && joins(w.type)) out += connector;
    }
  }
  emit(w);
  return out;
}

/** xstrings `ToSnakeCase`: `HTTPServer` → `http_server`. */
export function toSnakeCase(s: string): string {
  return toLowerWords(s, "_");
}

/** xstrings `ToKebabCase`: `HTTPServer` → `http-server`. */
export function toKebabCase(s: string): string {
  return toLowerWords(s, "-");
}

/**
 * xstrings v1.3 `ToCamelCase` (Sprig v3.2's `camelcase`): `http_server` → `HttpServer`. Leading connectors
 * are kept, a connector run keeps all but its last rune, letters not after a connector are lower-cased.
 */
export function toCamelCase(s: string): string {
  if (s === "") return "";
  const rs: number[] = [];
  forEachRune(s, (r) => {
    rs.push(r);
    return true;
  });
  let out = "";
  let i = 0;
  let r0 = 0;
  for (; i < rs.length; ) {
    r0 = rs[i++];
    if (!isConnector(r0)) {
      r0 = toUpper(r0);
      break;
    }
    out += String.fromCodePoint(r0);
  }
  if (i >= rs.length) return out + String.fromCodePoint(r0);
  for (; i < rs.length; i++) {
    const r1 = r0;
    r0 = rs[i];
    if (isConnector(r0) && isConnector(r1)) {
      out += String.fromCodePoint(r1);
      continue;
    }
    if (isConnector(r1)) r0 = toUpper(r0);
    else {
      r0 = toLower(r0);
      out += String.fromCodePoint(r1);
    }
  }
  return out + String.fromCodePoint(r0);
}

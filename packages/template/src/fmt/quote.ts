/**
 * Go's strconv quoting: Quote, QuoteToASCII, QuoteRune, QuoteRuneToASCII, CanBackquote, IsPrint, Unquote and
 * UnquoteChar, on Go strings (escaped raw bytes as described in `value/gostring.ts`).
 */

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;
const LOWER_HEX = "0123456789abcdef";

/** Go's strconv.IsPrint / unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space. */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return false;
  return PRINTABLE.test(String.fromCodePoint(r));
}

function hex(n: number, width: number): string {
  let s = "";
  for (let shift = (width - 1) * 4; shift >= 0; shift -= 4) s += LOWER_HEX[(n >>> shift) & 0xf];
  return s;
}

function escapeRune(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return `\\${String.fromCharCode(r)}`;
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) return String.fromCharCode(r);
  } else if (isPrint(r)) {
    return String.fromCodePoint(r);
  }
  switch (r) {
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x0b:
      return "\\v";
  }
  if (r < 0x20 || r === 0x7f) return `\\x${hex(r, 2)}`;
  let rr = r;
  if (rr > 0x10ffff || (rr >= 0xd800 && rr <= 0xdfff)) rr = 0xfffd;
  if (rr < 0x10000) return `\\u${hex(rr, 4)}`;
  return `\\U${hex(rr, 8)}`;
}

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  let out = String.fromCharCode(quote);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== quote && c !== 0x5c) {
      out += s[i];
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const c2 = s.charCodeAt(i + 1);
      if (c2 >= 0xdc00 && c2 <= 0xdfff) {
        out += escapeRune(0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00), quote, asciiOnly);
        i++;
        continue;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) {
      // An escaped raw byte: Go prints invalid bytes as \xNN.
      out += `\\x${hex(c - 0xdc00, 2)}`;
      continue;
    }
    out += escapeRune(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c, quote, asciiOnly);
  }
  return out + String.fromCharCode(quote);
}

/** strconv.Quote. */
export function quote(s: string): string {
  return quoteWith(s, 0x22, false);
}

/** strconv.QuoteToASCII. */
export function quoteToASCII(s: string): string {
  return quoteWith(s, 0x22, true);
}

/** strconv.QuoteRune (invalid runes become U+FFFD). */
export function quoteRune(r: number, asciiOnly = false): string {
  let rr = r;
  if (rr < 0 || rr > 0x10ffff || (rr >= 0xd800 && rr <= 0xdfff)) rr = 0xfffd;
  return `'${escapeRune(rr, 0x27, asciiOnly)}'`;
}

/** strconv.CanBackquote: no control characters other than tab, no backquote, valid UTF-8, no BOM. */
export function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x60 || c === 0xfeff || c === 0x7f) return false;
    if (c < 0x20 && c !== 0x09) return false;
    if (
      c >= 0xdc80 &&
      c <= 0xdcff &&
      (i === 0 || !(s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff))
    ) {
      return false;
    }
  }
  return true;
}

/** Thrown by {@link unquote} with Go's `invalid syntax` meaning. */
export class SyntaxError_ extends Error {
  constructor() {
    super("invalid syntax");
  }
}

function unhex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Go's strconv.UnquoteChar on a JS string at index `i`: decodes one (possibly escaped) character of a literal
 * quoted with `quote`. Returns the value (a code point, or a raw byte when `isByte`) and the next index.
 */
export function unquoteChar(
  s: string,
  i: number,
  quote: number,
): { value: number; isByte: boolean; next: number } {
  const c = s.charCodeAt(i);
  if (c === quote && (quote === 0x27 || quote === 0x22)) throw new SyntaxError_();
  if (c !== 0x5c) {
    const cp = s.codePointAt(i) ?? c;
    return { value: cp, isByte: false, next: i + (cp > 0xffff ? 2 : 1) };
  }
  if (i + 1 >= s.length) throw new SyntaxError_();
  const e = s.charCodeAt(i + 1);
  let j = i + 2;
  switch (e) {
    case 0x61:
      return { value: 7, isByte: false, next: j };
    case 0x62:
      return { value: 8, isByte: false, next: j };
    case 0x66:
      return { value: 12, isByte: false, next: j };
    case 0x6e:
      return { value: 10, isByte: false, next: j };
    case 0x72:
      return { value: 13, isByte: false, next: j };
    case 0x74:
      return { value: 9, isByte: false, next: j };
    case 0x76:
      return { value: 11, isByte: false, next: j };
    case 0x78:
    case 0x75:
    case 0x55: {
      const n = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
      if (j + n > s.length) throw new SyntaxError_();
      let v = 0;
      for (let k = 0; k < n; k++) {
        const h = unhex(s.charCodeAt(j + k));
        if (h < 0) throw new SyntaxError_();
        v = v * 16 + h;
      }
      j += n;
      if (e === 0x78) return { value: v, isByte: true, next: j };
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new SyntaxError_();
      return { value: v, isByte: false, next: j };
    }
    case 0x30:
    case 0x31:
    case 0x32:
    case 0x33:
    case 0x34:
    case 0x35:
    case 0x36:
    case 0x37: {
      let v = e - 48;
      if (j + 2 > s.length) throw new SyntaxError_();
      for (let k = 0; k < 2; k++) {
        const d = s.charCodeAt(j + k) - 48;
        if (d < 0 || d > 7) throw new SyntaxError_();
        v = v * 8 + d;
      }
      j += 2;
      if (v > 255) throw new SyntaxError_();
      return { value: v, isByte: true, next: j };
    }
    case 0x5c:
      return { value: 0x5c, isByte: false, next: j };
    case 0x27:
    case 0x22:
      if (e !== quote) throw new SyntaxError_();
      return { value: e, isByte: false, next: j };
    default:
      throw new SyntaxError_();
  }
}

/**
 * Go's strconv.Unquote for `"..."` and `` `...` `` literals (the forms template strings use). Byte escapes
 * (`\xff`) that do not form valid UTF-8 become escaped raw bytes. Throws `SyntaxError_`.
 */
export function unquote(lit: string): string {
  const n = lit.length;
  if (n < 2) throw new SyntaxError_();
  const q = lit.charCodeAt(0);
  if (q !== lit.charCodeAt(n - 1)) throw new SyntaxError_();
  const body = lit.slice(1, n - 1);
  if (q === 0x60) {
    if (body.includes("`")) throw new SyntaxError_();
    return body.includes("\r") ? body.replaceAll("\r", "") : body;
  }
  if (q !== 0x22 && q !== 0x27) throw new SyntaxError_();
  if (body.includes("\n")) throw new SyntaxError_();
  if (!body.includes("\\") && !body.includes(String.fromCharCode(q))) return body;
  let out = "";
  let bytes: number[] | null = null;
  const flushBytes = () => {
    if (bytes) {
      out += decodeBytes(bytes);
      bytes = null;
    }
  };
  let i = 0;
  while (i < body.length) {
    const r = unquoteChar(body, i, q);
    i = r.next;
    if (r.isByte) {
      if (!bytes) bytes = [];
      bytes.push(r.value);
    } else {
      flushBytes();
      out += String.fromCodePoint(r.value);
    }
  }
  flushBytes();
  return out;
}

function decodeBytes(bytes: number[]): string {
  // Valid UTF-8 sequences decode to characters; other bytes stay raw (escaped).
  const arr = Uint8Array.from(bytes);
  let out = "";
  let i = 0;
  while (i < arr.length) {
    const b = arr[i];
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (size > 1 && i + size <= arr.length) {
      try {
        const decoded = new TextDecoder("utf-8", { fatal: true }).decode(arr.subarray(i, i + size));
        out += decoded;
        i += size;
        continue;
      } catch {
        // fall through: raw byte
      }
    }
    out += String.fromCharCode(0xdc00 + b);
    i++;
  }
  return out;
}

/**
 * Go strings are byte sequences; JavaScript strings are UTF-16. The engine keeps Go strings as JS strings and
 * represents each byte that is not part of valid UTF-8 as a lone surrogate U+DC80–U+DCFF (the byte plus
 * 0xDC00, like Python's "surrogateescape"). Valid text never contains lone surrogates, so these helpers give
 * byte-exact `len`, indexing and slicing, and {@link encodeGoString} turns a result back into exact bytes.
 */

const ESCAPE_BASE = 0xdc00;

/** Whether the code unit is an escaped raw byte (U+DC80–U+DCFF not paired with a high surrogate). */
function isEscapedByte(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xdc80 || c > 0xdcff) return false;
  return i === 0 || !isHighSurrogate(s.charCodeAt(i - 1));
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Number of bytes of the Go string (Go's `len(s)`). */
export function byteLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (isHighSurrogate(c) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 2; // 4 bytes for 2 code units
      i++;
    } else if (c >= 0xdc80 && c <= 0xdcff && isEscapedByte(s, i)) {
      // one raw byte
    } else n += 2;
  }
  return n;
}

/** The exact bytes of a Go string. Unpaired surrogates other than escaped bytes become U+FFFD. */
export function encodeGoString(s: string): Uint8Array {
  const out = new Uint8Array(byteLength(s));
  let j = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[j++] = c;
      continue;
    }
    if (c < 0x800) {
      out[j++] = 0xc0 | (c >> 6);
      out[j++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (isHighSurrogate(c) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00);
      i++;
      out[j++] = 0xf0 | (cp >> 18);
      out[j++] = 0x80 | ((cp >> 12) & 0x3f);
      out[j++] = 0x80 | ((cp >> 6) & 0x3f);
      out[j++] = 0x80 | (cp & 0x3f);
      continue;
    }
    if (c >= 0xdc80 && c <= 0xdcff && isEscapedByte(s, i)) {
      out[j++] = c - ESCAPE_BASE;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    out[j++] = 0xe0 | (c >> 12);
    out[j++] = 0x80 | ((c >> 6) & 0x3f);
    out[j++] = 0x80 | (c & 0x3f);
  }
  return out.subarray(0, j);
}

/**
 * Decode bytes into a Go string: valid UTF-8 sequences become their characters, every other byte becomes an
 * escaped raw byte, so `encodeGoString(decodeGoBytes(b))` returns `b` unchanged.
 */
export function decodeGoBytes(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  const n = bytes.length;
  let chunkStart = 0;
  // ASCII runs are copied in chunks for speed.
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    if (i > chunkStart) out += latin1(bytes, chunkStart, i);
    const [cp, size] = decodeRuneAt(bytes, i);
    if (cp === -1) {
      out += String.fromCharCode(ESCAPE_BASE + b);
    } else {
      out += String.fromCodePoint(cp);
    }
    i += size;
    chunkStart = i;
  }
  if (n > chunkStart) out += latin1(bytes, chunkStart, n);
  return out;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let k = start; k < end; k += 4096) {
    s += String.fromCharCode(...bytes.subarray(k, Math.min(end, k + 4096)));
  }
  return s;
}

/**
 * Decode one UTF-8 sequence at `i`: returns [code point, size]. An invalid or truncated sequence gives
 * [-1, 1] (Go would report RuneError with width 1).
 */
export function decodeRuneAt(bytes: Uint8Array, i: number): [number, number] {
  const b0 = bytes[i];
  if (b0 < 0x80) return [b0, 1];
  const n = bytes.length;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    if (i + 1 < n && (bytes[i + 1] & 0xc0) === 0x80) return [((b0 & 0x1f) << 6) | (bytes[i + 1] & 0x3f), 2];
    return [-1, 1];
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    if (i + 2 >= n) return [-1, 1];
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    if (b1 < lo || b1 > hi || (b2 & 0xc0) !== 0x80) return [-1, 1];
    return [((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f), 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    if (i + 3 >= n) return [-1, 1];
    const b1 = bytes[i + 1];
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    if (b1 < lo || b1 > hi || (bytes[i + 2] & 0xc0) !== 0x80 || (bytes[i + 3] & 0xc0) !== 0x80)
      return [-1, 1];
    return [
      ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f),
      4,
    ];
  }
  return [-1, 1];
}

/** Whether the Go string holds only valid UTF-8 (no escaped raw bytes). */
export function isValidUtf8(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && isEscapedByte(s, i)) return false;
  }
  return true;
}

/** Whether the string contains only ASCII, so byte offsets equal code-unit offsets. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** The byte at offset `i` of the Go string (Go's `s[i]`). */
export function byteAt(s: string, i: number): number {
  if (isAscii(s)) return s.charCodeAt(i);
  return encodeGoString(s)[i];
}

/** Go's `s[start:end]` on bytes; cutting inside a character yields escaped raw bytes, as in Go. */
export function sliceBytes(s: string, start: number, end?: number): string {
  if (isAscii(s)) return s.slice(start, end);
  return decodeGoBytes(encodeGoString(s).subarray(start, end));
}

/**
 * The runes of a Go string, as Go's `for _, r := range s` yields them: escaped raw bytes and unpaired
 * surrogates come out as U+FFFD.
 */
export function runes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHighSurrogate(c) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      out.push(0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out.push(0xfffd);
    else out.push(c);
  }
  return out;
}

/** Number of runes (Go's utf8.RuneCountInString: each invalid byte counts as one). */
export function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHighSurrogate(c) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) i++;
    n++;
  }
  return n;
}

/** Go's `string(r)` for a rune: invalid code points become U+FFFD. */
export function runeToString(r: number): string {
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return "\ufffd";
  return String.fromCodePoint(r);
}

/** Byte-wise (UTF-8) order of Go strings, as Go's sort and fmtsort use. */
export { compareCodePoints as compareGoStrings } from "@gitops-kit/core";

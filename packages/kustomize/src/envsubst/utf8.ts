/**
 * UTF-8 byte helpers with Go's conventions: the substitution language works on Go strings, i.e. bytes,
 * so offsets, lengths and slices are in bytes and an invalid byte decodes to U+FFFD with width 1.
 */

export type Bytes = Uint8Array;

/** Go's `utf8.RuneError`. */
export const RUNE_ERROR = 0xfffd;

const encoder = new TextEncoder();

export function utf8(text: string): Bytes {
  return encoder.encode(text);
}

/**
 * Decode the rune starting at `at` (Go `utf8.DecodeRune`): `[rune, width]`, `[RUNE_ERROR, 1]` for an
 * invalid or truncated sequence, `[RUNE_ERROR, 0]` past the end. `byteAt` reads relative to `at`.
 */
export function decodeRuneWith(byteAt: (offset: number) => number | undefined): [number, number] {
  const b0 = byteAt(0);
  if (b0 === undefined) return [RUNE_ERROR, 0];
  if (b0 < 0x80) return [b0, 1];
  let need: number;
  let min: number;
  let cp: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    need = 1;
    min = 0x80;
    cp = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    need = 2;
    min = 0x800;
    cp = b0 & 0x0f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    need = 3;
    min = 0x10000;
    cp = b0 & 0x07;
  } else {
    return [RUNE_ERROR, 1];
  }
  for (let k = 1; k <= need; k++) {
    const b = byteAt(k);
    if (b === undefined || (b & 0xc0) !== 0x80) return [RUNE_ERROR, 1];
    cp = (cp << 6) | (b & 0x3f);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return [RUNE_ERROR, 1];
  return [cp, need + 1];
}

/** Decode the rune of `bytes` at `at`. */
export function decodeRune(bytes: Bytes, at: number): [number, number] {
  return decodeRuneWith((k) => (at + k < bytes.length ? bytes[at + k] : undefined));
}

const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decode bytes to a string, one U+FFFD per invalid byte (as Go's `for range` and JSON encoding do). */
export function decodeUtf8(bytes: Bytes): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    // Invalid UTF-8: the platform decoder would merge some invalid sequences into one U+FFFD.
    return decodeLossyByByte(bytes);
  }
}

function decodeLossyByByte(bytes: Bytes): string {
  let out = "";
  let i = 0;
  let plainStart = 0;
  // ASCII runs are copied in one go; everything else rune by rune.
  while (i < bytes.length) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    if (plainStart < i) out += asciiText(bytes.subarray(plainStart, i));
    const [cp, width] = decodeRune(bytes, i);
    out += String.fromCodePoint(cp);
    i += width;
    plainStart = i;
  }
  if (plainStart < i) out += asciiText(bytes.subarray(plainStart, i));
  return out;
}

function asciiText(bytes: Bytes): string {
  // fromCharCode with a spread argument list is bounded by the engine's argument limit: chunk it.
  let out = "";
  for (let k = 0; k < bytes.length; k += 8192) out += String.fromCharCode(...bytes.subarray(k, k + 8192));
  return out;
}

/** Encode one code point. */
export function encodeRune(cp: number): Bytes {
  return utf8(String.fromCodePoint(cp));
}

/** The runes of `bytes`, decoded the Go way. */
export function runes(bytes: Bytes): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const [cp, width] = decodeRune(bytes, i);
    out.push(cp);
    i += width;
  }
  return out;
}

export function concatBytes(parts: readonly Bytes[]): Bytes {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** First index of `needle` in `haystack` at or after `from`, or -1 (`needle` non-empty). */
export function indexOfBytes(haystack: Bytes, needle: Bytes, from = 0): number {
  const last = haystack.length - needle.length;
  outer: for (let i = from; i <= last; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

export function startsWithBytes(bytes: Bytes, prefix: Bytes): boolean {
  if (prefix.length > bytes.length) return false;
  for (let k = 0; k < prefix.length; k++) if (bytes[k] !== prefix[k]) return false;
  return true;
}

export function endsWithBytes(bytes: Bytes, suffix: Bytes): boolean {
  const offset = bytes.length - suffix.length;
  if (offset < 0) return false;
  for (let k = 0; k < suffix.length; k++) if (bytes[offset + k] !== suffix[k]) return false;
  return true;
}

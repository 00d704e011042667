/**
 * Hex decoding and base64 as Go's `encoding/hex` and `encoding/base64` do them, error texts included
 * where Flux shows them (a malformed signature header names the bad byte). Hex encoding is core's `toHex`.
 *
 * @module
 */
import { toBase64 } from "@gitops-kit/core";

/** Go `hex.DecodeString`: either the bytes or the error text Go gives. Both cases are accepted. */
export function hexDecode(text: string): { bytes: Uint8Array } | { error: string } {
  const bytes = new Uint8Array(text.length >> 1);
  // Go checks characters pairwise before it checks the length, so an invalid byte wins.
  for (let i = 0; i < text.length; i++) {
    if (hexValue(text.charCodeAt(i)) < 0)
      return { error: `encoding/hex: invalid byte: ${goRuneQuote(text, i)}` };
  }
  if (text.length % 2 === 1) return { error: "encoding/hex: odd length hex string" };
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = (hexValue(text.charCodeAt(2 * i)) << 4) | hexValue(text.charCodeAt(2 * i + 1));
  }
  return { bytes };
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Go's `%#U` of the byte at `i` as `hex.InvalidByteError` prints it: `U+0067 'g'`. */
function goRuneQuote(text: string, i: number): string {
  // InvalidByteError formats the single byte as a rune, so non-ASCII shows its first UTF-8 byte.
  const bytes = new TextEncoder().encode(text.slice(i, i + 2));
  const b = bytes[0];
  const code = `U+${b.toString(16).toUpperCase().padStart(4, "0")}`;
  const printable = (b >= 0x20 && b < 0x7f) || (b >= 0xa1 && b !== 0xad);
  return printable ? `${code} '${String.fromCharCode(b)}'` : code;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 with padding (Go `base64.StdEncoding.EncodeToString`). */
export function base64Encode(data: Uint8Array | string): string {
  return toBase64(typeof data === "string" ? new TextEncoder().encode(data) : data);
}

/**
 * Go `base64.StdEncoding.DecodeString` when its error is ignored: the bytes of the complete,
 * valid 4-character groups before the first problem (Go returns what it decoded so far). Line
 * breaks are skipped, as Go does.
 */
export function base64DecodeLenient(text: string): Uint8Array {
  const clean = text.replace(/[\r\n]/g, "");
  const out: number[] = [];
  for (let i = 0; i + 4 <= clean.length; i += 4) {
    const group = clean.slice(i, i + 4);
    const values = [...group].map((c) => (c === "=" ? -2 : B64.indexOf(c)));
    if (values.some((v) => v === -1)) break;
    const pad = values.indexOf(-2);
    if (pad >= 0 && (pad < 2 || values.slice(pad).some((v) => v !== -2))) break;
    const [a, b, c, d] = values.map((v) => Math.max(v, 0));
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out.push((n >> 16) & 255);
    if (pad === -1 || pad > 2) out.push((n >> 8) & 255);
    if (pad === -1) out.push(n & 255);
    if (pad >= 0) break;
  }
  return new Uint8Array(out);
}

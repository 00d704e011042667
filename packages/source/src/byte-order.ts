/**
 * Byte order, Go's order for strings: Bucket index keys, JSON map keys in OCI configs and Git index
 * entries are sorted this way.
 *
 * @module
 */

/** Compare byte strings lexicographically. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** `texts` sorted by their UTF-8 bytes, each encoded once rather than at every comparison. */
export function sortByUtf8(texts: readonly string[]): string[] {
  const encoder = new TextEncoder();
  return texts
    .map((text) => ({ text, bytes: encoder.encode(text) }))
    .sort((a, b) => compareBytes(a.bytes, b.bytes))
    .map((e) => e.text);
}

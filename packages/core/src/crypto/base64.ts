/**
 * Standard base64 with padding (Go's `base64.StdEncoding.EncodeToString`), the form Secret `data`,
 * Basic auth and most wire formats use.
 *
 * @module
 */

/** Standard base64 of bytes, with padding. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  // In slices: spreading a whole large array into fromCharCode would overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

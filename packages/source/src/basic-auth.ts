/**
 * HTTP Basic authorization, shared by the Git, Helm repository and OCI registry clients.
 *
 * @module
 */

/** `Basic <base64(username:password)>`, the pair encoded as UTF-8 (what Go's `SetBasicAuth` sends). */
export function basicAuthHeader(username: string, password: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(`${username}:${password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

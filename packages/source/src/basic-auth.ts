/**
 * HTTP Basic authorization, shared by the Git, Helm repository and OCI registry clients.
 *
 * @module
 */
import { toBase64 } from "@gitops-kit/core";

/** `Basic <base64(username:password)>`, the pair encoded as UTF-8 (what Go's `SetBasicAuth` sends). */
export function basicAuthHeader(username: string, password: string): string {
  return `Basic ${toBase64(new TextEncoder().encode(`${username}:${password}`))}`;
}

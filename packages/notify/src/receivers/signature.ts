/**
 * Webhook signatures in GitHub's scheme (`<alg>=<hex HMAC of the raw body>`), which Flux uses for the
 * github, bitbucket (server) and generic-hmac receivers, with go-github's error texts. Comparisons are
 * constant-time.
 *
 * @module
 */

import { constantTimeEqual, type HashAlgorithm, hmac } from "@gitops-kit/core";
import { hexDecode } from "../crypto/encoding.js";
import { goQuote } from "../go-json.js";

/** A signature that does not verify; `message` is go-github's text (`payload signature check failed`). */
export class SignatureError extends Error {}

/** Parse `sha256=<hex>` into the algorithm and MAC bytes (go-github's `messageMAC`). */
export function parseSignature(signature: string): { algorithm: HashAlgorithm; mac: Uint8Array } {
  if (signature === "") throw new SignatureError("missing signature");
  const eq = signature.indexOf("=");
  if (eq < 0) throw new SignatureError(`error parsing signature ${goQuote(signature)}`);
  const prefix = signature.slice(0, eq);
  if (prefix !== "sha1" && prefix !== "sha256" && prefix !== "sha512") {
    throw new SignatureError(`unknown hash type prefix: ${goQuote(prefix)}`);
  }
  const decoded = hexDecode(signature.slice(eq + 1));
  if ("error" in decoded)
    throw new SignatureError(`error decoding signature ${goQuote(signature)}: ${decoded.error}`);
  return { algorithm: prefix, mac: decoded.bytes };
}

/** go-github's `ValidateSignature`: throws {@link SignatureError} unless `signature` signs `body` with `key`. */
export function validateSignature(signature: string, body: Uint8Array, key: Uint8Array | string): void {
  const { algorithm, mac } = parseSignature(signature);
  if (!constantTimeEqual(mac, hmac({ algorithm, key, data: body })))
    throw new SignatureError("payload signature check failed");
}

import { sha256Hex } from "../crypto/sha256.js";
import { FormatError } from "../errors.js";

/** A content digest in OCI / Flux form: `<algorithm>:<hex>`. */
export interface Digest {
  algorithm: string;
  hex: string;
}

const HEX_LENGTH: Record<string, number> = { sha1: 40, sha256: 64, sha384: 96, sha512: 128 };
// OCI image-spec digest grammar (algorithm components joined by + . _ -, encoded part of [a-zA-Z0-9=_-]).
const DIGEST = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;

/** The `sha256:<hex>` digest of bytes (or a UTF-8 string). Synchronous. */
export function digestOf(data: Uint8Array | string): string {
  return `sha256:${sha256Hex(data)}`;
}

/**
 * Parse `<algorithm>:<hex>`. Known algorithms (sha1, sha256, sha384, sha512) must have lowercase hex of
 * the right length. Anything else raises a {@link FormatError} with code `INVALID_DIGEST`.
 */
export function parseDigest(text: string): Digest {
  const m = DIGEST.exec(text);
  if (!m) throw new FormatError("INVALID_DIGEST", `invalid digest "${text}": expected <algorithm>:<hex>`);
  const [, algorithm, hex] = m;
  const length = HEX_LENGTH[algorithm];
  if (length !== undefined && (hex.length !== length || !/^[0-9a-f]+$/.test(hex))) {
    throw new FormatError(
      "INVALID_DIGEST",
      `invalid digest "${text}": ${algorithm} needs ${length} lowercase hex characters`,
    );
  }
  return { algorithm, hex };
}

/** `<algorithm>:<hex>`. */
export function formatDigest(digest: Digest): string {
  return `${digest.algorithm}:${digest.hex}`;
}

/** True when `data` hashes to `digest` (only `sha256` can be verified; other algorithms are unsupported). */
export function verifyDigest(data: Uint8Array | string, digest: string): boolean {
  const d = parseDigest(digest);
  if (d.algorithm !== "sha256") {
    throw new FormatError("UNSUPPORTED_DIGEST", `cannot verify digest "${digest}": only sha256 is supported`);
  }
  return sha256Hex(data) === d.hex;
}

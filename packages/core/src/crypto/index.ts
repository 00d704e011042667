export { toBase64 } from "./base64.js";
export type { Hash, HashAlgorithm } from "./hash.js";
export { toHex } from "./hex.js";
export { constantTimeEqual, type HmacOptions, hmac, newHash } from "./hmac.js";
export { Sha1, sha1 } from "./sha1.js";
export { Sha256, sha256, sha256Hex } from "./sha256.js";
export { Sha512, sha512 } from "./sha512.js";

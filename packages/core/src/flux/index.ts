export * from "./conditions.js";
export * from "./digest.js";
export * from "./duration.js";
export * from "./revision.js";
export { Sha256, sha256, sha256Hex, toHex } from "./sha256.js";

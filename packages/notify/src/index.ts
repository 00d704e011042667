export * from "./alert.js";
export * from "./crypto/encoding.js";
export * from "./crypto/hash.js";
export * from "./event.js";
export * from "./event-builders.js";
export * from "./go-json.js";
export * from "./providers/index.js";
export * from "./sender.js";

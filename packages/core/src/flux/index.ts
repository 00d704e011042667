export * from "./conditions.js";
export * from "./digest.js";
export * from "./duration.js";
export * from "./revision.js";

export * from "./errors.js";
export * from "./semver/index.js";
export * from "./regexp/index.js";

export * from "./errors.js";
export * from "./semver/index.js";

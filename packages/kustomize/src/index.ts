export * from "./envsubst/index.js";

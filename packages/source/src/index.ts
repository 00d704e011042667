/**
 * `@gitops-kit/source`: Flux sources as functions. Runtime-neutral; the `git` CLI adapter lives in
 * the `@gitops-kit/source/node` entry.
 *
 * @module
 */
export * from "./artifact/index.js";
export * from "./artifact/source-artifact.js";
export * from "./errors.js";
export * from "./git/index.js";
export * from "./helm/select-version.js";
export * from "./helm-repository/index.js";
export * from "./ignore/index.js";
export * from "./oci/index.js";
export * from "./revision.js";

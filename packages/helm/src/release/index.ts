/**
 * HelmRelease (`helm.toolkit.fluxcd.io/v2`) composition: schema, naming, values, chart resolution,
 * post-rendering, digests, drift detection, the planner, release storage and the reconciler.
 *
 * @module
 */
export { HELM_CONTROLLER_FIELD_MANAGER, type ReleaseActionResult, type TestRunner } from "./actions.js";
export * from "./chart.js";
export * from "./digest.js";
export * from "./drift.js";
export * from "./errors.js";
export * from "./name.js";
export * from "./planner.js";
export * from "./postrender.js";
export * from "./reconcile.js";
export * from "./schema.js";
export * from "./storage.js";
export * from "./uninstall.js";
export * from "./values.js";

/**
 * @gitops-kit/helm: Helm chart rendering identical to `helm template`, and Flux HelmRelease composition.
 *
 * So far: Helm's template functions for @gitops-kit/template (see `funcs/`).
 *
 * ```ts
 * import { sprigFuncs, Template } from "@gitops-kit/template";
 * import { createHelmFuncs } from "@gitops-kit/helm";
 * const root = new Template("gotpl", { missingKey: "zero" }).funcs(sprigFuncs);
 * root.funcs(createHelmFuncs({ template: root }));
 * ```
 */
export * from "./funcs/index.js";

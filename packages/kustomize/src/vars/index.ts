/**
 * The deprecated kustomize `vars`: {@link mergeVars} per kustomization level, {@link resolveVars} at the end.
 *
 * @module
 */
export {
  addVars,
  describeVar,
  expandVars,
  type MergeVarsOptions,
  mergeVars,
  normalizeVar,
  type ResolveVarsOptions,
  type ResolveVarsResult,
  resolveVars,
  type Var,
  VarError,
  type VarResId,
  type VarResource,
  type VarSpec,
} from "./vars.js";

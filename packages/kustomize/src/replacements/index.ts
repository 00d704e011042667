/**
 * kustomize `replacements`: {@link loadReplacements} resolves the kustomization entries,
 * {@link applyReplacements} applies them to the build's resources.
 *
 * @module
 */

export { splitFieldPath } from "./field-path.js";
export {
  type ApplyReplacementsOptions,
  applyReplacements,
  type LoadReplacementsOptions,
  loadReplacements,
  type Replacement,
  ReplacementError,
  type ReplacementFieldOptions,
  type ReplacementResId,
  type ReplacementResource,
  type ReplacementSelector,
  type ReplacementSource,
  type ReplacementTarget,
} from "./replacements.js";

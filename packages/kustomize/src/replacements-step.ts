/**
 * The ReplacementTransformer step of the pipeline: hands the build's resources (with all their
 * ids) to the replacements engine (`replacements/`).
 *
 * @module
 */
import { GitOpsError } from "@gitops-kit/core";
import { TransformerError } from "./errors.js";
import type { PatchContext } from "./patches.js";
import { applyReplacements, type Replacement } from "./replacements/replacements.js";
import type { ResMap } from "./resmap.js";

/** One replacement as written (inline, or a `path:` to a file of them). */
export interface ReplacementSpec extends Replacement {
  path?: string;
}

/** Options of {@link runReplacements}. */
export interface RunReplacementsOptions {
  resources: ResMap;
  replacements: ReplacementSpec[];
  ctx: PatchContext;
}

/** Apply replacements to the resources in place. */
export function runReplacements(options: RunReplacementsOptions): void {
  const { resources, ctx } = options;
  try {
    applyReplacements({
      resources: resources.resources(),
      replacements: options.replacements,
      isClusterScoped: resources.scope,
    });
  } catch (err) {
    if (err instanceof GitOpsError) {
      throw new TransformerError(`replacements in ${ctx.file}: ${err.message}`, {
        file: ctx.file,
        field: "replacements",
        cause: err,
      });
    }
    throw err;
  }
  resources.invalidate();
}

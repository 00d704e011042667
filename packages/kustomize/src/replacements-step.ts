/**
 * The ReplacementTransformer step of the pipeline: hands the resources to the replacements engine
 * (`replacements/`).
 *
 * @module
 */
import { UnsupportedError } from "@gitops-kit/core";
import type { PatchContext } from "./patches.js";
import type { ResMap } from "./resmap.js";

/** One replacement as written (inline, or a `path:` to a file of them). */
export interface ReplacementSpec {
  source?: unknown;
  targets?: unknown[];
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
  if (options.replacements.length === 0) return;
  throw new UnsupportedError(`replacements are not available yet (in ${options.ctx.file})`);
}

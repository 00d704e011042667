/**
 * Vars (deprecated, still supported) in the pipeline: each kustomization level binds its vars to
 * the resources their objrefs name (`vars/` does the matching and substitution); at the root, after
 * name references are fixed, `$(NAME)` is replaced in the varReference fields.
 *
 * @module
 */
import { GitOpsError } from "@gitops-kit/core";
import { KustomizationFileError } from "./errors.js";
import type { FieldSpec } from "./fieldspecs/config.js";
import type { ResMap } from "./resmap.js";
import {
  addVars,
  mergeVars as bindVars,
  resolveVars as substituteVars,
  type Var,
  type VarSpec,
} from "./vars/vars.js";

/** A var as written in a kustomization. */
export type VarDef = VarSpec;

/** The vars declared so far in an accumulator (kustomize's VarSet). */
export class VarSet {
  list: Var[] = [];

  get size(): number {
    return this.list.length;
  }

  /** Add another set's vars; a name already present is an error. */
  mergeSet(other: VarSet, file: string): void {
    this.list = wrap(() => addVars(this.list, other.list), file);
  }
}

function wrap<T>(fn: () => T, file: string | undefined): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof GitOpsError && !(err instanceof KustomizationFileError)) {
      throw new KustomizationFileError(`${file ? `${file}: ` : ""}vars: ${err.message}`, {
        file,
        field: "vars",
        cause: err,
      });
    }
    throw err;
  }
}

/** Options of {@link mergeVars}. */
export interface MergeVarsOptions {
  accumulator: { resources: ResMap; vars: VarSet };
  vars: VarDef[];
  file: string;
}

/** Bind a level's vars to the resources their objrefs name, and add them to the set. */
export function mergeVars(options: MergeVarsOptions): void {
  if (options.vars.length === 0) return;
  const { accumulator, file } = options;
  accumulator.vars.list = wrap(
    () =>
      bindVars({
        resources: accumulator.resources.resources(),
        known: accumulator.vars.list,
        incoming: options.vars,
        isClusterScoped: accumulator.resources.scope,
      }),
    file,
  );
}

/** Options of {@link resolveVars}. */
export interface ResolveVarsOptions {
  resources: ResMap;
  vars: VarSet;
  fieldSpecs: FieldSpec[];
  /** The root kustomization, for messages. */
  file?: string;
}

/** Find each var's value and substitute `$(NAME)` in the varReference fields. */
export function resolveVars(options: ResolveVarsOptions): void {
  if (options.vars.size === 0) return;
  wrap(
    () =>
      substituteVars({
        resources: options.resources.resources(),
        vars: options.vars.list,
        fieldSpecs: options.fieldSpecs,
      }),
    options.file,
  );
}

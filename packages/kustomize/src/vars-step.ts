/**
 * Vars (deprecated, still supported): each kustomization level declares vars whose objref names a
 * resource; at the root, after name references are fixed, each var's value is read from its
 * resource and substituted for `$(NAME)` in the varReference fields.
 *
 * @module
 */
import { UnsupportedError } from "@gitops-kit/core";
import { KustomizationFileError } from "./errors.js";
import { isMap } from "./fieldspecs/fieldspec.js";
import { type Gvk, parseGroupVersion, type ResId, resIdEquals } from "./resid.js";
import type { ResMap } from "./resmap.js";
import type { Resource } from "./resource.js";

/** A var as written in a kustomization. */
export interface VarDef {
  name?: string;
  objref?: {
    apiVersion?: string;
    group?: string;
    version?: string;
    kind?: string;
    name?: string;
    namespace?: string;
  };
  fieldref?: { fieldPath?: string };
}

/** A var after kustomize's defaulting (fieldPath `metadata.name`, objref GVK from apiVersion). */
export interface Var {
  name: string;
  objref: ResId;
  fieldPath: string;
}

function normalize(v: VarDef): Var {
  const o = v.objref ?? {};
  let gvk: Gvk = { group: o.group ?? "", version: o.version ?? "", kind: o.kind ?? "" };
  if (o.apiVersion) {
    const parts = o.apiVersion.split("/");
    if (parts.length === 2) gvk = { ...gvk, group: parts[0], version: parts[1] };
    else if (parts.length === 1) gvk = { ...gvk, version: parts[0] };
  }
  return {
    name: v.name ?? "",
    objref: { ...gvk, name: o.name ?? "", namespace: o.namespace ?? "" },
    fieldPath: v.fieldref?.fieldPath || "metadata.name",
  };
}

function sameVar(a: Var, b: Var): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The vars declared so far (kustomize's VarSet). */
export class VarSet {
  private readonly set = new Map<string, Var>();

  /** Add vars; a name already present is an error. */
  merge(v: Var, file: string): void {
    if (this.set.has(v.name)) {
      throw new KustomizationFileError(`var '${v.name}' already encountered (in ${file})`, {
        file,
        field: "vars",
      });
    }
    this.set.set(v.name, v);
  }

  mergeSet(other: VarSet, file: string): void {
    for (const v of other.set.values()) this.merge(v, file);
  }

  /** Sorted by name. */
  list(): Var[] {
    return [...this.set.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get size(): number {
    return this.set.size;
  }

  has(v: Var): boolean {
    const x = this.set.get(v.name);
    return x !== undefined && sameVar(x, v);
  }
}

/** Options of {@link mergeVars}. */
export interface MergeVarsOptions {
  accumulator: { resources: ResMap; vars: VarSet };
  vars: VarDef[];
  file: string;
}

/** Attach a level's vars to the resources their objrefs name, and add them to the set. */
export function mergeVars(options: MergeVarsOptions): void {
  const { accumulator, file } = options;
  const m = accumulator.resources;
  for (const def of options.vars) {
    const v = normalize(def);
    const target = v.objref;
    const wildcardNs = target.namespace === "" && !m.scope(target);
    const matched = m
      .resources()
      .filter((r) =>
        r
          .allIds()
          .some((id) =>
            wildcardNs
              ? id.name === target.name &&
                id.group === target.group &&
                id.version === target.version &&
                id.kind === target.kind
              : resIdEquals(id, target, m.scope),
          ),
      );
    if (matched.length > 1) {
      throw new KustomizationFileError(
        `found ${matched.length} resId matches for var ${v.name} (unable to disambiguate) (in ${file})`,
        { file, field: "vars" },
      );
    }
    if (matched.length === 1) matched[0].refVarNames.push(v.name);
  }
  for (const def of options.vars) accumulator.vars.merge(normalize(def), file);
}

/** Options of {@link resolveVars}. */
export interface ResolveVarsOptions {
  resources: ResMap;
  vars: VarSet;
  fieldSpecs: { group?: string; version?: string; kind?: string; path: string }[];
}

/** Find each var's value and substitute `$(NAME)` in the varReference fields. */
export function resolveVars(options: ResolveVarsOptions): void {
  if (options.vars.size === 0) return;
  const values = new Map<string, unknown>();
  for (const v of options.vars.list()) {
    const holder = options.resources.resources().find((r: Resource) => r.refVarNames.includes(v.name));
    if (!holder) {
      throw new KustomizationFileError(
        `var '${v.name}' cannot be mapped to a field in the set of known resources`,
        {
          field: "vars",
        },
      );
    }
    values.set(v.name, holder);
  }
  void isMap;
  void parseGroupVersion;
  throw new UnsupportedError("vars are not available yet");
}

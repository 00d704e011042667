/**
 * The deprecated kustomize `vars`: `$(NAME)` references in the fields listed by the `varReference`
 * fieldSpecs are replaced by a field of the object a var points at. Two steps, as in kustomize v5.5.0:
 * {@link mergeVars} when a kustomization's resources have been accumulated (binds each var to its object and
 * rejects duplicates), and {@link resolveVars} once at the end of the build (after name prefixes, suffixes and
 * hashes are applied, so `$(SVC)` sees the final name).
 */
import { formatNumber, GitOpsError } from "@gitops-kit/core";
import type { FieldSpec } from "../fieldspecs/config.js";
import { applyFieldSpec, FieldPathError, setSlot, slotValue } from "../fieldspecs/fieldspec.js";
import { isMap, type KubeObject, scalarText } from "../patch/yaml-values.js";
import { lookupField, splitFieldPath, writtenTextAt } from "../replacements/field-path.js";

/** A var that cannot be bound or resolved; messages follow kustomize's wording. */
export class VarError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("KUSTOMIZE_VAR", message, options);
  }
}

/** A `vars:` entry as written in a kustomization. */
export interface VarSpec {
  name: string;
  objref: {
    apiVersion?: string;
    group?: string;
    version?: string;
    kind?: string;
    name?: string;
    namespace?: string;
  };
  fieldref?: { fieldPath?: string };
}

/** A var after kustomize's defaulting: group/version split from apiVersion, fieldPath `metadata.name` by default. */
export interface Var {
  name: string;
  objref: {
    group: string;
    version: string;
    kind: string;
    name: string;
    namespace: string;
    apiVersion?: string;
  };
  fieldPath: string;
}

/** A resource id as kustomize compares it. */
export interface VarResId {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
}

/** What vars need of a build resource: its object (modified in place), its ids, and the vars bound to it. */
export interface VarResource {
  obj: KubeObject;
  /** The current id and the previous ones. */
  allIds(): VarResId[];
  /** Names of the vars whose objref matched this resource (kustomize keeps this beside the object). */
  refVarNames: string[];
}

type IsClusterScoped = (gvk: { group: string; version: string; kind: string }) => boolean;

/** Apply kustomize's defaulting to a `vars:` entry. */
export function normalizeVar(spec: VarSpec): Var {
  const ref = spec.objref ?? {};
  let group = ref.group ?? "";
  let version = ref.version ?? "";
  if (ref.apiVersion) {
    const parts = ref.apiVersion.split("/");
    if (parts.length === 2) [group, version] = parts;
    else if (parts.length === 1) version = parts[0];
  }
  return {
    name: spec.name,
    objref: {
      group,
      version,
      kind: ref.kind ?? "",
      name: ref.name ?? "",
      namespace: ref.namespace ?? "",
      ...(ref.apiVersion ? { apiVersion: ref.apiVersion } : {}),
    },
    fieldPath: spec.fieldref?.fieldPath || "metadata.name",
  };
}

/** kustomize's rendering of a var in messages (its Go struct: name, objref GVK, fieldref). */
export function describeVar(v: Var, fieldPath: string = v.fieldPath): string {
  const r = v.objref;
  return `{${v.name} ${r.kind || "[noKind]"}.${r.version || "[noVer]"}.${r.group || "[noGrp]"} {${fieldPath}}}`;
}

function effectiveNamespace(namespace: string, clusterScoped: boolean): string {
  if (clusterScoped) return "_non_namespaceable_";
  return namespace === "" || namespace === "default" ? "default" : namespace;
}

/** Options of {@link mergeVars}. */
export interface MergeVarsOptions {
  /** The resources accumulated so far (the kustomization's own and its bases'). */
  resources: readonly VarResource[];
  /** The vars already known (from bases and components). */
  known: readonly Var[];
  /** This kustomization's `vars:` entries. */
  incoming: readonly VarSpec[];
  isClusterScoped: IsClusterScoped;
}

/**
 * Bind a kustomization's vars to the objects they name and add them to the known vars, as kustomize's
 * ResAccumulator.MergeVars: the objref's group, version, kind and name must equal one of a resource's ids
 * (current or previous); its namespace counts only when given. A var whose object is not found yet stays
 * unbound (it fails at {@link resolveVars}).
 *
 * @returns the known vars plus the incoming ones.
 * @throws VarError `found N resId matches for var ... (unable to disambiguate)` or `var 'X' already encountered`.
 */
export function mergeVars(options: MergeVarsOptions): Var[] {
  const incoming = options.incoming.map(normalizeVar);
  for (const [i, v] of incoming.entries()) {
    const ref = v.objref;
    const matched = options.resources.filter((r) =>
      r.allIds().some((id) => {
        if (
          id.name !== ref.name ||
          id.group !== ref.group ||
          id.version !== ref.version ||
          id.kind !== ref.kind
        ) {
          return false;
        }
        if (ref.namespace === "") return true;
        return (
          effectiveNamespace(ref.namespace, false) ===
          effectiveNamespace(id.namespace, options.isClusterScoped(id))
        );
      }),
    );
    if (matched.length > 1) {
      // kustomize prints the var as written here: its fieldref is not defaulted yet.
      const written = options.incoming[i].fieldref?.fieldPath ?? "";
      throw new VarError(
        `found ${matched.length} resId matches for var ${describeVar(v, written)} (unable to disambiguate)`,
      );
    }
    if (matched.length === 1) matched[0].refVarNames.push(v.name);
  }
  return addVars(options.known, incoming);
}

/**
 * Add vars to a set, rejecting names already present (kustomize's VarSet.MergeSlice; also used when an
 * overlay merges the vars of its bases).
 *
 * @throws VarError `var 'X' already encountered`.
 */
export function addVars(known: readonly Var[], incoming: readonly Var[]): Var[] {
  const out = [...known];
  const names = new Set(known.map((v) => v.name));
  for (const v of incoming) {
    if (names.has(v.name)) throw new VarError(`var '${v.name}' already encountered`);
    names.add(v.name);
    out.push(v);
  }
  return out;
}

/** Options of {@link resolveVars}. */
export interface ResolveVarsOptions {
  /** All resources of the build, in order; objects are modified in place. */
  resources: readonly VarResource[];
  /** Every var of the build. */
  vars: readonly Var[];
  /** The `varReference` fieldSpecs (defaults plus `configurations:`). */
  fieldSpecs: readonly FieldSpec[];
}

/** What {@link resolveVars} reports. */
export interface ResolveVarsResult {
  /** Vars that no field referenced (kustomize logs them). */
  unused: string[];
}

/**
 * Replace `$(NAME)` in every field the fieldSpecs reach: a field that is exactly `$(NAME)` takes the var's
 * value with its type (number, boolean); inside longer text the value is formatted. `$$` escapes `$`;
 * unknown names are left as written. Values that are maps or lists are not substituted.
 *
 * @throws VarError when a var has no bound object or its field is missing (kustomize's messages), or when a
 *   referenced field holds something other than text (e.g. numbers in a string list).
 */
export function resolveVars(options: ResolveVarsOptions): ResolveVarsResult {
  const values = new Map<string, unknown>();
  const sorted = [...options.vars].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const v of sorted) values.set(v.name, varValue(options.resources, v));
  if (values.size === 0) return { unused: [] };
  const used = new Set<string>();
  const mapping = (name: string): unknown => {
    if (!values.has(name)) return `$(${name})`;
    const value = values.get(name);
    if (isMap(value) || Array.isArray(value)) return `$(${name})`;
    used.add(name);
    return value;
  };
  for (const resource of options.resources) {
    for (const spec of options.fieldSpecs) {
      try {
        applyFieldSpec({ obj: resource.obj, spec, set: (slot) => substituteSlot(slot, mapping) });
      } catch (err) {
        if (!(err instanceof FieldPathError) && !(err instanceof VarError)) throw err;
        throw new VarError(
          `considering field '${spec.path}' of object ${objectIdString(resource.obj)}: ${err.message}`,
          {
            cause: err,
          },
        );
      }
    }
  }
  return { unused: sorted.map((v) => v.name).filter((n) => !used.has(n)) };
}

/** kustomize's `Kind.version.group/name.namespace` id of an object. */
function objectIdString(obj: KubeObject): string {
  const meta = isMap(obj.metadata) ? obj.metadata : {};
  const apiVersion = scalarText(obj.apiVersion);
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const name = scalarText(meta.name);
  const namespace = scalarText(meta.namespace);
  return `${scalarText(obj.kind) || "[noKind]"}.${version || "[noVer]"}.${group || "[noGrp]"}/${name || "[noName]"}.${namespace || "[noNs]"}`;
}

/** The value of a var: the field of the first resource the var is bound to, typed as kustomize reads it. */
function varValue(resources: readonly VarResource[], v: Var): unknown {
  const bound = resources.find((r) => r.refVarNames.includes(v.name));
  if (bound === undefined) {
    throw new VarError(`var '${describeVar(v)}' cannot be mapped to a field in the set of known resources`);
  }
  const parts = splitFieldPath(v.fieldPath).flatMap((part) => {
    const m = /^(.*)\[(\d+)\]$/.exec(part);
    if (!m) return [part];
    return m[1] === "" ? [m[2]] : [m[1], m[2]];
  });
  let value: unknown;
  try {
    value = lookupField(bound.obj, parts);
  } catch {
    value = undefined;
  }
  const notFound = () =>
    new VarError(`field specified in var '${describeVar(v)}' not found in corresponding resource`);
  if (value === undefined) throw notFound();
  const text = writtenTextAt(bound.obj, parts);
  if (text === undefined) return value === null ? "null" : value;
  const typed = typedFromText(value, text);
  if (typed === undefined) throw notFound();
  return typed;
}

const YAML_INT = /^[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const GO_FLOAT = /^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;
const GO_TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const GO_FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/**
 * kyaml's GetFieldValue: a scalar's *text* parsed by its tag — `strconv.Atoi` for integers (`0755` is
 * 755; `0x1F` and `1_000` fail), `ParseFloat` for floats, `ParseBool` for booleans, the text itself
 * for anything else (timestamps, nulls). Undefined when Go's parser refuses the text.
 */
function typedFromText(value: unknown, text: string): unknown {
  if (typeof value === "number" || typeof value === "bigint") {
    if (YAML_INT.test(text)) {
      if (!/^[-+]?[0-9]+$/.test(text)) return undefined;
      const n = BigInt(text);
      if (n < -(2n ** 63n) || n >= 2n ** 63n) return undefined;
      return Number.isSafeInteger(Number(n)) ? Number(n) : n;
    }
    return GO_FLOAT.test(text) ? Number(text) : undefined;
  }
  if (typeof value === "boolean") {
    if (GO_TRUE.has(text)) return true;
    if (GO_FALSE.has(text)) return false;
    return undefined;
  }
  return text;
}

/** Substitute in a field: text, the text values of a map, or a list of texts. */
function substituteSlot(slot: Parameters<typeof slotValue>[0], mapping: (name: string) => unknown): void {
  const value = slotValue(slot);
  if (value === null || value === undefined) return;
  if (typeof value === "string") {
    setSlot(slot, expandVars(value, mapping));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item !== "string") throw new VarError("invalid value type expect a string");
      value[i] = expandVars(item, mapping);
    });
    return;
  }
  if (isMap(value)) {
    for (const key of Object.keys(value)) {
      if (typeof value[key] === "string") value[key] = expandVars(value[key] as string, mapping);
    }
  }
  // Numbers and booleans are left alone: only text can hold a reference.
}

/** How Go's `%v` prints a var value inside text. */
function formatValue(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") return formatNumber(value) ?? String(value);
  return typeof value === "string" ? value : scalarText(value);
}

/**
 * Expand `$(NAME)` references (kustomize's refvar syntax): `$$` is a literal `$`, an unterminated `$(` is kept,
 * and a text that is exactly one reference becomes the mapped value itself (keeping its type).
 */
export function expandVars(input: string, mapping: (name: string) => unknown): unknown {
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== "$" || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let advance = 1;
    if (rest[0] === "$") {
      out += "$";
    } else if (rest[0] === "(") {
      const close = rest.indexOf(")", 1);
      if (close < 0) {
        out += "$(";
      } else {
        const name = rest.slice(1, close);
        const mapped = mapping(name);
        if (input === `$(${name})`) return mapped;
        out += formatValue(mapped);
        advance = close + 1;
      }
    } else {
      out += `$${rest[0]}`;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

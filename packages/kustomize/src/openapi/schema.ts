import { GitOpsError } from "@gitops-kit/core";
import { BUILTIN_SCHEMA_JSON, BUILTIN_SCOPE_JSON } from "./builtin-data.js";

/**
 * One schema in compact form, shared by the generated built-in data and parsed custom schemas.
 * A string in place of a schema is a reference to a definition by its bare name.
 */
export interface CompactSchema {
  /** `type`, kept only when it is `array` or `object` (an items schema is used only for `array`). */
  t?: string;
  /** `properties` (plain scalar properties without patch extensions are omitted). */
  p?: Record<string, CompactSchemaRef>;
  /** `additionalProperties` (the schema of map values). */
  a?: CompactSchemaRef;
  /** `items`. */
  i?: CompactSchemaRef;
  /** `x-kubernetes-patch-strategy`, e.g. `merge`, `merge,retainKeys`, `replace`. */
  s?: string;
  /** `x-kubernetes-patch-merge-key`. */
  k?: string;
  /** `x-kubernetes-list-map-keys`. */
  m?: string[];
  /** `x-kubernetes-list-type`. */
  l?: string;
}

/** A schema or a reference to a definition by bare name. */
export type CompactSchemaRef = CompactSchema | string;

/** Thrown when an OpenAPI document given through the kustomization `openapi:` field cannot be used. */
export class OpenApiSchemaError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("KUSTOMIZE_OPENAPI", message, options);
  }
}

/** The merge facts of one list (or map) field, as kustomize's strategic merge reads them. */
export interface MergeFacts {
  /** `x-kubernetes-patch-strategy` verbatim (`merge`, `merge,retainKeys`, `retainKeys`, `replace`), if any. */
  strategy?: string;
  /** Merge keys: `x-kubernetes-list-map-keys` when present, else the single patch merge key, else empty. */
  mergeKeys: string[];
  /** `x-kubernetes-list-type` (`atomic`, `set`, `map`), informational: kustomize does not merge by it. */
  listType?: string;
  /** Whether kustomize merges this list element-wise: the strategy, split on `,`, contains `merge`. */
  associative: boolean;
}

const typeKey = (apiVersion: string, kind: string) => `${apiVersion}\u0000${kind}`;

/**
 * A set of OpenAPI definitions indexed by group-version-kind: the built-in Kubernetes v1.21.2 schema kustomize
 * v5.5.0 embeds ({@link builtinMergeSchema}) or a custom one from the kustomization `openapi:` field
 * ({@link customMergeSchema}). Immutable; share one instance across builds.
 */
export class MergeSchema {
  /** Human-readable origin, e.g. `kubernetes v1.21.2` or the custom schema file. */
  readonly source: string;
  private readonly scope: ReadonlyMap<string, boolean>;
  private tablesOrLoad: SchemaTables | (() => SchemaTables);

  /**
   * @param options.tables - the definitions and type bindings, or a function that reads them when a merge
   *   first needs them (the built-in ones are large and most builds only ask for namespace scope).
   */
  constructor(options: {
    source: string;
    scope: ReadonlyMap<string, boolean>;
    tables: SchemaTables | (() => SchemaTables);
  }) {
    this.source = options.source;
    this.scope = options.scope;
    this.tablesOrLoad = options.tables;
  }

  /** The definitions and type bindings, read now if they were deferred. */
  tables(): SchemaTables {
    if (typeof this.tablesOrLoad === "function") this.tablesOrLoad = this.tablesOrLoad();
    return this.tablesOrLoad;
  }

  /**
   * Schemas laid over each other, later ones winning per definition, type binding and scope (kustomize
   * keeps the definitions it has read and adds those of a schema set later). One layer is returned as is.
   */
  static layered(layers: readonly MergeSchema[]): MergeSchema {
    if (layers.length === 0) throw new RangeError("MergeSchema.layered needs at least one schema");
    if (layers.length === 1) return layers[0];
    const scope = new Map<string, boolean>();
    for (const layer of layers) for (const [k, v] of layer.scope) scope.set(k, v);
    return new MergeSchema({
      source: layers.map((l) => l.source).join(" + "),
      scope,
      tables: () => layerTables(layers.map((l) => l.tables())),
    });
  }

  /** The schema of a resource type (exact apiVersion + kind), or undefined when the document has none. */
  forType(apiVersion: string, kind: string): SchemaNode | undefined {
    const name = this.tables().byType.get(typeKey(apiVersion, kind));
    if (name === undefined) return undefined;
    return this.resolve(name);
  }

  /**
   * Whether objects of this type are namespaced: kustomize's precomputed table first, then (for custom
   * schemas) the GET paths of the document. Undefined when unknown; kustomize treats unknown as namespaced.
   */
  isNamespaceScoped(apiVersion: string, kind: string): boolean | undefined {
    return this.scope.get(typeKey(apiVersion, kind));
  }

  /** Follow references (possibly chained) to a concrete schema; undefined when a reference dangles. */
  resolve(ref: CompactSchemaRef): SchemaNode | undefined {
    let current: CompactSchemaRef | undefined = ref;
    // A bounded loop: a cycle of bare references would otherwise never end.
    for (let hops = 0; typeof current === "string"; hops++) {
      if (hops > 64) return undefined;
      current = this.tables().definitions.get(current);
    }
    return current === undefined ? undefined : new SchemaNode(this, current);
  }
}

/** A position in a {@link MergeSchema}: the schema of one field, list or map. */
export class SchemaNode {
  constructor(
    private readonly owner: MergeSchema,
    /** The compact schema at this position (references already resolved). */
    readonly schema: CompactSchema,
  ) {}

  /** The schema of a map field: a declared property first, else `additionalProperties`, else undefined. */
  field(name: string): SchemaNode | undefined {
    const props = this.schema.p;
    const ref = props && Object.hasOwn(props, name) ? props[name] : this.schema.a;
    return ref === undefined ? undefined : this.owner.resolve(ref);
  }

  /** The schema of list elements; only for schemas typed `array`, as kustomize does. */
  elements(): SchemaNode | undefined {
    if (this.schema.t !== "array" || this.schema.i === undefined) return undefined;
    return this.owner.resolve(this.schema.i);
  }

  /** Walk a path of field names; `[]` steps into list elements. */
  lookup(path: readonly string[]): SchemaNode | undefined {
    let node: SchemaNode | undefined = this;
    for (const step of path) {
      if (node === undefined) return undefined;
      node = step === "[]" ? node.elements() : node.field(step);
    }
    return node;
  }

  /** The merge facts at this position (see {@link MergeFacts}). */
  facts(): MergeFacts {
    const { s, k, m, l } = this.schema;
    // Keys count only alongside a strategy, as in kyaml's PatchStrategyAndKeyList.
    const mergeKeys = s === undefined ? [] : m !== undefined ? [...m] : k !== undefined ? [k] : [];
    return {
      ...(s === undefined ? {} : { strategy: s }),
      mergeKeys,
      ...(l === undefined ? {} : { listType: l }),
      associative: s?.split(",").includes("merge") ?? false,
    };
  }
}

/** A schema's definitions and which definition each type (apiVersion + kind) uses. */
export interface SchemaTables {
  definitions: ReadonlyMap<string, CompactSchemaRef>;
  byType: ReadonlyMap<string, string>;
}

interface BuiltinTablesJson {
  definitions: Record<string, CompactSchema>;
  gvks: [string, string, string][];
}

let builtin: MergeSchema | undefined;
let builtinJson: { kubernetes: BuiltinTablesJson; kustomization: BuiltinTablesJson } | undefined;
let precomputed: ReadonlyMap<string, boolean> | undefined;

function builtinTables(part: "kubernetes" | "kustomization"): SchemaTables {
  builtinJson ??= JSON.parse(BUILTIN_SCHEMA_JSON) as {
    kubernetes: BuiltinTablesJson;
    kustomization: BuiltinTablesJson;
  };
  const json = builtinJson[part];
  const byType = new Map<string, string>();
  for (const [apiVersion, kind, name] of json.gvks) byType.set(typeKey(apiVersion, kind), name);
  return { definitions: new Map(Object.entries(json.definitions)), byType };
}

/** Documents' tables laid over each other in order: later definitions and type bindings win, as kyaml's AddDefinitions does. */
function layerTables(layers: readonly SchemaTables[]): SchemaTables {
  const definitions = new Map<string, CompactSchemaRef>();
  const byType = new Map<string, string>();
  for (const layer of layers) {
    for (const [name, schema] of layer.definitions) definitions.set(name, schema);
    for (const [key, name] of layer.byType) byType.set(key, name);
  }
  return { definitions, byType };
}

/**
 * kustomize's precomputed namespace-scope table (82 apiVersion + kind pairs of Kubernetes v1.21.2). The
 * built-in document's path-derived scope equals it, so it is the built-in schema's whole scope.
 */
function precomputedScope(): ReadonlyMap<string, boolean> {
  precomputed ??= new Map(
    (JSON.parse(BUILTIN_SCOPE_JSON) as [string, string, boolean][]).map(([apiVersion, kind, namespaced]) => [
      typeKey(apiVersion, kind),
      namespaced,
    ]),
  );
  return precomputed;
}

/** The default schema: Kubernetes v1.21.2 as embedded in kustomize v5.5.0, plus kustomize's Kustomization types. */
export function builtinMergeSchema(): MergeSchema {
  builtin ??= new MergeSchema({
    source: "kubernetes v1.21.2",
    scope: precomputedScope(),
    tables: () => layerTables([builtinTables("kubernetes"), builtinTables("kustomization")]),
  });
  return builtin;
}

/** The Kubernetes OpenAPI versions built in (the only one kustomize v5.5.0 embeds). */
export const BUILTIN_OPENAPI_VERSIONS: readonly string[] = ["v1.21.2"];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function refName(ref: string): string {
  // Only local definition pointers resolve; anything else stays as a reference that dangles.
  if (!ref.startsWith("#/definitions/")) return `\u0000${ref}`;
  return ref.slice("#/definitions/".length).replaceAll("~1", "/").replaceAll("~0", "~");
}

function compactCustom(schema: unknown): CompactSchemaRef {
  if (!isRecord(schema)) return {};
  if (typeof schema.$ref === "string" && schema.$ref !== "") return refName(schema.$ref);
  const out: CompactSchema = {};
  const type = Array.isArray(schema.type) && schema.type.length === 1 ? schema.type[0] : schema.type;
  if (typeof type === "string") out.t = type;
  if (isRecord(schema.properties)) {
    out.p = {};
    for (const [name, prop] of Object.entries(schema.properties)) out.p[name] = compactCustom(prop);
  }
  if (isRecord(schema.additionalProperties)) out.a = compactCustom(schema.additionalProperties);
  if (isRecord(schema.items)) out.i = compactCustom(schema.items);
  const strategy = schema["x-kubernetes-patch-strategy"];
  if (typeof strategy === "string") out.s = strategy;
  const key = schema["x-kubernetes-patch-merge-key"];
  if (typeof key === "string") out.k = key;
  const keys = schema["x-kubernetes-list-map-keys"];
  if (Array.isArray(keys)) out.m = keys.map(String);
  const listType = schema["x-kubernetes-list-type"];
  if (typeof listType === "string") out.l = listType;
  return out;
}

function gvkApiVersion(gvk: Record<string, unknown>): string | undefined {
  if (typeof gvk.version !== "string" || typeof gvk.kind !== "string") return undefined;
  const group = typeof gvk.group === "string" ? gvk.group : "";
  return group === "" ? gvk.version : `${group}/${gvk.version}`;
}

/**
 * Read the facts of a custom OpenAPI document (the kustomization `openapi: {path: ...}` file): a JSON or YAML
 * OpenAPI v2 document with `definitions` (refs `#/definitions/NAME`, GVKs in `x-kubernetes-group-version-kind`)
 * and optionally `paths`, whose GET operations give namespace scope.
 *
 * @throws OpenApiSchemaError when the document or its `definitions` is not a mapping.
 */
function customSchemaParts(options: {
  document: unknown;
  source: string;
}): SchemaTables & { derivedScope: ReadonlyMap<string, boolean> } {
  const { document, source } = options;
  if (!isRecord(document)) {
    throw new OpenApiSchemaError(`invalid schema file ${source}: expected an OpenAPI document (a mapping)`);
  }
  const defs = document.definitions ?? {};
  if (!isRecord(defs)) {
    throw new OpenApiSchemaError(`invalid schema file ${source}: 'definitions' must be a mapping`);
  }
  const definitions = new Map<string, CompactSchemaRef>();
  const byType = new Map<string, string>();
  for (const [name, def] of Object.entries(defs)) {
    definitions.set(name, compactCustom(def));
    const gvks = isRecord(def) ? def["x-kubernetes-group-version-kind"] : undefined;
    if (!Array.isArray(gvks)) continue;
    for (const gvk of gvks) {
      if (!isRecord(gvk)) continue;
      const apiVersion = gvkApiVersion(gvk);
      if (apiVersion !== undefined) byType.set(typeKey(apiVersion, String(gvk.kind)), name);
    }
  }
  const derivedScope = new Map<string, boolean>();
  if (isRecord(document.paths)) {
    for (const [path, item] of Object.entries(document.paths)) {
      const get = isRecord(item) ? item.get : undefined;
      const gvk = isRecord(get) ? get["x-kubernetes-group-version-kind"] : undefined;
      if (!isRecord(gvk)) continue;
      const apiVersion = gvkApiVersion(gvk);
      if (apiVersion === undefined) continue;
      const key = typeKey(apiVersion, String(gvk.kind));
      if (path.includes("namespaces/{namespace}")) derivedScope.set(key, true);
      else if (!derivedScope.has(key)) derivedScope.set(key, false);
    }
  }
  return { definitions, byType, derivedScope };
}

/**
 * A custom schema from the kustomization `openapi: {path: ...}` field, as kustomize uses it: it *replaces*
 * the built-in Kubernetes schema (Deployments then merge lists without schema, i.e. replace them), with
 * kustomize's Kustomization types added on top. Scope is the precomputed table, then the document's paths.
 * In some orders of events kustomize layers the built-in schema in as well (see the build's schema state).
 *
 * @throws OpenApiSchemaError when the document or its `definitions` is not a mapping.
 */
export function customMergeSchema(options: { document: unknown; source: string }): MergeSchema {
  const custom = customSchemaParts(options);
  const scope = new Map(precomputedScope());
  for (const [key, namespaced] of custom.derivedScope) if (!scope.has(key)) scope.set(key, namespaced);
  return new MergeSchema({
    source: options.source,
    scope,
    tables: layerTables([custom, builtinTables("kustomization")]),
  });
}

/**
 * The schema of one build as kustomize v5.5.0 keeps it: a single process-wide OpenAPI state that
 * kustomizations set through their `openapi:` field and that is loaded lazily. The order of events decides
 * which documents end up loaded, and that shows in merge results:
 * - the root kustomization's `openapi:` always applies; otherwise the first kustomization or component (in
 *   accumulation order) whose field sets one wins, and later ones are ignored;
 * - a custom schema normally replaces the built-in Kubernetes one;
 * - but when the scope of a kind missing from kustomize's precomputed table (e.g. a CRD kind) was asked
 *   before any schema was loaded or set, the built-in schema is loaded too, on top of the custom one;
 * - and a custom schema set after the built-in one was loaded (a strategic merge ran first) is added on top
 *   of it.
 */
import {
  assembleMergeSchema,
  BUILTIN_OPENAPI_VERSIONS,
  builtinSchemaParts,
  customSchemaParts,
  kustomizationSchemaParts,
  type MergeSchema,
  OpenApiSchemaError,
  type SchemaParts,
} from "./schema.js";

/** The kustomization `openapi:` field. */
export interface OpenApiField {
  /** A built-in Kubernetes version (only `v1.21.2`). */
  version?: string;
  /** A custom OpenAPI document, relative to the kustomization. */
  path?: string;
}

/** Options of {@link OpenApiSchemaState.setSchema}. */
export interface SetSchemaOptions {
  /** The kustomization's `openapi:` field (undefined when absent). */
  openapi: OpenApiField | undefined;
  /** The parsed custom document when `openapi.path` is given (read by the caller). */
  document?: unknown;
  /** The custom document's path, for messages. */
  source?: string;
  /** True for the root kustomization (it overrides what bases set), false for bases and components. */
  reset: boolean;
}

type BuiltinStatus = "not-parsed" | "delayed" | "parsed";

/**
 * kustomize's global OpenAPI state for one build. Call {@link setSchema} where kustomize reads a
 * kustomization's `openapi:` field (the root first, with `reset`; every base and component before its
 * resources are loaded), route namespace-scope questions through {@link isNamespaceScoped}, and take
 * {@link mergeSchema} for each strategic merge.
 */
export class OpenApiSchemaState {
  private version = "";
  private custom: SchemaParts | undefined;
  private customSource = "";
  private initialized = false;
  private builtinStatus: BuiltinStatus = "not-parsed";
  private readonly layers: SchemaParts[] = [];
  private snapshot: MergeSchema | undefined;

  /**
   * Apply a kustomization's `openapi:` field.
   *
   * @throws OpenApiSchemaError `builtin version and custom schema provided, cannot use both` or
   *   `the specified OpenAPI version is not built in`.
   */
  setSchema(options: SetSchemaOptions): void {
    const isSet = this.version !== "" || this.custom !== undefined;
    if (isSet && !options.reset) return;
    const field = options.openapi ?? {};
    const versionGiven = field.version !== undefined;
    if (field.path !== undefined && field.path !== "") {
      if (versionGiven)
        throw new OpenApiSchemaError("builtin version and custom schema provided, cannot use both");
      this.customSource = options.source ?? field.path;
      this.custom = customSchemaParts({ document: options.document, source: this.customSource });
      this.version = "custom";
      this.initialized = false;
      return;
    }
    this.version = field.version ?? "";
    if (this.version === "") return;
    if (!BUILTIN_OPENAPI_VERSIONS.includes(this.version)) {
      throw new OpenApiSchemaError("the specified OpenAPI version is not built in");
    }
    this.custom = undefined;
    this.initialized = false;
  }

  /**
   * Namespace scope of a type: true (namespaced), false (cluster-scoped) or undefined (unknown; kustomize treats
   * it as namespaced). Asking about a kind outside the precomputed table has kustomize's side effects on
   * which schemas get loaded.
   */
  isNamespaceScoped(apiVersion: string, kind: string): boolean | undefined {
    const precomputed = builtinPrecomputed().isNamespaceScoped(apiVersion, kind);
    if (precomputed !== undefined) return precomputed;
    if (this.initNeededForScope()) this.init();
    return this.loaded().isNamespaceScoped(apiVersion, kind);
  }

  /** The schema in force for a strategic merge now (loading it as kustomize does on first use). */
  mergeSchema(): MergeSchema {
    this.init();
    return this.loaded();
  }

  private initNeededForScope(): boolean {
    if (this.initialized) return false;
    if (this.custom !== undefined) return true;
    if (this.version === "" || this.version === BUILTIN_OPENAPI_VERSIONS[0]) {
      if (this.builtinStatus === "not-parsed") this.builtinStatus = "delayed";
      return false;
    }
    return true;
  }

  private init(): void {
    if (this.initialized) return;
    this.initialized = true;
    if (this.custom !== undefined) {
      this.layers.push(this.custom);
    } else {
      this.layers.push(builtinSchemaParts());
      this.builtinStatus = "parsed";
    }
    if (this.builtinStatus === "delayed") {
      this.layers.push(builtinSchemaParts());
      this.builtinStatus = "parsed";
    }
    this.layers.push(kustomizationSchemaParts());
    this.snapshot = undefined;
  }

  /** The documents loaded so far (possibly none yet). */
  private loaded(): MergeSchema {
    this.snapshot ??= assembleMergeSchema(this.source(), this.layers);
    return this.snapshot;
  }

  private source(): string {
    return this.custom !== undefined ? this.customSource : "kubernetes v1.21.2";
  }
}

let precomputedOnly: MergeSchema | undefined;

/** A schema with no documents: only kustomize's precomputed scope table. */
function builtinPrecomputed(): MergeSchema {
  precomputedOnly ??= assembleMergeSchema("precomputed", []);
  return precomputedOnly;
}

/**
 * The OpenAPI schema of one build, with the life cycle kustomize gives its (process-global) schema:
 *
 * - the first kustomization that names one (`openapi: {path: ...}` or `{version: ...}`) sets it — the
 *   root first, then others in accumulation order while none is set;
 * - the schema is read lazily, on the first strategic merge or scope question that needs it, and
 *   definitions read stay: a schema set later is laid over them;
 * - while the built-in schema is in use and not yet read, asking the scope of a type the precomputed
 *   table does not know (a custom resource) marks the built-in schema to be read too, and it is then
 *   laid over a custom schema read at the same time.
 *
 * @module
 */
import { isClusterScopedForKustomize } from "@gitops-kit/core";
import { builtinMergeSchema, MergeSchema } from "./openapi/schema.js";
import { apiVersionOf, type Gvk } from "./resid.js";

/** Mutable schema state for one build. */
export class SchemaState {
  private custom: MergeSchema | undefined;
  private chosen = false;
  private layers: MergeSchema[] = [];
  private current: MergeSchema | undefined;
  private builtinRead = false;
  private builtinWanted = false;

  /** Select a custom schema (or the built-in one when `custom` is undefined); `reset` overrides an earlier choice. */
  choose(custom: MergeSchema | undefined, reset: boolean): void {
    if (this.chosen && !reset) return;
    this.custom = custom;
    this.chosen = true;
    this.current = undefined;
  }

  /** Whether a kustomization has chosen the schema yet. */
  get isChosen(): boolean {
    return this.chosen;
  }

  /** The schema for strategic merge (reading it now if needed). */
  schema(): MergeSchema {
    if (!this.current) {
      if (this.custom) this.layers.push(this.custom);
      else this.readBuiltin();
      if (this.builtinWanted && this.layers[this.layers.length - 1] !== builtinMergeSchema())
        this.readBuiltin();
      this.builtinWanted = false;
      this.current = MergeSchema.layered(this.layers);
    }
    return this.current;
  }

  private readBuiltin(): void {
    this.layers.push(builtinMergeSchema());
    this.builtinRead = true;
  }

  private readonly known = new Map<string, boolean>();

  /** Whether objects of this type are cluster-scoped (unknown types are namespaced). */
  readonly isClusterScoped = (gvk: Gvk): boolean => {
    const apiVersion = apiVersionOf(gvk);
    const key = `${apiVersion} ${gvk.kind}`;
    const cached = this.known.get(key);
    if (cached !== undefined) return cached;
    // Types of kustomize's precomputed table never change scope: remember them.
    if (isClusterScopedForKustomize({ apiVersion, kind: gvk.kind })) {
      this.known.set(key, true);
      return true;
    }
    if (builtinMergeSchema().isNamespaceScoped(apiVersion, gvk.kind) !== undefined) {
      this.known.set(key, false);
      return false;
    }
    if (!this.current) {
      if (!this.custom) {
        if (!this.builtinRead) this.builtinWanted = true;
        return false;
      }
      this.schema();
    }
    return this.current?.isNamespaceScoped(apiVersion, gvk.kind) === false;
  };
}

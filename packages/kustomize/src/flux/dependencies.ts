/**
 * `spec.dependsOn`: the order Kustomizations can be reconciled in (a cycle is an error that names it),
 * and the controller's readiness check of each dependency before a reconcile.
 *
 * @module
 */
import {
  type ClusterAdapter,
  errorMessage,
  isConditionTrue,
  type KubeObject,
  NotFoundError,
  revisionsEqual,
  UnsupportedError,
} from "@gitops-kit/core";
import { FLUX_KUSTOMIZATION_API_VERSION, type FluxKustomization } from "./api.js";
import { DependencyCycleError, DependencyNotReadyError } from "./errors.js";

/** The parts of a Kustomization ordering needs. */
export interface DependentKustomization {
  metadata: { name: string; namespace?: string };
  spec: { dependsOn?: { name: string; namespace?: string }[] };
}

/** `namespace/name` of a Kustomization (namespace `default` when unset). */
export function kustomizationKey(k: DependentKustomization): string {
  return `${k.metadata.namespace || "default"}/${k.metadata.name}`;
}

/** Options of {@link orderKustomizations}. */
export interface OrderKustomizationsOptions<T extends DependentKustomization> {
  kustomizations: readonly T[];
}

/** What {@link orderKustomizations} returns. */
export interface KustomizationOrder<T> {
  /** Every Kustomization, dependencies before dependents; otherwise in input order. */
  ordered: T[];
  /** Groups that can run in parallel: each level depends only on earlier levels. */
  levels: T[][];
  /** `namespace/name` of dependencies that are not in the list (they must already exist and be Ready). */
  external: string[];
}

/**
 * Order Kustomizations by `dependsOn` (a dependency without a namespace is in the dependent's namespace).
 *
 * @throws DependencyCycleError listing the cycle, e.g. `circular dependency detected: apps/a -> apps/b -> apps/a`.
 */
export function orderKustomizations<T extends DependentKustomization>(
  options: OrderKustomizationsOptions<T>,
): KustomizationOrder<T> {
  const byKey = new Map<string, T>();
  for (const k of options.kustomizations) byKey.set(kustomizationKey(k), k);
  const external = new Set<string>();
  const depsOf = (k: T): string[] =>
    (k.spec.dependsOn ?? []).map((d) => `${d.namespace || k.metadata.namespace || "default"}/${d.name}`);

  // Depth-first search for a cycle, reporting its members in dependency order.
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (key: string) => {
    const s = state.get(key);
    if (s === "done") return;
    if (s === "visiting") {
      const start = stack.indexOf(key);
      throw new DependencyCycleError([...stack.slice(start), key]);
    }
    state.set(key, "visiting");
    stack.push(key);
    for (const dep of depsOf(byKey.get(key)!)) {
      if (byKey.has(dep)) visit(dep);
      else external.add(dep);
    }
    stack.pop();
    state.set(key, "done");
  };
  for (const key of byKey.keys()) visit(key);

  const level = new Map<string, number>();
  const levelOf = (key: string): number => {
    const known = level.get(key);
    if (known !== undefined) return known;
    let l = 0;
    for (const dep of depsOf(byKey.get(key)!)) if (byKey.has(dep)) l = Math.max(l, levelOf(dep) + 1);
    level.set(key, l);
    return l;
  };
  const levels: T[][] = [];
  for (const k of byKey.values()) {
    const l = levelOf(kustomizationKey(k));
    if (!levels[l]) levels[l] = [];
    levels[l].push(k);
  }
  return { ordered: levels.flat(), levels, external: [...external] };
}

/** Options of {@link checkDependencies}. */
export interface CheckDependenciesOptions {
  kustomization: FluxKustomization;
  /** Where the dependency Kustomizations are read (`kustomize.toolkit.fluxcd.io/v1`). */
  cluster: ClusterAdapter;
  /** The revision of the source artifact being reconciled (dependencies on the same source must have applied it). */
  revision: string;
  /**
   * Evaluates a dependency's `readyExpr` (CEL). Without it a `readyExpr` is an `UnsupportedError`.
   * With `additive`, the built-in check runs too (the `AdditiveCELDependencyCheck` feature gate).
   */
  readyExpr?: {
    evaluate: (expr: string, self: FluxKustomization, dep: KubeObject) => boolean | Promise<boolean>;
    additive?: boolean;
  };
}

/**
 * The controller's dependency check: each dependency must exist, have observed its latest generation,
 * be Ready, and (when it uses the same source) have applied the same revision.
 *
 * @throws DependencyNotReadyError with the controller's message (`dependency 'ns/name' is not ready`).
 */
export async function checkDependencies(options: CheckDependenciesOptions): Promise<void> {
  const { kustomization: obj, cluster } = options;
  const namespace = obj.metadata.namespace || "default";
  for (const ref of obj.spec.dependsOn ?? []) {
    const depNamespace = ref.namespace || namespace;
    const key = `${depNamespace}/${ref.name}`;
    let dep: KubeObject;
    try {
      dep = await cluster.get({
        apiVersion: FLUX_KUSTOMIZATION_API_VERSION,
        kind: "Kustomization",
        name: ref.name,
        namespace: depNamespace,
      });
    } catch (err) {
      const what = err instanceof NotFoundError ? "not found" : errorMessage(err);
      throw new DependencyNotReadyError(key, `dependency '${key}' not found: ${what}`);
    }
    if (ref.readyExpr) {
      if (!options.readyExpr) {
        throw new UnsupportedError(
          `dependency '${key}': readyExpr (CEL) needs an evaluator (options.readyExpr)`,
        );
      }
      if (!(await options.readyExpr.evaluate(ref.readyExpr, obj, dep))) {
        throw new DependencyNotReadyError(
          key,
          `dependency '${key}' is not ready according to readyExpr eval`,
        );
      }
      if (!options.readyExpr.additive) continue;
    }
    const status = (dep.status ?? {}) as {
      conditions?: { type: string; status: string }[];
      observedGeneration?: number;
      lastAppliedRevision?: string;
    };
    const conditions = status.conditions ?? [];
    if (conditions.length === 0 || (dep.metadata?.generation ?? 0) !== (status.observedGeneration ?? 0)) {
      throw new DependencyNotReadyError(key, `dependency '${key}' is not ready`);
    }
    if (!isConditionTrue(conditions as never, "Ready")) {
      throw new DependencyNotReadyError(key, `dependency '${key}' is not ready`);
    }
    const depSpec = (dep.spec ?? {}) as { sourceRef?: { kind?: string; name?: string; namespace?: string } };
    const depSource = depSpec.sourceRef ?? {};
    const sameSource =
      depSource.name === obj.spec.sourceRef.name &&
      (depSource.namespace || depNamespace) === (obj.spec.sourceRef.namespace || namespace) &&
      depSource.kind === obj.spec.sourceRef.kind;
    if (sameSource && !hasRevision(options.revision, status.lastAppliedRevision ?? "")) {
      throw new DependencyNotReadyError(key, `dependency '${key}' revision is not up to date`);
    }
  }
}

/** Source `Artifact.HasRevision`: equal, or the same digest in the legacy `<branch>/<sha>` form. */
function hasRevision(current: string, other: string): boolean {
  if (other === "") return false;
  try {
    return revisionsEqual(current, other);
  } catch {
    return current === other;
  }
}

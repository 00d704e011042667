/**
 * Group/version/kind and resource ids as kustomize compares them: empty selector parts are
 * wildcards, ids of cluster-scoped kinds ignore the namespace, and an empty namespace means
 * `default`.
 *
 * @module
 */
import { compareCodePoints } from "@gitops-kit/core";

/** A group, version and kind. The core group is the empty string. */
export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** A resource id: GVK plus name and namespace (empty when absent). */
export interface ResId extends Gvk {
  name: string;
  namespace: string;
}

/** Decides whether a GVK is cluster-scoped (true) or namespaced / unknown (false). */
export type ScopeResolver = (gvk: Gvk) => boolean;

/** The namespace value kustomize uses for ids of cluster-scoped objects. */
export const NON_NAMESPACEABLE = "_non_namespaceable_";
export const DEFAULT_NAMESPACE = "default";

/** Split `group/version` (a bare `v1` is the core group). */
export function parseGroupVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  if (i > -1) return { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
  return { group: "", version: apiVersion };
}

/** `group/version`, or just `version` for the core group. */
export function apiVersionOf(gvk: Gvk): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

/** True when each non-empty part of `selector` equals the part of `gvk`. */
export function gvkSelected(gvk: Gvk, selector: Partial<Gvk> | undefined): boolean {
  if (!selector) return true;
  if (selector.group && gvk.group !== selector.group) return false;
  if (selector.version && gvk.version !== selector.version) return false;
  if (selector.kind && gvk.kind !== selector.kind) return false;
  return true;
}

export function gvkEquals(a: Gvk, b: Gvk): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind;
}

/** kustomize's `Kind.version.group` rendering, with `[noKind]`, `[noVer]`, `[noGrp]` placeholders. */
export function gvkString(gvk: Gvk): string {
  return `${gvk.kind || "[noKind]"}.${gvk.version || "[noVer]"}.${gvk.group || "[noGrp]"}`;
}

/** kustomize's id rendering: `Kind.version.group/name.namespace`. */
export function resIdString(id: ResId): string {
  return `${gvkString(id)}/${id.name || "[noName]"}.${id.namespace || "[noNs]"}`;
}

/** The namespace an id is compared under: `_non_namespaceable_`, `default` for empty, or its own. */
export function effectiveNamespace(id: ResId, isClusterScoped: ScopeResolver): string {
  if (isClusterScoped(id)) return NON_NAMESPACEABLE;
  if (id.namespace === "" || id.namespace === DEFAULT_NAMESPACE) return DEFAULT_NAMESPACE;
  return id.namespace;
}

/** Ids are equal when GVK, name and effective namespace are. */
export function resIdEquals(a: ResId, b: ResId, isClusterScoped: ScopeResolver): boolean {
  return (
    a.name === b.name &&
    gvkEquals(a, b) &&
    effectiveNamespace(a, isClusterScoped) === effectiveNamespace(b, isClusterScoped)
  );
}

/** A string key equal for ids that {@link resIdEquals} considers equal: for indexes. */
export function resIdKey(id: ResId, isClusterScoped: ScopeResolver): string {
  return `${id.group}\u0000${id.version}\u0000${id.kind}\u0000${id.name}\u0000${effectiveNamespace(id, isClusterScoped)}`;
}

/** Default legacy kind order: kinds first (negative ranks), kinds last (positive ranks). */
export const DEFAULT_ORDER_FIRST = [
  "Namespace",
  "ResourceQuota",
  "StorageClass",
  "CustomResourceDefinition",
  "ServiceAccount",
  "PodSecurityPolicy",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
  "ConfigMap",
  "Secret",
  "Endpoints",
  "Service",
  "LimitRange",
  "PriorityClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "Deployment",
  "StatefulSet",
  "CronJob",
  "PodDisruptionBudget",
];
export const DEFAULT_ORDER_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

/** Kind → rank for the given lists (unlisted kinds rank 0). */
export function makeKindRanks(orderFirst: string[], orderLast: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const [i, k] of orderFirst.entries()) m.set(k, i - orderFirst.length);
  for (const [i, k] of orderLast.entries()) m.set(k, i + 1);
  return m;
}

const DEFAULT_RANKS = makeKindRanks(DEFAULT_ORDER_FIRST, DEFAULT_ORDER_LAST);

/** `group_version_kind` with `~G`, `~V`, `~K` for empty parts: the tie-break of the legacy order. */
export function gvkSortString(gvk: Gvk): string {
  return `${gvk.group || "~G"}_${gvk.version || "~V"}_${gvk.kind || "~K"}`;
}

/** kustomize's GVK ordering (kind rank, then {@link gvkSortString}); used to sort fieldSpec tables. */
export function compareGvk(a: Gvk, b: Gvk, ranks: Map<string, number> = DEFAULT_RANKS): number {
  const ra = ranks.get(a.kind) ?? 0;
  const rb = ranks.get(b.kind) ?? 0;
  if (ra !== rb) return ra - rb;
  return compareCodePoints(gvkSortString(a), gvkSortString(b));
}

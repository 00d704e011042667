/**
 * Object identities as Flux writes them in `status.inventory` (`<namespace>_<name>_<group>_<kind>`, with
 * `:` in RBAC names written `__`), the apply order of fluxcd/pkg/ssa, and inventory arithmetic.
 *
 * @module
 */
import { compareCodePoints, type KubeObject, parseApiVersion } from "@gitops-kit/core";
import type { InventoryEntry } from "./api.js";
import { InventoryError } from "./errors.js";

/** `object.ObjMetadata`: what identifies an object in an inventory. */
export interface ObjMetadata {
  namespace: string;
  name: string;
  group: string;
  kind: string;
}

const RBAC_GROUP = "rbac.authorization.k8s.io";
const RBAC_KINDS = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

/** The metadata of an object (group from its apiVersion; namespace as written). */
export function objMetadataOf(object: KubeObject): ObjMetadata {
  const { group } = parseApiVersion(String(object.apiVersion ?? ""));
  return {
    namespace: object.metadata?.namespace ?? "",
    name: object.metadata?.name ?? "",
    group,
    kind: String(object.kind ?? ""),
  };
}

/** The inventory id: `<namespace>_<name>_<group>_<kind>` (`:` in RBAC object names becomes `__`). */
export function formatObjMetadata(m: ObjMetadata): string {
  const name = m.group === RBAC_GROUP && RBAC_KINDS.has(m.kind) ? m.name.replaceAll(":", "__") : m.name;
  return `${m.namespace}_${name}_${m.group}_${m.kind}`;
}

/**
 * Parse an inventory id back (cli-utils `ParseObjMetadata`: the namespace ends at the first `_`, the kind
 * and group at the last ones; `__` in the name becomes `:`).
 *
 * @throws InventoryError for an id with too few parts.
 */
export function parseObjMetadata(id: string): ObjMetadata {
  const first = id.indexOf("_");
  if (first < 0) throw new InventoryError(`unable to parse stored object metadata: ${id}`);
  const namespace = id.slice(0, first);
  let rest = id.slice(first + 1);
  const k = rest.lastIndexOf("_");
  if (k < 0) throw new InventoryError(`unable to parse stored object metadata: ${rest}`);
  const kind = rest.slice(k + 1);
  rest = rest.slice(0, k);
  const g = rest.lastIndexOf("_");
  if (g < 0) throw new InventoryError(`unable to parse stored object metadata: ${rest}`);
  return { namespace, name: rest.slice(0, g).replaceAll("__", ":"), group: rest.slice(g + 1), kind };
}

/** `Kind/namespace/name` (namespace left out when empty): how Flux names objects in messages. */
export function formatSubject(m: ObjMetadata): string {
  return m.namespace ? `${m.kind}/${m.namespace}/${m.name}` : `${m.kind}/${m.name}`;
}

/** The inventory entry of an applied object: its id and the version part of its apiVersion. */
export function inventoryEntryOf(object: KubeObject): InventoryEntry {
  return {
    id: formatObjMetadata(objMetadataOf(object)),
    v: parseApiVersion(String(object.apiVersion)).version,
  };
}

/** A stale object: in the old inventory, not in the new one. */
export interface InventoryRef extends ObjMetadata {
  version: string;
  id: string;
}

/** The refs of an inventory. */
export function inventoryRefs(entries: readonly InventoryEntry[]): InventoryRef[] {
  return entries.map((e) => ({ ...parseObjMetadata(e.id), version: e.v, id: e.id }));
}

/** The entries of `previous` whose id is not in `next`, in apply order (`inventory.Diff`). */
export function staleEntries(
  previous: readonly InventoryEntry[],
  next: readonly InventoryEntry[],
): InventoryRef[] {
  const keep = new Set(next.map((e) => formatObjMetadata(parseObjMetadata(e.id))));
  const out = inventoryRefs(previous).filter((r) => !keep.has(formatObjMetadata(r)));
  return out.sort(compareObjMetadata);
}

/** Append refs that are not in `entries` (objects whose deletion was not confirmed stay tracked). */
export function mergeInventory(
  entries: readonly InventoryEntry[],
  refs: readonly InventoryRef[],
): InventoryEntry[] {
  const out = [...entries];
  const seen = new Set(out.map((e) => e.id));
  for (const r of refs) {
    const id = formatObjMetadata(r);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ id, v: r.version });
  }
  return out;
}

// fluxcd/pkg/ssa ReconcileOrder: kinds applied first, in this order, and last.
const ORDER_FIRST = [
  "CustomResourceDefinition",
  "Namespace",
  "ClusterRole",
  "ClusterClass",
  "RuntimeClass",
  "PriorityClass",
  "StorageClass",
  "VolumeSnapshotClass",
  "IngressClass",
  "GatewayClass",
  "ClusterRoleBinding",
  "ResourceQuota",
  "ServiceAccount",
  "Role",
  "RoleBinding",
  "ConfigMap",
  "Secret",
  "Service",
  "LimitRange",
  "Deployment",
  "StatefulSet",
  "CronJob",
  "PodDisruptionBudget",
];
const ORDER_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];
const KIND_RANK = new Map<string, number>([
  ...ORDER_FIRST.map((k, i): [string, number] => [k, i - ORDER_FIRST.length]),
  ...ORDER_LAST.map((k, i): [string, number] => [k, i + 1]),
]);

/** fluxcd/pkg/ssa's order: kind rank (name only), then group, kind, namespace, name. */
export function compareObjMetadata(a: ObjMetadata, b: ObjMetadata): number {
  if (a.group !== b.group || a.kind !== b.kind) {
    const ra = KIND_RANK.get(a.kind) ?? 0;
    const rb = KIND_RANK.get(b.kind) ?? 0;
    if (ra !== rb) return ra - rb;
    if (a.group !== b.group) return compareCodePoints(a.group, b.group);
    return compareCodePoints(a.kind, b.kind);
  }
  if (a.namespace !== b.namespace) return compareCodePoints(a.namespace, b.namespace);
  return compareCodePoints(a.name, b.name);
}

/** Sort objects in fluxcd/pkg/ssa's apply order (stable). */
export function sortForApply<T extends KubeObject>(objects: readonly T[]): T[] {
  return objects
    .map((o, i) => ({ o, i, m: objMetadataOf(o) }))
    .sort((a, b) => compareObjMetadata(a.m, b.m) || a.i - b.i)
    .map((x) => x.o);
}

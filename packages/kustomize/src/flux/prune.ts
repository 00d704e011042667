/**
 * Garbage collection of stale objects (in the previous inventory, not in the new one), as the
 * controller's `prune`: only objects that still carry this Kustomization's owner labels are deleted, and
 * objects marked `prune: disabled`, `reconcile: disabled` or `ssa: Ignore` are skipped.
 *
 * @module
 */
import {
  type ClusterAdapter,
  errorMessage,
  formatApiVersion,
  isNotFoundError,
  type KubeObject,
} from "@gitops-kit/core";
import { type FluxKustomization, getDeletionPolicy } from "./api.js";
import {
  type ChangeSetEntry,
  metadataValue,
  OWNER_NAME_LABEL,
  OWNER_NAMESPACE_LABEL,
  PRUNE_ANNOTATION,
  RECONCILE_ANNOTATION,
  SSA_ANNOTATION,
} from "./apply.js";
import { PruneError } from "./errors.js";
import {
  compareObjMetadata,
  formatObjMetadata,
  formatSubject,
  type InventoryRef,
  staleEntries,
} from "./inventory.js";

/** Options of {@link pruneObjects}. */
export interface PruneObjectsOptions {
  cluster: ClusterAdapter;
  /** The stale objects (see `staleEntries`). */
  stale: readonly InventoryRef[];
  /** The Kustomization whose owner labels an object must carry to be deleted. */
  owner: { name: string; namespace: string };
}

/** What {@link pruneObjects} did. */
export interface PruneResult {
  /** One entry per stale object: `deleted` (also when already gone) or `skipped`. */
  entries: ChangeSetEntry[];
  /** `Kind/ns/name deleted` lines, the controller's event text (empty when nothing changed). */
  changeLog: string;
}

/**
 * Delete stale objects in reverse apply order (background propagation). An object that another
 * Kustomization now owns (different owner labels) is skipped, never deleted.
 *
 * @throws PruneError `delete failed, errors: ...;` with `survivors`, the ids whose deletion was not
 * confirmed (the controller keeps them in the inventory to retry).
 */
export async function pruneObjects(options: PruneObjectsOptions): Promise<PruneResult> {
  const refs = [...options.stale].sort((a, b) => compareObjMetadata(b, a));
  const entries: ChangeSetEntry[] = [];
  const errors: string[] = [];
  const survivors: InventoryRef[] = [];
  for (const ref of refs) {
    const entry = (action: ChangeSetEntry["action"]): ChangeSetEntry => ({
      id: formatObjMetadata(ref),
      metadata: { namespace: ref.namespace, name: ref.name, group: ref.group, kind: ref.kind },
      version: ref.version,
      subject: formatSubject(ref),
      action,
    });
    const target = {
      apiVersion: formatApiVersion(ref),
      kind: ref.kind,
      name: ref.name,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
    };
    // A missing object counts as deleted; any other failure keeps the object in the inventory.
    const settleFailure = (err: unknown, step: "query" | "delete") => {
      if (isNotFoundError(err)) {
        entries.push(entry("deleted"));
        return;
      }
      entries.push(entry("unknown"));
      survivors.push(ref);
      errors.push(`${formatSubject(ref)} ${step} failed: ${errorMessage(err)}`);
    };
    let existing: KubeObject;
    try {
      existing = await options.cluster.get(target);
    } catch (err) {
      settleFailure(err, "query");
      continue;
    }
    const labels = existing.metadata?.labels ?? {};
    const owned =
      labels[OWNER_NAME_LABEL] === options.owner.name &&
      labels[OWNER_NAMESPACE_LABEL] === options.owner.namespace;
    if (
      !owned ||
      metadataValue(existing, PRUNE_ANNOTATION) === "disabled" ||
      metadataValue(existing, RECONCILE_ANNOTATION) === "disabled" ||
      metadataValue(existing, SSA_ANNOTATION) === "ignore"
    ) {
      entries.push(entry("skipped"));
      continue;
    }
    try {
      await options.cluster.delete(target);
      entries.push(entry("deleted"));
    } catch (err) {
      settleFailure(err, "delete");
    }
  }
  if (errors.length > 0) {
    throw new PruneError(`delete failed, errors: ${errors.join(";")};`, {
      survivors: survivors.map((r) => r.id),
    });
  }
  const changed = entries.filter((e) => e.action === "deleted" || e.action === "skipped");
  return { entries, changeLog: changed.map((e) => `${e.subject} ${e.action}`).join("\n") };
}

/** Options of {@link finalizeKustomization}. */
export interface FinalizeKustomizationOptions {
  cluster: ClusterAdapter;
  kustomization: FluxKustomization;
}

/**
 * What the controller does when a Kustomization is deleted: unless it is suspended or has no inventory,
 * its objects are deleted per `spec.deletionPolicy` (`MirrorPrune`: only with `prune: true`; `Delete`
 * and `WaitForTermination`: always; `Orphan`: never), with the same ownership checks and opt-outs as
 * prune. Returns what was deleted (nothing when the policy keeps the objects).
 */
export async function finalizeKustomization(options: FinalizeKustomizationOptions): Promise<PruneResult> {
  const ks = options.kustomization;
  const entries = ks.status?.inventory?.entries ?? [];
  const policy = getDeletionPolicy(ks);
  const remove =
    !ks.spec.suspend &&
    entries.length > 0 &&
    (policy === "Delete" || policy === "WaitForTermination" || (policy === "MirrorPrune" && ks.spec.prune));
  if (!remove) return { entries: [], changeLog: "" };
  return pruneObjects({
    cluster: options.cluster,
    stale: staleEntries(entries, []),
    owner: { name: ks.metadata.name, namespace: ks.metadata.namespace || "default" },
  });
}

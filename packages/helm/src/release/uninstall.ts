/**
 * Uninstalling releases: `helm uninstall` over the release storage, what helm-controller does for a deleted
 * HelmRelease, and its check for a changed release target (after which the old release is uninstalled).
 */
import { type Clock, type ClusterAdapter, formatKubeTime, systemClock } from "@gitops-kit/core";
import { deleteMissing, HELM_CONTROLLER_FIELD_MANAGER, objectsOf } from "./actions.js";
import { releaseNameOf, releaseNamespaceOf, storageNamespaceOf } from "./name.js";
import { latestSnapshot } from "./planner.js";
import { type HelmRelease, parseHelmRelease } from "./schema.js";
import { listReleases, pruneReleases, saveReleases } from "./storage.js";
/** Why the release the status points at is not the one the spec names any more (helm-controller's reasons). */
export type ReleaseTargetChange = "storage namespace" | "release namespace" | "release name" | "chart name";

/**
 * helm-controller's `ReleaseTargetChanged`: the storage namespace, release namespace, release name or chart
 * name differ from the latest release in `status`. Undefined when nothing changed or there is no history.
 */
export function releaseTargetChanged(
  release: HelmRelease,
  chartName: string,
): ReleaseTargetChange | undefined {
  const history = release.status.history ?? [];
  const cur = latestSnapshot(history);
  if (!release.status.storageNamespace || !cur) return undefined;
  if (storageNamespaceOf(release) !== release.status.storageNamespace) return "storage namespace";
  if (releaseNamespaceOf(release) !== cur.namespace) return "release namespace";
  if (releaseNameOf(release) !== cur.name) return "release name";
  if (chartName !== cur.chartName) return "chart name";
  return undefined;
}

/** Options of {@link uninstallRelease}. */
export interface UninstallReleaseOptions {
  cluster: ClusterAdapter;
  /** The Helm release name. */
  name: string;
  storageNamespace: string;
  /** Keep the release records, marked `uninstalled` (Helm's `--keep-history`). Default false. */
  keepHistory?: boolean;
  clock?: Clock;
  fieldManager?: string;
}

/**
 * `helm uninstall`: delete the objects of the release's latest deployed (or failed) version, then its storage
 * records (or mark them `uninstalled` with `keepHistory`). Returns the version uninstalled, undefined when
 * there was no release.
 */
export async function uninstallRelease(options: UninstallReleaseOptions): Promise<number | undefined> {
  const records = await listReleases({
    cluster: options.cluster,
    name: options.name,
    storageNamespace: options.storageNamespace,
  });
  const cur =
    [...records].reverse().find((r) => r.status !== "uninstalled" && r.status !== "superseded") ??
    records.at(-1);
  if (!cur) return undefined;
  await deleteMissing(options.cluster, objectsOf(cur.manifest, cur.namespace), []);
  if (options.keepHistory) {
    const deleted = formatKubeTime((options.clock ?? systemClock).now());
    await saveReleases({
      cluster: options.cluster,
      records: [{ ...cur, status: "uninstalled", deleted, description: "Uninstallation complete" }],
      storageNamespace: options.storageNamespace,
      fieldManager: options.fieldManager ?? HELM_CONTROLLER_FIELD_MANAGER,
    });
  } else {
    await pruneReleases({
      cluster: options.cluster,
      records,
      storageNamespace: options.storageNamespace,
      maxHistory: -1,
    });
  }
  return cur.version;
}

/** Options of {@link uninstallHelmRelease}. */
export interface UninstallHelmReleaseOptions {
  release: HelmRelease | unknown;
  cluster: ClusterAdapter;
  clock?: Clock;
}

/**
 * What helm-controller does when a HelmRelease is deleted: uninstall its release (honouring
 * `spec.uninstall.keepHistory`). Returns the version uninstalled, undefined when nothing was installed.
 */
export async function uninstallHelmRelease(
  options: UninstallHelmReleaseOptions,
): Promise<number | undefined> {
  const release = parseHelmRelease({ object: options.release });
  const history = release.status.history ?? [];
  const cur = latestSnapshot(history);
  return uninstallRelease({
    cluster: options.cluster,
    name: cur?.name ?? releaseNameOf(release),
    storageNamespace: release.status.storageNamespace || storageNamespaceOf(release),
    keepHistory: release.spec.uninstall?.keepHistory ?? false,
    clock: options.clock,
  });
}

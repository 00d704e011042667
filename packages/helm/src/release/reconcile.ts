/**
 * One HelmRelease reconciliation, composed of this package's steps the way helm-controller runs them:
 * resolve the chart → compose values → read the release history from storage → (drift check) → plan →
 * act (install / upgrade / test / rollback / uninstall remediation / unlock / drift correction) → plan again
 * until nothing is left to do → status conditions.
 *
 * Design:
 * - **Apply** is server-side apply through the `ClusterAdapter` (field manager `helm-controller`, forced),
 *   objects in Helm's install order, CRDs first; on upgrade, objects of the previous release that are no
 *   longer rendered are deleted, as Helm does.
 * - **History** lives in the cluster as Helm-format release Secrets in the storage namespace (see
 *   `storage.ts`), so a later reconcile (or `helm list`-style tooling) finds it; it is also returned, with
 *   the HelmRelease `status` (history snapshots, failure counters, observed digests, conditions). The
 *   caller stores that status (e.g. `MemoryCluster.updateStatus`) and passes it back next time.
 * - **Hooks** are rendered and recorded in the release but not executed (no Jobs or Pods run here); test
 *   hooks run through an optional `testRunner`, and without one they are recorded as succeeded with a
 *   `TestSuccess` message saying they were not executed.
 * - Waiting for readiness (`disableWait`) is not modelled: an applied release counts as deployed.
 */
import {
  type Clock,
  type ClusterAdapter,
  type Condition,
  type ConditionStatus,
  formatKubeTime,
  type HttpFetch,
  type KubeObject,
  NotFoundError,
  parseYamlStream,
  printYamlStream,
  removeCondition,
  setCondition,
  systemClock,
} from "@gitops-kit/core";
import { LookupCache } from "../funcs/lookup.js";
import type { CapabilitiesOptions } from "../render/capabilities.js";
import type { Hook } from "../render/manifests.js";
import type { Capabilities } from "../render/objects.js";
import { type RenderedChart, renderChart } from "../render/release.js";
import type { Values } from "../values/read.js";
import { type ChartSourceAdapter, type ResolvedChart, resolveChart } from "./chart.js";
import { commonMetadataDigest, postRenderersDigest, valuesDigest } from "./digest.js";
import { type DriftReport, detectDrift } from "./drift.js";
import { releaseNameOf, releaseNamespaceOf, storageNamespaceOf } from "./name.js";
import { type DesiredRelease, planRelease, type ReleasePlan } from "./planner.js";
import { postRenderManifests } from "./postrender.js";
import {
  type HelmRelease,
  type HelmReleaseStatus,
  parseHelmRelease,
  type ReleaseSnapshot,
  releaseMaxHistory,
} from "./schema.js";
import {
  listReleases,
  pruneReleases,
  type ReleaseRecord,
  saveReleases,
  snapshotOf,
  type TestHookRun,
} from "./storage.js";
import { composeValues } from "./values.js";

/** The field manager helm-controller applies with. */
export const HELM_CONTROLLER_FIELD_MANAGER = "helm-controller";

/** Runs a release's test hooks and reports each one's phase by hook name. */
export type TestRunner = (options: {
  release: ReleaseRecord;
  hooks: ReleaseRecord["hooks"];
  cluster: ClusterAdapter;
}) => Promise<Record<string, TestHookRun>>;

/** Options of {@link reconcileHelmRelease}. */
export interface ReconcileHelmReleaseOptions {
  /** The HelmRelease (parsed, or an object to parse), with the status of the previous reconcile. */
  release: HelmRelease | unknown;
  cluster: ClusterAdapter;
  sources: ChartSourceAdapter;
  /** HTTP client for chart repositories (default: global fetch). */
  fetch?: HttpFetch;
  clock?: Clock;
  /** `.Capabilities` for rendering (default: `helm template`'s). */
  capabilities?: Capabilities | CapabilitiesOptions;
  testRunner?: TestRunner;
  /** Default `helm-controller`. */
  fieldManager?: string;
  /** A `reconcile.fluxcd.io/forceAt` request not yet handled. */
  forceRequested?: boolean;
  /** Most actions in one reconcile (default 10), a guard against remediation loops. */
  maxSteps?: number;
}

/** One action taken. */
export interface ReleaseActionResult {
  action: ReleasePlan["action"];
  /** Why the planner chose it. */
  reason: string;
  ok: boolean;
  message: string;
  /** The release version the action produced or acted on. */
  version?: number;
}

/** What {@link reconcileHelmRelease} returns. */
export interface ReconcileHelmReleaseResult {
  /** Actions in the order they ran (empty when the release was in sync). */
  actions: ReleaseActionResult[];
  /** The last plan (its action is `none` unless the step limit was reached). */
  plan: ReleasePlan | undefined;
  /** The new HelmRelease status. */
  status: HelmReleaseStatus;
  /** The `Ready` condition of {@link status}. */
  ready: Condition;
  /** The stored releases, oldest first. */
  history: ReleaseRecord[];
  /** The chart that was resolved, when it was. */
  chart?: ResolvedChart;
  /** The composed values, when they were. */
  values?: Values;
  /** The drift found before acting, when drift detection is on. */
  drift?: DriftReport;
}

/** Everything the steps share. */
interface Context {
  release: HelmRelease;
  cluster: ClusterAdapter;
  clock: Clock;
  fieldManager: string;
  name: string;
  namespace: string;
  storageNamespace: string;
  chart: ResolvedChart;
  values: Values;
  configDigest: string;
  capabilities?: Capabilities | CapabilitiesOptions;
  testRunner?: TestRunner;
  records: ReleaseRecord[];
  status: HelmReleaseStatus;
  conditions: Condition[];
}

function now(ctx: Context): string {
  return formatKubeTime(ctx.clock.now());
}

function mark(ctx: Context, type: string, status: ConditionStatus, reason: string, message: string): void {
  ctx.conditions = setCondition({
    conditions: ctx.conditions,
    condition: { type, status, reason, message, observedGeneration: ctx.release.metadata.generation },
    clock: ctx.clock,
    transitionOn: "state",
  });
}

function latest(ctx: Context): ReleaseRecord | undefined {
  return ctx.records.length > 0 ? ctx.records[ctx.records.length - 1] : undefined;
}

function fullName(r: ReleaseRecord): string {
  return `${r.namespace}/${r.name}.v${r.version}`;
}

function chartRef(r: ReleaseRecord): string {
  return `${r.chart.name}@${r.chart.version}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Objects of a manifest stream, namespaced into the release namespace when they name none. */
function objectsOf(manifest: string, namespace: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseYamlStream(manifest)) {
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) continue;
    const o = doc as KubeObject;
    if (!o.metadata?.namespace) o.metadata = { ...(o.metadata ?? {}), namespace } as KubeObject["metadata"];
    out.push(o);
  }
  return out;
}

function refKey(o: KubeObject): string {
  return [o.apiVersion, o.kind, o.metadata?.namespace ?? "", o.metadata?.name ?? ""].join("/");
}

/** Render with lookups answered by the cluster (synchronously, or through a cache filled between rounds). */
async function render(
  ctx: Context,
  version: number,
  isUpgrade: boolean,
  skipSchemaValidation: boolean,
): Promise<RenderedChart> {
  const base = {
    chart: ctx.chart.chart,
    values: ctx.values,
    release: {
      name: ctx.name,
      namespace: ctx.namespace,
      revision: version,
      isInstall: !isUpgrade,
      isUpgrade,
    },
    capabilities: ctx.capabilities,
    skipSchemaValidation,
  };
  const sync = typeof (ctx.cluster as { getSync?: unknown }).getSync === "function";
  if (sync) return renderChart({ ...base, cluster: ctx.cluster });
  const cache = new LookupCache(ctx.cluster);
  let out = renderChart({ ...base, cluster: cache });
  for (let round = 0; round < 5 && (await cache.fill()); round++)
    out = renderChart({ ...base, cluster: cache });
  return out;
}

function manifestText(rendered: readonly KubeObject[]): string {
  return printYamlStream(rendered as unknown[]);
}

function hooksOf(hooks: readonly Hook[]): ReleaseRecord["hooks"] {
  return hooks.map((h) => ({
    name: h.name,
    kind: h.kind,
    path: h.path,
    manifest: h.manifest,
    events: [...h.events],
  }));
}

async function deleteMissing(
  ctx: Context,
  before: readonly KubeObject[],
  after: readonly KubeObject[],
): Promise<void> {
  const keep = new Set(after.map(refKey));
  for (const o of [...before].reverse()) {
    if (keep.has(refKey(o))) continue;
    try {
      await ctx.cluster.delete({
        apiVersion: String(o.apiVersion),
        kind: String(o.kind),
        name: String(o.metadata?.name ?? ""),
        namespace: o.metadata?.namespace,
      });
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
}

async function persist(ctx: Context, changed: readonly ReleaseRecord[]): Promise<void> {
  await saveReleases({
    cluster: ctx.cluster,
    records: changed,
    storageNamespace: ctx.storageNamespace,
    fieldManager: ctx.fieldManager,
  });
  ctx.records = await pruneReleases({
    cluster: ctx.cluster,
    records: ctx.records,
    storageNamespace: ctx.storageNamespace,
    maxHistory: releaseMaxHistory(ctx.release),
  });
}

function replaceRecord(ctx: Context, record: ReleaseRecord): void {
  ctx.records = ctx.records
    .filter((r) => r.version !== record.version)
    .concat(record)
    .sort((a, b) => a.version - b.version);
}

/** install, upgrade and retry: render, post-render, apply, record. */
async function runRelease(ctx: Context, kind: "install" | "upgrade"): Promise<ReleaseActionResult> {
  const spec = ctx.release.spec;
  const previous = [...ctx.records].reverse().find((r) => r.status === "deployed");
  const version = (latest(ctx)?.version ?? 0) + 1;
  const chartText = `${ctx.chart.name}@${ctx.chart.version}`;
  const failReason = kind === "install" ? "InstallFailed" : "UpgradeFailed";
  const fail = (detail: string, record?: ReleaseRecord): ReleaseActionResult => {
    const message = `Helm ${kind} failed for release ${ctx.namespace}/${ctx.name} with chart ${chartText}: ${detail}`;
    mark(ctx, "Released", "False", failReason, message);
    ctx.status.lastAttemptedReleaseAction = kind;
    ctx.status.failures = (ctx.status.failures ?? 0) + 1;
    if (kind === "install") ctx.status.installFailures = (ctx.status.installFailures ?? 0) + 1;
    else ctx.status.upgradeFailures = (ctx.status.upgradeFailures ?? 0) + 1;
    return { action: kind, reason: "", ok: false, message, ...(record ? { version: record.version } : {}) };
  };
  const isUpgrade = kind === "upgrade" && ctx.records.some((r) => r.status !== "uninstalled");
  const skipSchema =
    (kind === "install" ? spec.install?.disableSchemaValidation : spec.upgrade?.disableSchemaValidation) ??
    false;
  let rendered: RenderedChart;
  let objects: KubeObject[];
  try {
    rendered = await render(ctx, version, isUpgrade, skipSchema);
    const manifests = rendered.manifests.flatMap((m) => objectsOf(m.content, ctx.namespace));
    objects = postRenderManifests({ release: ctx.release, objects: manifests });
  } catch (err) {
    return fail(errorText(err));
  }
  const time = now(ctx);
  const record: ReleaseRecord = {
    name: ctx.name,
    namespace: ctx.namespace,
    version,
    status: "deployed",
    description: kind === "install" ? "Install complete" : "Upgrade complete",
    firstDeployed: previous?.firstDeployed ?? time,
    lastDeployed: time,
    chart: {
      name: ctx.chart.name,
      version: ctx.chart.version,
      appVersion: ctx.chart.chart.metadata.appVersion || undefined,
      apiVersion: ctx.chart.chart.metadata.apiVersion,
    },
    config: ctx.values,
    configDigest: ctx.configDigest,
    manifest: manifestText(objects),
    hooks: hooksOf(rendered.hooks),
    ...(rendered.notes ? { notes: rendered.notes } : {}),
    action: kind,
    ...(ctx.chart.ociDigest ? { ociDigest: ctx.chart.ociDigest } : {}),
  };
  try {
    const crdPolicy =
      kind === "install"
        ? (spec.install?.crds ?? (spec.install?.skipCRDs ? "Skip" : "Create"))
        : (spec.upgrade?.crds ?? "Skip");
    const crds =
      crdPolicy === "Skip" ? [] : rendered.crds.flatMap((c) => objectsOf(c.content, ctx.namespace));
    const namespaceObject: KubeObject[] =
      kind === "install" && spec.install?.createNamespace
        ? [{ apiVersion: "v1", kind: "Namespace", metadata: { name: ctx.namespace } }]
        : [];
    const batch = [...namespaceObject, ...crds, ...objects];
    if (batch.length > 0)
      await ctx.cluster.apply({ objects: batch, fieldManager: ctx.fieldManager, force: true });
    if (previous) await deleteMissing(ctx, objectsOf(previous.manifest, ctx.namespace), objects);
  } catch (err) {
    const failed: ReleaseRecord = {
      ...record,
      status: "failed",
      description: `Release "${ctx.name}" failed: ${errorText(err)}`,
    };
    replaceRecord(ctx, failed);
    await persist(ctx, [failed]);
    return fail(errorText(err), failed);
  }
  const changed: ReleaseRecord[] = [record];
  if (previous) changed.push({ ...previous, status: "superseded" });
  for (const r of changed) replaceRecord(ctx, r);
  await persist(ctx, changed);
  ctx.status.lastAttemptedReleaseAction = kind;
  // What was released now carries the spec's post-renderers and common metadata.
  ctx.status.observedPostRenderersDigest = postRenderersDigest(spec.postRenderers) || undefined;
  ctx.status.observedCommonMetadataDigest = commonMetadataDigest(spec.commonMetadata) || undefined;
  ctx.status.failures = 0;
  ctx.status.installFailures = 0;
  ctx.status.upgradeFailures = 0;
  const message = `Helm ${kind} succeeded for release ${fullName(record)} with chart ${chartRef(record)}`;
  mark(ctx, "Released", "True", kind === "install" ? "InstallSucceeded" : "UpgradeSucceeded", message);
  ctx.conditions = removeCondition(ctx.conditions, "Remediated");
  if (spec.test?.enable)
    mark(
      ctx,
      "TestSuccess",
      "Unknown",
      "AwaitingTests",
      `Helm release ${fullName(record)} with chart ${chartRef(record)} is awaiting tests`,
    );
  return { action: kind, reason: "", ok: true, message, version };
}

function selectedTests(ctx: Context, hooks: ReleaseRecord["hooks"]): ReleaseRecord["hooks"] {
  const filters = ctx.release.spec.test?.filters ?? [];
  const includes = filters.filter((f) => !f.exclude);
  return hooks.filter((h) => {
    if (!h.events.includes("test")) return false;
    if (filters.some((f) => f.exclude && f.name === h.name)) return false;
    return includes.length === 0 || includes.some((f) => f.name === h.name);
  });
}

async function runTests(ctx: Context): Promise<ReleaseActionResult> {
  const cur = latest(ctx);
  if (!cur) return { action: "test", reason: "", ok: false, message: "no release to test" };
  const hooks = selectedTests(ctx, cur.hooks);
  const time = now(ctx);
  let results: Record<string, TestHookRun>;
  let note = "";
  if (ctx.testRunner) {
    results = await ctx.testRunner({ release: cur, hooks, cluster: ctx.cluster });
  } else {
    results = Object.fromEntries(
      hooks.map((h) => [h.name, { phase: "Succeeded" as const, lastStarted: time, lastCompleted: time }]),
    );
    note = hooks.length > 0 ? " (test hooks recorded, not executed: no test runner)" : "";
  }
  const updated: ReleaseRecord = { ...cur, testHooks: results };
  replaceRecord(ctx, updated);
  await persist(ctx, [updated]);
  const failed = Object.entries(results)
    .filter(([, r]) => r.phase === "Failed")
    .map(([n]) => n);
  if (failed.length > 0) {
    const message = `Helm test failed for release ${fullName(cur)} with chart ${chartRef(cur)}: test hook(s) failed: ${failed.join(", ")}`;
    mark(ctx, "TestSuccess", "False", "TestFailed", message);
    const active = ctx.status.lastAttemptedReleaseAction;
    const ignore =
      (active === "install"
        ? ctx.release.spec.install?.remediation?.ignoreTestFailures
        : active === "upgrade"
          ? ctx.release.spec.upgrade?.remediation?.ignoreTestFailures
          : undefined) ??
      ctx.release.spec.test?.ignoreFailures ??
      false;
    if (!ignore && active) {
      ctx.status.failures = (ctx.status.failures ?? 0) + 1;
      if (active === "install") ctx.status.installFailures = (ctx.status.installFailures ?? 0) + 1;
      else ctx.status.upgradeFailures = (ctx.status.upgradeFailures ?? 0) + 1;
    }
    return { action: "test", reason: "", ok: false, message, version: cur.version };
  }
  const names = hooks.map((h) => h.name).join(", ") || "no test hooks";
  const message = `Helm test succeeded for release ${fullName(cur)} with chart ${chartRef(cur)}: ${names}${note}`;
  mark(ctx, "TestSuccess", "True", "TestSucceeded", message);
  return { action: "test", reason: "", ok: true, message, version: cur.version };
}

async function runRollback(ctx: Context, to: number): Promise<ReleaseActionResult> {
  const cur = latest(ctx);
  const target = ctx.records.find((r) => r.version === to);
  if (!cur || !target)
    return { action: "rollback", reason: "", ok: false, message: `no release v${to} to roll back to` };
  const time = now(ctx);
  const record: ReleaseRecord = {
    ...target,
    version: cur.version + 1,
    status: "deployed",
    description: `Rollback to ${to}`,
    lastDeployed: time,
    action: "rollback",
    testHooks: undefined,
  };
  const targetObjects = objectsOf(target.manifest, ctx.namespace);
  try {
    if (targetObjects.length > 0)
      await ctx.cluster.apply({ objects: targetObjects, fieldManager: ctx.fieldManager, force: true });
    await deleteMissing(ctx, objectsOf(cur.manifest, ctx.namespace), targetObjects);
  } catch (err) {
    const message = `Helm rollback to previous release ${ctx.namespace}/${target.name}.v${to} with chart ${chartRef(target)} failed: ${errorText(err)}`;
    mark(ctx, "Remediated", "False", "RollbackFailed", message);
    return { action: "rollback", reason: "", ok: false, message };
  }
  const changed: ReleaseRecord[] = ctx.records
    .filter((r) => r.status === "deployed" || r.version === cur.version)
    .map((r) => ({ ...r, status: "superseded" }));
  changed.push(record);
  for (const r of changed) replaceRecord(ctx, r);
  await persist(ctx, changed);
  const message = `Helm rollback to previous release ${ctx.namespace}/${target.name}.v${to} with chart ${chartRef(target)} succeeded`;
  mark(ctx, "Remediated", "True", "RollbackSucceeded", message);
  return { action: "rollback", reason: "", ok: true, message, version: record.version };
}

async function runUninstall(ctx: Context): Promise<ReleaseActionResult> {
  const cur = latest(ctx);
  if (!cur) return { action: "uninstall", reason: "", ok: false, message: "no release to uninstall" };
  try {
    await deleteMissing(ctx, objectsOf(cur.manifest, ctx.namespace), []);
  } catch (err) {
    const message = `Helm uninstall remediation for release ${fullName(cur)} with chart ${chartRef(cur)} failed: ${errorText(err)}`;
    mark(ctx, "Remediated", "False", "UninstallFailed", message);
    return { action: "uninstall", reason: "", ok: false, message };
  }
  const updated: ReleaseRecord = {
    ...cur,
    status: "uninstalled",
    deleted: now(ctx),
    description: "Uninstallation complete",
    action: "uninstall-remediation",
  };
  replaceRecord(ctx, updated);
  await persist(ctx, [updated]);
  const message = `Helm uninstall remediation for release ${fullName(cur)} with chart ${chartRef(cur)} succeeded`;
  mark(ctx, "Remediated", "True", "UninstallSucceeded", message);
  return { action: "uninstall", reason: "", ok: true, message, version: cur.version };
}

async function runUnlock(ctx: Context): Promise<ReleaseActionResult> {
  const cur = latest(ctx);
  if (!cur) return { action: "unlock", reason: "", ok: false, message: "no release to unlock" };
  const state = cur.status;
  const updated: ReleaseRecord = {
    ...cur,
    status: "failed",
    description: `Release unlocked from stale '${state}' state`,
  };
  replaceRecord(ctx, updated);
  await persist(ctx, [updated]);
  return {
    action: "unlock",
    reason: "",
    ok: true,
    message: `Unlocked Helm release ${fullName(cur)} with chart ${chartRef(cur)} in ${state} state`,
    version: cur.version,
  };
}

async function runCorrectDrift(ctx: Context): Promise<ReleaseActionResult> {
  const cur = latest(ctx);
  if (!cur) return { action: "correct-drift", reason: "", ok: false, message: "no release to correct" };
  const objects = objectsOf(cur.manifest, ctx.namespace);
  try {
    if (objects.length > 0) await ctx.cluster.apply({ objects, fieldManager: ctx.fieldManager, force: true });
  } catch (err) {
    const message = `Failed to correct cluster state of release ${fullName(cur)}: ${errorText(err)}`;
    return { action: "correct-drift", reason: "", ok: false, message };
  }
  const message = `Cluster state of release ${fullName(cur)} has been corrected`;
  mark(ctx, "Drifted", "False", "NoDriftDetected", message);
  return { action: "correct-drift", reason: "", ok: true, message, version: cur.version };
}

async function driftOf(ctx: Context): Promise<DriftReport | undefined> {
  const mode = ctx.release.spec.driftDetection?.mode ?? "disabled";
  const cur = latest(ctx);
  if (mode === "disabled" || !cur || cur.status !== "deployed") return undefined;
  return detectDrift({
    desired: objectsOf(cur.manifest, ctx.namespace),
    cluster: ctx.cluster,
    ignore: ctx.release.spec.driftDetection?.ignore,
  });
}

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
  const cur = history.reduce<ReleaseSnapshot | undefined>(
    (a, s) => (!a || s.version > a.version ? s : a),
    undefined,
  );
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
  const ctx = { cluster: options.cluster } as Context;
  await deleteMissing(ctx, objectsOf(cur.manifest, cur.namespace), []);
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
  const cur = history.reduce<ReleaseSnapshot | undefined>(
    (a, s) => (!a || s.version > a.version ? s : a),
    undefined,
  );
  return uninstallRelease({
    cluster: options.cluster,
    name: cur?.name ?? releaseNameOf(release),
    storageNamespace: release.status.storageNamespace || storageNamespaceOf(release),
    keepHistory: release.spec.uninstall?.keepHistory ?? false,
    clock: options.clock,
  });
}

function result(
  ctx: Pick<Context, "conditions" | "status" | "records"> & { release: HelmRelease },
  extra: Partial<ReconcileHelmReleaseResult> & {
    actions: ReleaseActionResult[];
    plan: ReleasePlan | undefined;
  },
): ReconcileHelmReleaseResult {
  const status: HelmReleaseStatus = { ...ctx.status, conditions: ctx.conditions };
  const ready = ctx.conditions.find((c) => c.type === "Ready") as Condition;
  return { ...extra, status, ready, history: ctx.records };
}

/**
 * Reconcile a HelmRelease against a cluster (see the module documentation for what is modelled).
 *
 * @example
 * const cluster = new MemoryCluster();
 * const sources = staticChartSources({ "HelmRepository/default/charts": { kind: "HelmRepository", url } });
 * let r = await reconcileHelmRelease({ release: hr, cluster, sources });
 * r.ready.status; // "True" after an install
 * r = await reconcileHelmRelease({ release: { ...hr, status: r.status }, cluster, sources });
 * r.actions; // [] when nothing changed
 */
export async function reconcileHelmRelease(
  options: ReconcileHelmReleaseOptions,
): Promise<ReconcileHelmReleaseResult> {
  // Parsing is idempotent, so a HelmRelease parsed earlier (or with a status from the last run) reads the same.
  const release = parseHelmRelease({ object: options.release });
  const clock = options.clock ?? systemClock;
  const status: HelmReleaseStatus = structuredClone(release.status ?? {});
  let conditions: Condition[] = [...(status.conditions ?? [])];
  const base = { release, status, records: [] as ReleaseRecord[] };
  const markReady = (s: ConditionStatus, reason: string, message: string) => {
    conditions = setCondition({
      conditions,
      condition: {
        type: "Ready",
        status: s,
        reason,
        message,
        observedGeneration: release.metadata.generation,
      },
      clock,
      transitionOn: "state",
    });
  };
  if (release.spec.suspend) {
    markReady(
      conditions.find((c) => c.type === "Ready")?.status ?? "Unknown",
      "Suspended",
      "reconciliation is suspended",
    );
    return result({ ...base, conditions }, { actions: [], plan: undefined });
  }
  let chart: ResolvedChart;
  try {
    chart = await resolveChart({ release, sources: options.sources, fetch: options.fetch });
  } catch (err) {
    markReady("False", "ArtifactFailed", `Could not load chart: ${errorText(err)}`);
    return result({ ...base, conditions }, { actions: [], plan: undefined });
  }
  let values: Values;
  try {
    values = await composeValues({ release, cluster: options.cluster });
  } catch (err) {
    markReady("False", "ValuesError", errorText(err));
    return result({ ...base, conditions }, { actions: [], plan: undefined, chart });
  }
  // A changed release target: uninstall what the status points at first, then start a fresh history.
  const change = releaseTargetChanged(release, chart.name);
  if (change && (change !== "chart name" || release.spec.upgrade?.chartNameChangeStrategy === "Reinstall")) {
    const previous = [...(status.history ?? [])].sort((a, b) => b.version - a.version)[0];
    await uninstallRelease({
      cluster: options.cluster,
      name: previous.name,
      storageNamespace: status.storageNamespace ?? storageNamespaceOf(release),
      keepHistory: release.spec.uninstall?.keepHistory ?? false,
      clock,
      fieldManager: options.fieldManager,
    });
    status.history = [];
    status.failures = 0;
    status.installFailures = 0;
    status.upgradeFailures = 0;
    release.status = { ...release.status, history: [] };
  }
  const configDigest = valuesDigest(values);
  const generation = release.metadata.generation;
  // helm-controller starts counting failures afresh when the chart, the values or the spec changed.
  if (
    status.lastAttemptedGeneration !== generation ||
    status.lastAttemptedRevision !== chart.version ||
    status.lastAttemptedConfigDigest !== configDigest
  ) {
    status.failures = 0;
    status.installFailures = 0;
    status.upgradeFailures = 0;
  }
  status.lastAttemptedGeneration = generation;
  status.lastAttemptedRevision = chart.version;
  status.lastAttemptedConfigDigest = configDigest;
  if (chart.ociDigest) status.lastAttemptedRevisionDigest = chart.ociDigest;
  if (chart.helmChart) status.helmChart = chart.helmChart;
  const storageNamespace = storageNamespaceOf(release);
  status.storageNamespace = storageNamespace;
  const name = releaseNameOf(release);
  const ctx: Context = {
    release,
    cluster: options.cluster,
    clock,
    fieldManager: options.fieldManager ?? HELM_CONTROLLER_FIELD_MANAGER,
    name,
    namespace: releaseNamespaceOf(release),
    storageNamespace,
    chart,
    values,
    configDigest,
    capabilities: options.capabilities,
    testRunner: options.testRunner,
    records: await listReleases({ cluster: options.cluster, name, storageNamespace }),
    status,
    conditions,
  };
  const desired: DesiredRelease = {
    chartName: chart.name,
    chartVersion: chart.version,
    configDigest,
    postRenderersDigest: postRenderersDigest(release.spec.postRenderers),
    commonMetadataDigest: commonMetadataDigest(release.spec.commonMetadata),
  };
  const unmanaged =
    ctx.records.length > 0 &&
    (release.status.history ?? []).length === 0 &&
    latest(ctx)?.status !== "uninstalled";
  const drift = await driftOf(ctx);
  if (drift?.drifted) {
    mark(
      ctx,
      "Drifted",
      "True",
      "DriftDetected",
      `Cluster state of release ${fullName(latest(ctx) as ReleaseRecord)} has drifted from the desired state:\n${drift.summary}`,
    );
  } else if (drift) {
    mark(ctx, "Drifted", "False", "NoDriftDetected", "No drift detected against the cluster state");
  }
  const actions: ReleaseActionResult[] = [];
  let plan: ReleasePlan | undefined;
  let firstPlan = true;
  const maxSteps = options.maxSteps ?? 10;
  for (let step = 0; step < maxSteps; step++) {
    const statusNow: HelmReleaseStatus = { ...ctx.status, history: ctx.records.map(snapshotOf) };
    plan = planRelease({
      release: { ...release, status: statusNow },
      history: unmanaged && firstPlan ? [] : statusNow.history,
      unmanaged: unmanaged && firstPlan,
      desired,
      drift: firstPlan ? drift : undefined,
      forceRequested: firstPlan && (options.forceRequested ?? false),
    });
    firstPlan = false;
    if (plan.action === "none") break;
    // A release just made cannot be out of date again in the same run; stop rather than loop.
    const releasing = plan.action === "install" || plan.action === "upgrade" || plan.action === "retry";
    if (
      releasing &&
      actions.some((a) => a.ok && (a.action === "install" || a.action === "upgrade" || a.action === "retry"))
    )
      break;
    let outcome: ReleaseActionResult;
    switch (plan.action) {
      case "install":
        outcome = await runRelease(ctx, "install");
        break;
      case "upgrade":
      case "retry":
        outcome = await runRelease(ctx, "upgrade");
        break;
      case "test":
        outcome = await runTests(ctx);
        break;
      case "rollback":
        outcome = await runRollback(ctx, plan.rollbackTo ?? 0);
        break;
      case "uninstall":
        outcome = await runUninstall(ctx);
        break;
      case "unlock":
        outcome = await runUnlock(ctx);
        break;
      case "correct-drift":
        outcome = await runCorrectDrift(ctx);
        break;
    }
    actions.push({ ...outcome, action: plan.action, reason: plan.reason });
    // A failed action that stored no failed release (a render error) leaves nothing to remediate now.
    if (
      !outcome.ok &&
      (plan.action === "correct-drift" || plan.action === "rollback" || plan.action === "uninstall")
    )
      break;
  }
  // Summarize into Ready, as helm-controller does: a stall or a remediation is not ready; otherwise the
  // Released (and TestSuccess) conditions decide.
  const get = (type: string) => ctx.conditions.find((c) => c.type === type);
  const released = get("Released");
  const remediated = get("Remediated");
  const tests = get("TestSuccess");
  const lastFailed =
    actions.length > 0 && !actions[actions.length - 1].ok ? actions[actions.length - 1] : undefined;
  ctx.conditions = removeCondition(ctx.conditions, "Stalled");
  if (plan?.stalled) {
    mark(ctx, "Stalled", "True", "RetriesExceeded", plan.reason);
  }
  const readyWith = (s: ConditionStatus, reason: string, message: string) =>
    mark(ctx, "Ready", s, reason, message);
  if (remediated?.status === "True") readyWith("False", remediated.reason, remediated.message);
  else if (lastFailed && released?.status === "False") readyWith("False", released.reason, released.message);
  else if (tests?.status === "False" && !(release.spec.test?.ignoreFailures ?? false))
    readyWith("False", tests.reason, tests.message);
  else if (plan?.stalled && released)
    readyWith(
      "False",
      released.status === "False" ? released.reason : "RetriesExceeded",
      released.status === "False" ? released.message : plan.reason,
    );
  else if (released?.status === "True") readyWith("True", released.reason, released.message);
  else if (released) readyWith("False", released.reason, released.message);
  else if (plan?.state === "InSync") {
    const cur = latest(ctx);
    if (cur) {
      const reason = cur.action === "install" ? "InstallSucceeded" : "UpgradeSucceeded";
      const message = `Helm ${cur.action === "install" ? "install" : "upgrade"} succeeded for release ${fullName(cur)} with chart ${chartRef(cur)}`;
      mark(ctx, "Released", "True", reason, message);
      readyWith("True", reason, message);
    }
  } else if (lastFailed) readyWith("False", "ReconciliationFailed", lastFailed.message);
  if (plan?.action === "none" && !plan.stalled) {
    ctx.status.observedGeneration = generation;
    ctx.status.observedPostRenderersDigest = desired.postRenderersDigest || undefined;
    ctx.status.observedCommonMetadataDigest = desired.commonMetadataDigest || undefined;
  }
  ctx.status.history = [...ctx.records].reverse().map(snapshotOf);
  return result(ctx, { actions, plan, chart, values, ...(drift ? { drift } : {}) });
}

/**
 * The release actions of a reconciliation — install / upgrade, test, rollback, uninstall remediation,
 * unlock, drift correction — over a shared context (the HelmRelease, its resolved chart and values, the
 * stored release records and the status being built). Each returns a {@link ReleaseActionResult} and
 * records its outcome in the status conditions, with helm-controller's reasons and messages.
 */
import {
  type Clock,
  type ClusterAdapter,
  type Condition,
  type ConditionStatus,
  errorMessage,
  formatKubeTime,
  type GroupKind,
  isClusterScoped,
  type KubeObject,
  NotFoundError,
  parseApiVersion,
  parseYamlStream,
  printYamlStream,
  removeCondition,
  setCondition,
} from "@gitops-kit/core";
import { LookupCache } from "../funcs/lookup.js";
import type { CapabilitiesOptions } from "../render/capabilities.js";
import type { Hook } from "../render/manifests.js";
import type { Capabilities } from "../render/objects.js";
import { type RenderedChart, renderChart } from "../render/release.js";
import type { Values } from "../values/read.js";
import type { ResolvedChart } from "./chart.js";
import { commonMetadataDigest, postRenderersDigest } from "./digest.js";
import { type DriftReport, detectDrift } from "./drift.js";
import type { ReleasePlan } from "./planner.js";
import { postRenderManifests } from "./postrender.js";
import { type HelmRelease, type HelmReleaseStatus, releaseMaxHistory } from "./schema.js";
import { pruneReleases, type ReleaseRecord, saveReleases, type TestHookRun } from "./storage.js";
/** The field manager helm-controller applies with. */
export const HELM_CONTROLLER_FIELD_MANAGER = "helm-controller";

/** Runs a release's test hooks and reports each one's phase by hook name. */
export type TestRunner = (options: {
  release: ReleaseRecord;
  hooks: ReleaseRecord["hooks"];
  cluster: ClusterAdapter;
}) => Promise<Record<string, TestHookRun>>;

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

/** Everything the steps share. */
export interface Context {
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

export function mark(
  ctx: Context,
  type: string,
  status: ConditionStatus,
  reason: string,
  message: string,
): void {
  ctx.conditions = setCondition({
    conditions: ctx.conditions,
    condition: { type, status, reason, message, observedGeneration: ctx.release.metadata.generation },
    clock: ctx.clock,
    transitionOn: "state",
  });
}

export function latest(ctx: Context): ReleaseRecord | undefined {
  return ctx.records.length > 0 ? ctx.records[ctx.records.length - 1] : undefined;
}

export function fullName(r: ReleaseRecord): string {
  return `${r.namespace}/${r.name}.v${r.version}`;
}

export function chartRef(r: ReleaseRecord): string {
  return `${r.chart.name}@${r.chart.version}`;
}

/** The objects of a YAML stream (documents that are not mappings are skipped). */
export function parseManifest(manifest: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseYamlStream(manifest)) {
    if (doc !== null && typeof doc === "object" && !Array.isArray(doc)) out.push(doc as KubeObject);
  }
  return out;
}

/** Custom kinds the CRDs among `objects` declare cluster-scoped. */
export function clusterScopedKindsOf(objects: readonly KubeObject[]): GroupKind[] {
  const out: GroupKind[] = [];
  for (const o of objects) {
    if (o.kind !== "CustomResourceDefinition") continue;
    const spec = o.spec as { scope?: unknown; group?: unknown; names?: { kind?: unknown } } | undefined;
    if (spec?.scope === "Cluster" && typeof spec.group === "string" && typeof spec.names?.kind === "string") {
      out.push({ group: spec.group, kind: spec.names.kind });
    }
  }
  return out;
}

/**
 * Put namespaced objects that name no namespace into the release namespace, as Helm's kube client does;
 * cluster-scoped kinds (built-ins, and custom kinds of cluster-scoped CRDs in `objects` or `extra`) stay
 * without one.
 */
export function inReleaseNamespace(
  objects: readonly KubeObject[],
  namespace: string,
  extra: readonly GroupKind[] = [],
): KubeObject[] {
  const custom = [...extra, ...clusterScopedKindsOf(objects)];
  return objects.map((o) => {
    if (o.metadata?.namespace) return o;
    const { group } = parseApiVersion(String(o.apiVersion ?? ""));
    if (isClusterScoped({ group, kind: String(o.kind ?? "") }, custom)) return o;
    return { ...o, metadata: { ...(o.metadata ?? {}), namespace } } as KubeObject;
  });
}

/** Objects of a manifest stream, in the release namespace where they are namespaced and name none. */
export function objectsOf(manifest: string, namespace: string): KubeObject[] {
  return inReleaseNamespace(parseManifest(manifest), namespace);
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

export async function deleteMissing(
  cluster: ClusterAdapter,
  before: readonly KubeObject[],
  after: readonly KubeObject[],
): Promise<void> {
  const keep = new Set(after.map(refKey));
  for (const o of [...before].reverse()) {
    if (keep.has(refKey(o))) continue;
    try {
      await cluster.delete({
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
export async function runRelease(ctx: Context, kind: "install" | "upgrade"): Promise<ReleaseActionResult> {
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
  let crdObjects: KubeObject[];
  try {
    rendered = await render(ctx, version, isUpgrade, skipSchema);
    crdObjects = rendered.crds.flatMap((c) => parseManifest(c.content));
    const crdKinds = clusterScopedKindsOf(crdObjects);
    const manifests = rendered.manifests.flatMap((m) => parseManifest(m.content));
    objects = postRenderManifests({
      release: ctx.release,
      objects: inReleaseNamespace(manifests, ctx.namespace, crdKinds),
    });
  } catch (err) {
    return fail(errorMessage(err));
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
    const crds = crdPolicy === "Skip" ? [] : crdObjects;
    const namespaceObject: KubeObject[] =
      kind === "install" && spec.install?.createNamespace
        ? [{ apiVersion: "v1", kind: "Namespace", metadata: { name: ctx.namespace } }]
        : [];
    const batch = [...namespaceObject, ...crds, ...objects];
    if (batch.length > 0)
      await ctx.cluster.apply({ objects: batch, fieldManager: ctx.fieldManager, force: true });
    if (previous) await deleteMissing(ctx.cluster, objectsOf(previous.manifest, ctx.namespace), objects);
  } catch (err) {
    const failed: ReleaseRecord = {
      ...record,
      status: "failed",
      description: `Release "${ctx.name}" failed: ${errorMessage(err)}`,
    };
    replaceRecord(ctx, failed);
    await persist(ctx, [failed]);
    return fail(errorMessage(err), failed);
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

export async function runTests(ctx: Context): Promise<ReleaseActionResult> {
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

export async function runRollback(ctx: Context, to: number): Promise<ReleaseActionResult> {
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
    await deleteMissing(ctx.cluster, objectsOf(cur.manifest, ctx.namespace), targetObjects);
  } catch (err) {
    const message = `Helm rollback to previous release ${ctx.namespace}/${target.name}.v${to} with chart ${chartRef(target)} failed: ${errorMessage(err)}`;
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

export async function runUninstall(ctx: Context): Promise<ReleaseActionResult> {
  const cur = latest(ctx);
  if (!cur) return { action: "uninstall", reason: "", ok: false, message: "no release to uninstall" };
  try {
    await deleteMissing(ctx.cluster, objectsOf(cur.manifest, ctx.namespace), []);
  } catch (err) {
    const message = `Helm uninstall remediation for release ${fullName(cur)} with chart ${chartRef(cur)} failed: ${errorMessage(err)}`;
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

export async function runUnlock(ctx: Context): Promise<ReleaseActionResult> {
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

export async function runCorrectDrift(ctx: Context): Promise<ReleaseActionResult> {
  const cur = latest(ctx);
  if (!cur) return { action: "correct-drift", reason: "", ok: false, message: "no release to correct" };
  const objects = objectsOf(cur.manifest, ctx.namespace);
  try {
    if (objects.length > 0) await ctx.cluster.apply({ objects, fieldManager: ctx.fieldManager, force: true });
  } catch (err) {
    const message = `Failed to correct cluster state of release ${fullName(cur)}: ${errorMessage(err)}`;
    return { action: "correct-drift", reason: "", ok: false, message };
  }
  const message = `Cluster state of release ${fullName(cur)} has been corrected`;
  mark(ctx, "Drifted", "False", "NoDriftDetected", message);
  return { action: "correct-drift", reason: "", ok: true, message, version: cur.version };
}

export async function driftOf(ctx: Context): Promise<DriftReport | undefined> {
  const mode = ctx.release.spec.driftDetection?.mode ?? "disabled";
  const cur = latest(ctx);
  if (mode === "disabled" || !cur || cur.status !== "deployed") return undefined;
  return detectDrift({
    desired: objectsOf(cur.manifest, ctx.namespace),
    cluster: ctx.cluster,
    ignore: ctx.release.spec.driftDetection?.ignore,
  });
}

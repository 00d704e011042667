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
  errorMessage,
  type HttpFetch,
  removeCondition,
  setCondition,
  systemClock,
} from "@gitops-kit/core";
import type { CapabilitiesOptions } from "../render/capabilities.js";
import type { Capabilities } from "../render/objects.js";
import type { Values } from "../values/read.js";
import {
  type Context,
  chartRef,
  driftOf,
  fullName,
  HELM_CONTROLLER_FIELD_MANAGER,
  latest,
  mark,
  type ReleaseActionResult,
  runCorrectDrift,
  runRelease,
  runRollback,
  runTests,
  runUninstall,
  runUnlock,
  type TestRunner,
} from "./actions.js";
import { type ChartSourceAdapter, type ResolvedChart, resolveChart } from "./chart.js";
import { commonMetadataDigest, postRenderersDigest, valuesDigest } from "./digest.js";
import type { DriftReport } from "./drift.js";
import { releaseNameOf, releaseNamespaceOf, storageNamespaceOf } from "./name.js";
import { type DesiredRelease, latestSnapshot, planRelease, type ReleasePlan } from "./planner.js";
import {
  type HelmRelease,
  type HelmReleaseStatus,
  parseHelmRelease,
  type ReleaseSnapshot,
} from "./schema.js";
import { listReleases, type ReleaseRecord, snapshotOf } from "./storage.js";
import { releaseTargetChanged, uninstallRelease } from "./uninstall.js";
import { composeValues } from "./values.js";
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
    markReady("False", "ArtifactFailed", `Could not load chart: ${errorMessage(err)}`);
    return result({ ...base, conditions }, { actions: [], plan: undefined });
  }
  let values: Values;
  try {
    values = await composeValues({ release, cluster: options.cluster });
  } catch (err) {
    markReady("False", "ValuesError", errorMessage(err));
    return result({ ...base, conditions }, { actions: [], plan: undefined, chart });
  }
  // A changed release target: uninstall what the status points at first, then start a fresh history.
  const change = releaseTargetChanged(release, chart.name);
  if (change && (change !== "chart name" || release.spec.upgrade?.chartNameChangeStrategy === "Reinstall")) {
    // releaseTargetChanged answers only when there is a history.
    const previous = latestSnapshot(status.history ?? []) as ReleaseSnapshot;
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
  // In sync after a remediation (the spec now asks for what the rollback restored): the remediation is over,
  // and the release counts as upgraded, as helm-controller records it.
  const current = latest(ctx);
  if (plan?.state === "InSync" && get("Remediated")?.status === "True" && current) {
    ctx.conditions = removeCondition(ctx.conditions, "Remediated");
    mark(
      ctx,
      "Released",
      "True",
      "UpgradeSucceeded",
      `Helm upgrade succeeded for release ${fullName(current)} with chart ${chartRef(current)}`,
    );
  }
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
  else if (plan?.state === "InSync" || (plan?.state === "Drifted" && plan.action === "none")) {
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
  // Nothing above decided (e.g. drift only warned about on a status without conditions): say so.
  if (!get("Ready")) readyWith("Unknown", "Progressing", plan?.reason || "reconciliation in progress");
  ctx.status.history = [...ctx.records].reverse().map(snapshotOf);
  return result(ctx, { actions, plan, chart, values, ...(drift ? { drift } : {}) });
}

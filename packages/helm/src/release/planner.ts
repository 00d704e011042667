/**
 * The next release action, as helm-controller's atomic release reconciler decides it: first the state of
 * the release (absent, locked, out of sync, drifted, untested, failed, in sync) from the release history and
 * the desired chart and values, then the action for that state under the spec's install / upgrade / test
 * remediation settings. Pure: no cluster, no clock.
 */
import type { DriftReport } from "./drift.js";
import type { HelmRelease, ReleaseSnapshot } from "./schema.js";

/** helm-controller's release states. */
export type ReleaseState =
  | "Absent"
  | "Locked"
  | "Unmanaged"
  | "OutOfSync"
  | "Drifted"
  | "Untested"
  | "InSync"
  | "Failed";

/**
 * What to do next. `retry` is an upgrade under the `RetryOnFailure` strategy; `uninstall` is the uninstall
 * remediation; `unlock` moves a release stuck in a pending state to failed; `correct-drift` re-applies the
 * current release's objects.
 */
export type ReleasePlanAction =
  | "install"
  | "upgrade"
  | "retry"
  | "test"
  | "rollback"
  | "uninstall"
  | "unlock"
  | "correct-drift"
  | "none";

/** The decision of {@link planRelease}. */
export interface ReleasePlan {
  action: ReleasePlanAction;
  state: ReleaseState;
  /** Why, in helm-controller's words where it has some. */
  reason: string;
  /**
   * True when nothing more can happen without a change to the spec, the chart or the values (retries
   * exhausted, no rollback target): helm-controller's `Stalled`.
   */
  stalled?: boolean;
  /** For `rollback`: the release version to roll back to. */
  rollbackTo?: number;
}

/** The chart and values the release should have now. */
export interface DesiredRelease {
  chartName: string;
  chartVersion: string;
  /** `valuesDigest` of the composed values. */
  configDigest: string;
  /** `postRenderersDigest(spec.postRenderers)`; compared when the generation changed. */
  postRenderersDigest?: string;
  /** `commonMetadataDigest(spec.commonMetadata)`; compared when the generation changed. */
  commonMetadataDigest?: string;
}

/** Options of {@link planRelease}. */
export interface PlanReleaseOptions {
  /** The HelmRelease, with its status (failure counts, last attempted action, observed digests). */
  release: HelmRelease;
  /**
   * The release history, any order (default `release.status.history`). The highest version is the release
   * in storage. A release in storage the HelmRelease has no history of is `unmanaged`: pass it as
   * `unmanaged`.
   */
  history?: readonly ReleaseSnapshot[];
  /** A release found in storage that the HelmRelease's history does not know (it will be taken over). */
  unmanaged?: boolean;
  desired: DesiredRelease;
  /** The drift of the current release, when drift detection ran. */
  drift?: DriftReport;
  /** A `reconcile.fluxcd.io/forceAt` request not yet handled. */
  forceRequested?: boolean;
}

const PENDING = new Set(["pending-install", "pending-upgrade", "pending-rollback"]);

/** The snapshot with the highest release version (the first of equals), undefined for an empty history. */
export function latestSnapshot(history: readonly ReleaseSnapshot[]): ReleaseSnapshot | undefined {
  let best: ReleaseSnapshot | undefined;
  for (const s of history) if (!best || s.version > best.version) best = s;
  return best;
}

function testPhases(s: ReleaseSnapshot): (string | undefined)[] {
  return Object.values(s.testHooks ?? {}).map((h) => h?.phase);
}

/** helm-controller's `Snapshot.HasBeenTested`. */
export function hasBeenTested(s: ReleaseSnapshot | undefined): boolean {
  if (!s?.testHooks) return false;
  const phases = testPhases(s);
  if (phases.length === 0) return true;
  if (phases.includes("Failed")) return true;
  return phases.every((p) => p === "Succeeded");
}

function hasFailedTest(s: ReleaseSnapshot | undefined): boolean {
  return s ? testPhases(s).includes("Failed") : false;
}

/** The remediation settings of the last attempted action (helm-controller's `GetActiveRemediation`). */
interface Remediation {
  kind: "install" | "upgrade";
  retries: number;
  failures: number;
  ignoreTestFailures: boolean;
  remediateLastFailure: boolean;
  strategy: "rollback" | "uninstall";
  retryOnFailure: boolean;
}

function remediationFor(release: HelmRelease, kind: "install" | "upgrade"): Remediation {
  const testIgnore = release.spec.test?.ignoreFailures ?? false;
  if (kind === "install") {
    const r = release.spec.install?.remediation;
    return {
      kind,
      retries: r?.retries ?? 0,
      failures: release.status.installFailures ?? 0,
      ignoreTestFailures: r?.ignoreTestFailures ?? testIgnore,
      remediateLastFailure: r?.remediateLastFailure ?? false,
      strategy: "uninstall",
      retryOnFailure: release.spec.install?.strategy?.name === "RetryOnFailure",
    };
  }
  const r = release.spec.upgrade?.remediation;
  const retries = r?.retries ?? 0;
  return {
    kind,
    retries,
    failures: release.status.upgradeFailures ?? 0,
    ignoreTestFailures: r?.ignoreTestFailures ?? testIgnore,
    remediateLastFailure: r?.remediateLastFailure ?? retries > 0,
    strategy: r?.strategy ?? "rollback",
    retryOnFailure: release.spec.upgrade?.strategy?.name === "RetryOnFailure",
  };
}

/** `retries >= 0 && failures > retries` (a negative count retries forever). */
function exhausted(r: Remediation): boolean {
  return r.retries >= 0 && r.failures > r.retries;
}

/** The previous successful release (helm-controller's `Snapshots.Previous`). */
function previousOf(history: readonly ReleaseSnapshot[], ignoreTests: boolean): ReleaseSnapshot | undefined {
  const sorted = [...history].sort((a, b) => b.version - a.version);
  return sorted
    .slice(1)
    .find(
      (s) => (s.status === "deployed" || s.status === "superseded") && (ignoreTests || !hasFailedTest(s)),
    );
}

/** The state of the release (helm-controller's `DetermineReleaseState`, with the cluster facts passed in). */
export function releaseStateOf(options: PlanReleaseOptions): { state: ReleaseState; reason: string } {
  const { release, desired } = options;
  const history = options.history ?? release.status.history ?? [];
  const cur = latestSnapshot(history);
  if (!cur) {
    if (options.unmanaged) return { state: "Unmanaged", reason: "found existing release in storage" };
    return { state: "Absent", reason: "no release in storage for object" };
  }
  if (PENDING.has(cur.status)) return { state: "Locked", reason: `release with status '${cur.status}'` };
  if (cur.status === "failed") return { state: "Failed", reason: "" };
  if (cur.status === "uninstalled")
    return { state: "Absent", reason: "found uninstalled release in storage" };
  if (cur.status !== "deployed") return { state: "Failed", reason: `release with status '${cur.status}'` };
  if (cur.chartName !== desired.chartName || cur.chartVersion !== desired.chartVersion) {
    return { state: "OutOfSync", reason: "release chart has changed" };
  }
  if (cur.configDigest !== desired.configDigest)
    return { state: "OutOfSync", reason: "release config values changed" };
  if (release.status.observedGeneration !== release.metadata.generation) {
    if ((desired.postRenderersDigest ?? "") !== (release.status.observedPostRenderersDigest ?? "")) {
      return { state: "OutOfSync", reason: "postrenderers digest has changed" };
    }
    if ((desired.commonMetadataDigest ?? "") !== (release.status.observedCommonMetadataDigest ?? "")) {
      return { state: "OutOfSync", reason: "common metadata digest has changed" };
    }
  }
  if (release.spec.test?.enable) {
    if (!hasBeenTested(cur)) return { state: "Untested", reason: "release has not been tested" };
    const active = release.status.lastAttemptedReleaseAction;
    const ignore = active
      ? remediationFor(release, active).ignoreTestFailures
      : (release.spec.test.ignoreFailures ?? false);
    if (active && !ignore && hasFailedTest(cur))
      return { state: "Failed", reason: "release has test in failed phase" };
  }
  const mode = release.spec.driftDetection?.mode ?? "disabled";
  if (mode !== "disabled" && options.drift?.drifted)
    return { state: "Drifted", reason: options.drift.summary };
  return { state: "InSync", reason: "release in-sync with desired state" };
}

/**
 * Decide the next release action.
 *
 * @example
 * const plan = planRelease({ release, desired: { chartName: "podinfo", chartVersion: "6.5.4", configDigest } });
 * plan.action; // "install" for a release with no history
 */
export function planRelease(options: PlanReleaseOptions): ReleasePlan {
  const { release } = options;
  const history = options.history ?? release.status.history ?? [];
  const { state, reason } = releaseStateOf(options);
  const force = options.forceRequested ?? false;
  switch (state) {
    case "InSync":
      if (force) return { action: "upgrade", state, reason: "force requested through annotation" };
      return { action: "none", state, reason };
    case "Locked":
      return { action: "unlock", state, reason };
    case "Absent": {
      const r = remediationFor(release, "install");
      if (exhausted(r) && !force) {
        return {
          action: "none",
          state,
          reason: "cannot install release: exceeded maximum retries",
          stalled: true,
        };
      }
      return { action: "install", state, reason };
    }
    case "Unmanaged":
      return { action: "upgrade", state, reason };
    case "OutOfSync": {
      const r = remediationFor(release, "upgrade");
      if (exhausted(r) && !force) {
        return {
          action: "none",
          state,
          reason: "cannot upgrade release: exceeded maximum retries",
          stalled: true,
        };
      }
      return { action: "upgrade", state, reason };
    }
    case "Drifted":
      if ((release.spec.driftDetection?.mode ?? "disabled") === "enabled") {
        return { action: "correct-drift", state, reason };
      }
      return { action: "none", state, reason };
    case "Untested":
      return { action: "test", state, reason };
    case "Failed": {
      const active = release.status.lastAttemptedReleaseAction;
      if (active === undefined) return { action: "upgrade", state, reason: "no active remediation strategy" };
      const r = remediationFor(release, active);
      if (r.retryOnFailure)
        return { action: "retry", state, reason: `retrying ${active} for failed release` };
      if (r.failures <= 0)
        return { action: "upgrade", state, reason: "release conditions have changed since last failure" };
      if (force) return { action: "upgrade", state, reason: "force requested through annotation" };
      if (exhausted(r) && !r.remediateLastFailure) {
        return {
          action: "none",
          state,
          reason: "cannot remediate failed release: exceeded maximum retries",
          stalled: true,
        };
      }
      if (r.strategy === "uninstall")
        return { action: "uninstall", state, reason: reason || "release is in a failed state" };
      const prev = previousOf(history, r.ignoreTestFailures);
      if (!prev) {
        return {
          action: "none",
          state,
          reason: "cannot remediate failed release: missing target release for rollback",
          stalled: true,
        };
      }
      return {
        action: "rollback",
        state,
        reason: reason || "release is in a failed state",
        rollbackTo: prev.version,
      };
    }
  }
}

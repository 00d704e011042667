import { describe, expect, it } from "vitest";
import {
  type DesiredRelease,
  type HelmReleaseStatus,
  hasBeenTested,
  parseHelmRelease,
  planRelease,
  type ReleaseSnapshot,
} from "../../src/index.js";

const desired: DesiredRelease = { chartName: "web", chartVersion: "1.0.0", configDigest: "sha256:values" };

function snap(version: number, status: string, extra: Partial<ReleaseSnapshot> = {}): ReleaseSnapshot {
  return {
    digest: `sha256:${version}`,
    name: "web",
    namespace: "apps",
    version,
    status,
    chartName: "web",
    chartVersion: "1.0.0",
    configDigest: "sha256:values",
    firstDeployed: "2026-01-01T00:00:00Z",
    lastDeployed: "2026-01-01T00:00:00Z",
    ...extra,
  };
}

function release(spec: Record<string, unknown> = {}, status: HelmReleaseStatus = {}, generation = 1) {
  const r = parseHelmRelease({
    object: {
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: { name: "web", namespace: "apps", generation },
      spec: { interval: "1m", chartRef: { kind: "OCIRepository", name: "web" }, ...spec },
    },
  });
  return { ...r, status: { observedGeneration: generation, ...status } };
}

interface Row {
  name: string;
  spec?: Record<string, unknown>;
  status?: HelmReleaseStatus;
  history: ReleaseSnapshot[];
  desired?: Partial<DesiredRelease>;
  generation?: number;
  drifted?: boolean;
  force?: boolean;
  unmanaged?: boolean;
  want: { action: string; state: string; stalled?: boolean; rollbackTo?: number };
}

const upgradeFailed: HelmReleaseStatus = { lastAttemptedReleaseAction: "upgrade", upgradeFailures: 1 };
const installFailed: HelmReleaseStatus = { lastAttemptedReleaseAction: "install", installFailures: 1 };

const ROWS: Row[] = [
  { name: "no history → install", history: [], want: { action: "install", state: "Absent" } },
  {
    name: "uninstalled release → install",
    history: [snap(1, "uninstalled")],
    want: { action: "install", state: "Absent" },
  },
  {
    name: "absent with install retries exhausted → stalled",
    history: [],
    status: { installFailures: 1 },
    want: { action: "none", state: "Absent", stalled: true },
  },
  {
    name: "absent with retries exhausted but a force request → install",
    history: [],
    status: { installFailures: 1 },
    force: true,
    want: { action: "install", state: "Absent" },
  },
  {
    name: "negative retries never run out",
    history: [],
    spec: { install: { remediation: { retries: -1 } } },
    status: { installFailures: 40 },
    want: { action: "install", state: "Absent" },
  },
  { name: "in sync → none", history: [snap(1, "deployed")], want: { action: "none", state: "InSync" } },
  {
    name: "in sync with a force request → upgrade",
    history: [snap(1, "deployed")],
    force: true,
    want: { action: "upgrade", state: "InSync" },
  },
  {
    name: "values changed → upgrade",
    history: [snap(1, "deployed")],
    desired: { configDigest: "sha256:new" },
    want: { action: "upgrade", state: "OutOfSync" },
  },
  {
    name: "chart version changed → upgrade",
    history: [snap(1, "deployed")],
    desired: { chartVersion: "1.1.0" },
    want: { action: "upgrade", state: "OutOfSync" },
  },
  {
    name: "out of sync with upgrade retries exhausted → stalled",
    history: [snap(1, "deployed")],
    desired: { configDigest: "sha256:new" },
    status: { upgradeFailures: 1 },
    want: { action: "none", state: "OutOfSync", stalled: true },
  },
  {
    name: "new generation with changed post-renderers → upgrade",
    history: [snap(1, "deployed")],
    generation: 2,
    status: { observedGeneration: 1 },
    desired: { postRenderersDigest: "sha256:pr" },
    want: { action: "upgrade", state: "OutOfSync" },
  },
  {
    name: "post-renderer digests are only compared on a new generation",
    history: [snap(1, "deployed")],
    desired: { postRenderersDigest: "sha256:pr" },
    want: { action: "none", state: "InSync" },
  },
  {
    name: "pending release → unlock",
    history: [snap(1, "pending-upgrade")],
    want: { action: "unlock", state: "Locked" },
  },
  {
    name: "unmanaged release in storage → upgrade",
    history: [],
    unmanaged: true,
    want: { action: "upgrade", state: "Unmanaged" },
  },
  {
    name: "tests enabled, not run → test",
    spec: { test: { enable: true } },
    history: [snap(1, "deployed")],
    want: { action: "test", state: "Untested" },
  },
  {
    name: "tests passed → none",
    spec: { test: { enable: true } },
    history: [snap(1, "deployed", { testHooks: { t: { phase: "Succeeded" } } })],
    status: { lastAttemptedReleaseAction: "install" },
    want: { action: "none", state: "InSync" },
  },
  {
    name: "failed test after install → uninstall remediation",
    spec: { test: { enable: true }, install: { remediation: { retries: 1 } } },
    history: [snap(1, "deployed", { testHooks: { t: { phase: "Failed" } } })],
    status: installFailed,
    want: { action: "uninstall", state: "Failed" },
  },
  {
    name: "failed test ignored → none",
    spec: { test: { enable: true, ignoreFailures: true } },
    history: [snap(1, "deployed", { testHooks: { t: { phase: "Failed" } } })],
    status: installFailed,
    want: { action: "none", state: "InSync" },
  },
  {
    name: "failed upgrade with retries left → rollback to the previous deployed release",
    spec: { upgrade: { remediation: { retries: 2 } } },
    history: [snap(1, "superseded"), snap(2, "failed")],
    status: upgradeFailed,
    want: { action: "rollback", state: "Failed", rollbackTo: 1 },
  },
  {
    name: "failed upgrade, retries exhausted, remediateLastFailure defaults to false for 0 retries → stalled",
    history: [snap(1, "superseded"), snap(2, "failed")],
    status: upgradeFailed,
    want: { action: "none", state: "Failed", stalled: true },
  },
  {
    name: "failed upgrade, retries exhausted, remediateLastFailure → rollback",
    spec: { upgrade: { remediation: { remediateLastFailure: true } } },
    history: [snap(1, "superseded"), snap(2, "failed")],
    status: upgradeFailed,
    want: { action: "rollback", state: "Failed", rollbackTo: 1 },
  },
  {
    name: "failed upgrade with the uninstall strategy → uninstall",
    spec: { upgrade: { remediation: { retries: 1, strategy: "uninstall" } } },
    history: [snap(1, "superseded"), snap(2, "failed")],
    status: upgradeFailed,
    want: { action: "uninstall", state: "Failed" },
  },
  {
    name: "failed upgrade without a rollback target → stalled",
    spec: { upgrade: { remediation: { retries: 2 } } },
    history: [snap(1, "failed")],
    status: upgradeFailed,
    want: { action: "none", state: "Failed", stalled: true },
  },
  {
    name: "failed release under RetryOnFailure → retry",
    spec: { upgrade: { strategy: { name: "RetryOnFailure" } } },
    history: [snap(1, "superseded"), snap(2, "failed")],
    status: upgradeFailed,
    want: { action: "retry", state: "Failed" },
  },
  {
    name: "failed release with failures reset → upgrade",
    history: [snap(1, "superseded"), snap(2, "failed")],
    status: { lastAttemptedReleaseAction: "upgrade", upgradeFailures: 0 },
    want: { action: "upgrade", state: "Failed" },
  },
  {
    name: "failed release with no attempted action → upgrade",
    history: [snap(1, "failed")],
    want: { action: "upgrade", state: "Failed" },
  },
  {
    name: "failed install with retries left → uninstall remediation",
    spec: { install: { remediation: { retries: 3 } } },
    history: [snap(1, "failed")],
    status: installFailed,
    want: { action: "uninstall", state: "Failed" },
  },
  {
    name: "drift with mode enabled → correct-drift",
    spec: { driftDetection: { mode: "enabled" } },
    history: [snap(1, "deployed")],
    drifted: true,
    want: { action: "correct-drift", state: "Drifted" },
  },
  {
    name: "drift with mode warn → none",
    spec: { driftDetection: { mode: "warn" } },
    history: [snap(1, "deployed")],
    drifted: true,
    want: { action: "none", state: "Drifted" },
  },
  {
    name: "drift ignored when detection is disabled",
    history: [snap(1, "deployed")],
    drifted: true,
    want: { action: "none", state: "InSync" },
  },
];

describe("planRelease", () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const plan = planRelease({
        release: release(row.spec, row.status, row.generation),
        history: row.history,
        unmanaged: row.unmanaged,
        desired: { ...desired, ...row.desired },
        drift: row.drifted === undefined ? undefined : { drifted: row.drifted, entries: [], summary: "x" },
        forceRequested: row.force,
      });
      expect({
        action: plan.action,
        state: plan.state,
        ...(plan.stalled ? { stalled: true } : {}),
        ...(plan.rollbackTo !== undefined ? { rollbackTo: plan.rollbackTo } : {}),
      }).toEqual(row.want);
    });
  }

  it("reads the history from the status when none is passed", () => {
    const plan = planRelease({ release: release({}, { history: [snap(3, "deployed")] }), desired });
    expect(plan.action).toBe("none");
  });
});

describe("hasBeenTested", () => {
  it("follows helm-controller's Snapshot.HasBeenTested", () => {
    expect(hasBeenTested(snap(1, "deployed"))).toBe(false);
    expect(hasBeenTested(snap(1, "deployed", { testHooks: {} }))).toBe(true);
    expect(hasBeenTested(snap(1, "deployed", { testHooks: { a: { phase: "Running" } } }))).toBe(false);
    expect(
      hasBeenTested(snap(1, "deployed", { testHooks: { a: { phase: "Running" }, b: { phase: "Failed" } } })),
    ).toBe(true);
  });
});

/**
 * The demo's pipeline end to end: the objects in the cluster after each phase, the commit the image
 * automation pushes (content and message), and the notifications the webhook receiver gets.
 */
import { type KubeObject, NotFoundError } from "@gitops-kit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFleetFiles } from "./disk.js";
import { cloneFleet, fleetHead, readFleetCommit } from "./fleet-repo.js";
import {
  automateImages,
  bootstrap,
  type DemoEnvironment,
  type ImageAutomationReport,
  type ReconcileReport,
  reconcileAll,
  retireMonitoringNamespace,
  startEnvironment,
} from "./pipeline.js";

type Container = { image: string; env?: { name: string; value: string }[] };

function containers(object: KubeObject): Container[] {
  return (object.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers;
}

describe("the demo pipeline", () => {
  let env: DemoEnvironment;
  let first: ReconcileReport;
  let automation: ImageAutomationReport;
  let second: ReconcileReport;
  let third: ReconcileReport;
  let teammateCommit: string;
  const get = (apiVersion: string, kind: string, namespace: string | undefined, name: string) =>
    env.cluster.get({ apiVersion, kind, namespace, name });

  beforeAll(async () => {
    env = await startEnvironment();
    await bootstrap(env);
    first = await reconcileAll(env);
  }, 60_000);
  afterAll(async () => {
    await env?.close();
  });

  it("stores the GitRepository artifact at main@sha1:<first commit>", async () => {
    expect(first.sources).toMatchObject([
      { name: "flux-system/flux-system", changed: true, revision: `main@sha1:${env.initialCommit}` },
    ]);
    const repo = await get("source.toolkit.fluxcd.io/v1", "GitRepository", "flux-system", "flux-system");
    expect(repo.status).toMatchObject({
      artifact: {
        revision: `main@sha1:${env.initialCommit}`,
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      },
    });
  });

  it("reconciles the Kustomizations in dependsOn order, each Ready", async () => {
    expect(first.kustomizations.map((k) => [k.name, k.ready, k.reason])).toEqual([
      ["flux-system/flux-system", true, "ReconciliationSucceeded"],
      ["flux-system/infrastructure", true, "ReconciliationSucceeded"],
      ["flux-system/apps", true, "ReconciliationSucceeded"],
    ]);
    const apps = await get("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "apps");
    const status = apps.status as {
      lastAppliedRevision: string;
      conditions: { type: string; status: string }[];
    };
    expect(status.lastAppliedRevision).toBe(`main@sha1:${env.initialCommit}`);
    expect(status.conditions).toContainEqual(expect.objectContaining({ type: "Healthy", status: "True" }));
  });

  it("substitutes cluster variables (substituteFrom) and the Kustomization's own (substitute)", async () => {
    const deployment = await get("apps/v1", "Deployment", "podinfo", "podinfo");
    expect(containers(deployment)[0]).toMatchObject({
      image: "ghcr.io/stefanprodan/podinfo:6.5.0",
      env: [{ name: "PODINFO_UI_MESSAGE", value: "Hello from production-eu" }],
    });
    const [settings] = (
      await env.cluster.list({ apiVersion: "v1", kind: "ConfigMap", namespace: "podinfo" })
    ).filter((c) => c.metadata.name?.startsWith("podinfo-settings-"));
    expect(settings.data).toEqual({ PODINFO_UI_COLOR: "steelblue", REGION: "eu-central-1" });
    const provider = await get(
      "notification.toolkit.fluxcd.io/v1beta3",
      "Provider",
      "flux-system",
      "fleet-webhook",
    );
    expect((provider.spec as { address: string }).address).toBe(env.webhook.url);
  });

  it("decrypts the SOPS Secret with the demo age key", async () => {
    const secret = await get("v1", "Secret", "podinfo", "podinfo-credentials");
    const data = secret.data as Record<string, string>;
    expect(Buffer.from(data.password, "base64").toString()).toBe("demo-only-password");
    expect(Buffer.from(data.username, "base64").toString()).toBe("podinfo");
    expect(secret).not.toHaveProperty("sops");
  });

  it("installs the HelmRelease from the local Helm repository", async () => {
    expect(first.helmReleases).toMatchObject([
      {
        name: "podinfo/frontend",
        action: "install",
        ready: true,
        chart: "podinfo-frontend@1.2.0",
        revision: 1,
        created: [
          "Service/podinfo/frontend-podinfo-frontend",
          "Deployment/podinfo/frontend-podinfo-frontend",
          "Secret/podinfo/sh.helm.release.v1.frontend.v1",
        ],
      },
    ]);
    // source-controller reads the index for the HelmRepository, helm-controller for the chart.
    expect(env.helmRepository.requests).toEqual([
      "/index.yaml",
      "/index.yaml",
      "/podinfo-frontend-1.2.0.tgz",
    ]);
    const storage = await get("v1", "Secret", "podinfo", "sh.helm.release.v1.frontend.v1");
    expect(storage.type).toBe("helm.sh/release.v1");
    expect(storage.metadata.labels).toMatchObject({
      owner: "helm",
      name: "frontend",
      version: "1",
      status: "deployed",
    });
    expect(first.helmRepositories).toMatchObject([{ name: "flux-system/demo-charts", changed: true }]);
    const repository = await get(
      "source.toolkit.fluxcd.io/v1",
      "HelmRepository",
      "flux-system",
      "demo-charts",
    );
    expect(repository.status).toMatchObject({ artifact: { revision: first.helmRepositories[0].digest } });
    const frontend = await get("apps/v1", "Deployment", "podinfo", "frontend-podinfo-frontend");
    expect(frontend.metadata.labels).toMatchObject({
      "app.kubernetes.io/managed-by": "Helm",
      "helm.toolkit.fluxcd.io/name": "frontend",
      "helm.sh/chart": "podinfo-frontend-1.2.0",
    });
    expect((frontend.spec as { replicas: number }).replicas).toBe(2);
    expect(containers(frontend)[0]).toMatchObject({
      image: "ghcr.io/stefanprodan/podinfo:6.5.0",
      env: [{ name: "PODINFO_UI_MESSAGE", value: "Frontend of production-eu" }],
    });
  });

  it("selects 6.5.4 and pushes a commit with the templated message that changes only the marked values", async () => {
    automation = await automateImages(env);
    expect(automation.policies).toEqual([
      { name: "flux-system/podinfo", image: "ghcr.io/stefanprodan/podinfo", tags: 10, latest: "6.5.4" },
    ]);
    const [pushed] = automation.automations;
    expect(pushed.committed).toBe(true);
    expect(await fleetHead(env.repo)).toBe(pushed.commit);
    const commit = await readFleetCommit(env.repo, pushed.commit ?? "");
    expect(commit.parents).toEqual([env.initialCommit]);
    expect(commit.author).toMatchObject({ name: "fluxcdbot", email: "fluxcdbot@users.noreply.github.com" });
    expect(commit.message).toBe(
      [
        "Update images in production (flux-system/flux-system)",
        "",
        "Files:",
        "- base/deployment.yaml",
        "- production/frontend-release.yaml",
        "- production/kustomization.yaml",
        "",
        "Objects:",
        "- Deployment podinfo",
        "  ghcr.io/stefanprodan/podinfo:6.5.0 -> ghcr.io/stefanprodan/podinfo:6.5.4",
        "- HelmRelease frontend",
        "  6.5.0 -> 6.5.4",
        "- Kustomization",
        "  6.5.0 -> 6.5.4",
        "",
      ].join("\n"),
    );
    // The pushed tree: each changed file is the original with only the marked values replaced.
    const dir = await cloneFleet(env.repo, "check");
    const original = readFleetFiles();
    for (const file of pushed.files) {
      const before = String(original[file]);
      const after = env.repo.fs.readFile(`${dir}/${file}`, "utf8");
      expect(after).not.toBe(before);
      expect(after).toBe(
        before.replaceAll("6.5.0 # {", "6.5.4 # {").replace("podinfo:6.5.0 #", "podinfo:6.5.4 #"),
      );
    }
    expect(pushed.files).toEqual([
      "apps/base/deployment.yaml",
      "apps/production/frontend-release.yaml",
      "apps/production/kustomization.yaml",
    ]);
  });

  it("reconciles the new revision: the Deployment and the HelmRelease roll forward", async () => {
    second = await reconcileAll(env);
    const revision = `main@sha1:${automation.automations[0].commit}`;
    expect(second.sources[0]).toMatchObject({ changed: true, revision });
    const apps = second.kustomizations.find((k) => k.name === "flux-system/apps");
    expect(apps).toMatchObject({
      revision,
      created: [],
      configured: ["Deployment/podinfo/podinfo", "HelmRelease/podinfo/frontend"],
      pruned: [],
    });
    const deployment = await get("apps/v1", "Deployment", "podinfo", "podinfo");
    expect(containers(deployment)[0].image).toBe("ghcr.io/stefanprodan/podinfo:6.5.4");
    expect(deployment.metadata.generation).toBe(2);
    expect(second.helmReleases).toMatchObject([
      {
        action: "upgrade",
        revision: 2,
        created: ["Secret/podinfo/sh.helm.release.v1.frontend.v2"],
        configured: [
          "Service/podinfo/frontend-podinfo-frontend",
          "Deployment/podinfo/frontend-podinfo-frontend",
          // The previous release's Secret is marked superseded.
          "Secret/podinfo/sh.helm.release.v1.frontend.v1",
        ],
      },
    ]);
    const frontend = await get("apps/v1", "Deployment", "podinfo", "frontend-podinfo-frontend");
    expect(containers(frontend)[0].image).toBe("ghcr.io/stefanprodan/podinfo:6.5.4");
  });

  it("prunes what a later commit removed from Git", async () => {
    teammateCommit = await retireMonitoringNamespace(env);
    await expect(get("v1", "Namespace", undefined, "monitoring")).resolves.toBeDefined();
    third = await reconcileAll(env);
    expect(third.sources[0].revision).toBe(`main@sha1:${teammateCommit}`);
    expect(third.kustomizations.find((k) => k.name === "flux-system/infrastructure")?.pruned).toEqual([
      "Namespace/monitoring",
    ]);
    await expect(get("v1", "Namespace", undefined, "monitoring")).rejects.toBeInstanceOf(NotFoundError);
    expect(third.helmReleases).toMatchObject([{ action: "none", revision: 2, created: [], configured: [] }]);
  });

  it("delivers the Flux events the Alert matches to the webhook receiver", () => {
    const received = env.webhook.received;
    const { notifications } = env;
    expect(notifications.failures).toEqual([]);
    expect(received.length).toBe(notifications.sent);
    // Only the first artifact's event and the flux-system Kustomization's first events came before
    // the Alert existed.
    expect(notifications.unmatched).toBe(3);
    expect(received.length).toBe(
      notifications.events.length - notifications.unmatched - notifications.duplicates,
    );
    for (const n of received) {
      expect(n.path).toBe("/hooks/fleet");
      expect(n.headers["content-type"]).toBe("application/json");
      // The Alert's eventMetadata is added to every event.
      expect(n.body.metadata).toMatchObject({ cluster: "production-eu", region: "eu-central-1" });
    }
    const lines = received.map(
      (n) => `${n.body.involvedObject?.kind}/${n.body.involvedObject?.name} ${n.body.reason}`,
    );
    expect(lines.filter((l) => l.startsWith("HelmRelease/"))).toEqual([
      "HelmRelease/frontend InstallSucceeded",
      "HelmRelease/frontend UpgradeSucceeded",
    ]);
    expect(received.filter((n) => n.body.reason === "NewArtifact").map((n) => n.body.message)).toEqual([
      "stored artifact for commit 'Update images in production (flux-system/flux-syst...'",
      "stored artifact for commit 'infrastructure: monitoring moved to the shared obs...'",
    ]);
    const push = received.find((n) => n.body.involvedObject?.kind === "ImageUpdateAutomation");
    expect(push?.body.message).toBe(
      `pushed commit '${automation.automations[0].commit?.slice(0, 7)}' to branch 'main'\n${automation.automations[0].message}`,
    );
    expect(push?.body.reportingController).toBe("image-automation-controller");
    const pruned = received.find((n) => n.body.message === "Namespace/monitoring deleted");
    expect(pruned?.body).toMatchObject({
      involvedObject: { kind: "Kustomization", name: "infrastructure", namespace: "flux-system" },
      // The event server drops the controller's group prefix from metadata keys.
      metadata: { revision: `main@sha1:${teammateCommit}`, cluster: "production-eu" },
    });
  });
});

describe("the demo pipeline with the wrong age key", () => {
  it("fails the apps Kustomization with a decryption error that names no secret", async () => {
    const { generateIdentity } = await import("age-encryption");
    const env = await startEnvironment();
    try {
      await bootstrap(env, { ageKey: `${await generateIdentity()}\n` });
      const failure = reconcileAll(env);
      await expect(failure).rejects.toThrow(/Kustomization flux-system\/apps is not ready \(BuildFailed\)/);
      await expect(failure).rejects.not.toThrow(/demo-only-password/);
      await expect(
        env.cluster.get({
          apiVersion: "v1",
          kind: "Secret",
          namespace: "podinfo",
          name: "podinfo-credentials",
        }),
      ).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await env.close();
    }
  }, 60_000);
});

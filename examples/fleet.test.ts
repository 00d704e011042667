import { type KubeObject, MemoryCluster } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import { readFleetFiles } from "./disk.js";
import { loadFleet, reconcileFleet } from "./fleet.js";

describe("example fleet", () => {
  it("installs, resyncs without changes, and rolls out a new tag", async () => {
    const fs = loadFleet(readFleetFiles());
    const cluster = new MemoryCluster();

    const first = await reconcileFleet({ fs, cluster });
    expect(first.map((r) => [r.name, r.actions])).toEqual([
      ["infrastructure", { created: 3, configured: 0, unchanged: 0 }],
      ["apps", { created: 3, configured: 0, unchanged: 0 }],
    ]);

    const second = await reconcileFleet({ fs, cluster });
    expect(second.every((r) => r.actions.unchanged === r.objects)).toBe(true);

    const overlay = "/fleet/apps/production/kustomization.yaml";
    fs.writeFile(overlay, fs.readFile(overlay, "utf8").replace("newTag: 6.5.0", "newTag: 6.5.1"));
    const third = await reconcileFleet({ fs, cluster });
    expect(third[1].changed).toEqual(["Deployment/podinfo/podinfo configured"]);

    const deployment = await cluster.get({
      apiVersion: "apps/v1",
      kind: "Deployment",
      namespace: "podinfo",
      name: "podinfo",
    });
    expect(deployment.metadata.generation).toBe(2);
    const pod = (deployment.spec as { template: { spec: { containers: KubeObject[] } } }).template.spec;
    expect(pod.containers[0]).toMatchObject({
      image: "ghcr.io/stefanprodan/podinfo:6.5.1",
      env: [{ name: "PODINFO_UI_MESSAGE", value: "Hello from production-eu" }],
      // The generated ConfigMap's hashed name (as kubectl kustomize computes it) is referenced.
      envFrom: [{ configMapRef: { name: "podinfo-settings-c47h7ggh4k" } }],
    });

    const settings = await cluster.get({
      apiVersion: "v1",
      kind: "ConfigMap",
      namespace: "podinfo",
      name: "podinfo-settings-c47h7ggh4k",
    });
    expect(settings.data).toEqual({ PODINFO_UI_COLOR: "#34577c", REGION: "eu-central-1" });
  });
});

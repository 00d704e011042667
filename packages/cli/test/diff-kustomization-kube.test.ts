import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_RESOURCES,
  type FakeApiServer,
  startFakeApiServer,
} from "../../kube/test/fake-api-server.js";
import { kubeconfigText } from "../../kube/test/helpers.js";
import { main } from "../src/index.js";
import { loadStateCluster } from "../src/live-state.js";
import { captureIO } from "./helpers.js";

const fixtures = new URL("./fixtures/diff-kustomization/", import.meta.url).pathname;
let server: FakeApiServer;
let kubeconfig: string;

beforeAll(async () => {
  // The fake API server (there is no real one here) serves the same objects as the state file.
  const cluster = loadStateCluster({
    text: readFileSync(join(fixtures, "state.yaml"), "utf8"),
    file: "state.yaml",
  });
  server = await startFakeApiServer({
    cluster,
    resources: [
      ...DEFAULT_RESOURCES,
      { group: "batch", version: "v1", kind: "Job", resource: "jobs", namespaced: true },
      {
        group: "kustomize.toolkit.fluxcd.io",
        version: "v1",
        kind: "Kustomization",
        resource: "kustomizations",
        namespaced: true,
      },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), "gitops-kit-kubeconfig-"));
  kubeconfig = join(dir, "config");
  writeFileSync(kubeconfig, kubeconfigText({ server: server.url, token: "t0ken" }));
});

afterAll(async () => {
  await server?.close();
});

describe("gitops-kit diff kustomization against a cluster (@gitops-kit/kube)", () => {
  it("reports what the state-file diff reports, through dry-run server-side applies only", async () => {
    const fromState = captureIO("", fixtures);
    await main(["diff", "kustomization", "apps", "--path", "apps", "--state", "state.yaml"], {
      io: fromState,
    });
    const io = captureIO("", fixtures);
    const code = await main(["diff", "kustomization", "apps", "--path", "apps", "--kubeconfig", kubeconfig], {
      io,
    });
    expect(io.err).toBe("");
    expect(code).toBe(1);
    expect(io.out).toBe(fromState.out);
    const writes = server.requests.filter((r) => r.method !== "GET");
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) {
      expect(write).toMatchObject({
        method: "PATCH",
        contentType: "application/apply-patch+yaml",
        query: { dryRun: "All", fieldManager: "kustomize-controller", force: "true" },
      });
    }
  });

  it("fails with exit 1 naming an unknown context", async () => {
    const io = captureIO("", fixtures);
    const code = await main(
      ["diff", "kustomization", "apps", "--path", "apps", "--kubeconfig", kubeconfig, "--context", "nope"],
      { io },
    );
    expect(code).toBe(1);
    expect(io.err).toContain("nope");
  });
});

import { createHash } from "node:crypto";
import { type KubeObject, MemoryCluster } from "@gitops-kit/core";
import { goInt } from "@gitops-kit/template";
import { describe, expect, it } from "vitest";
import {
  commonMetadataDigest,
  detectDrift,
  PostRenderError,
  parseHelmRelease,
  postRenderersDigest,
  postRenderManifests,
  releaseInputsDigest,
  valuesDigest,
} from "../../src/index.js";

describe("valuesDigest (fluxcd/pkg chartutil.DigestValues vectors)", () => {
  it("matches Flux for empty, nested and numeric-key values, in any key order", () => {
    const empty = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    expect(valuesDigest({})).toBe(empty);
    expect(valuesDigest(undefined)).toBe(empty);
    const want = "sha256:fcdc2b0de1581a3633ada4afee3f918f6eaa5b5ab38c3fef03d5b48d3f85d9f6";
    expect(
      valuesDigest({
        replicas: 3,
        image: { tag: "latest", repository: "nginx" },
        ports: [
          { protocol: "TCP", port: 8080 },
          { port: 9090, protocol: "UDP" },
        ],
      }),
    ).toBe(want);
    expect(
      valuesDigest({
        ports: [
          { port: goInt(8080), protocol: "TCP" },
          { protocol: "UDP", port: goInt(9090) },
        ],
        image: { repository: "nginx", tag: "latest" },
        replicas: goInt(3),
      }),
    ).toBe(want);
    expect(
      valuesDigest({
        replicas: 3,
        test: {
          "632bd82398e71231a98004b6": "value4",
          "632bd80235a05f4192aefade": "value1",
          "632bd817c559818a52307da2": "value3",
          "632bd80ddf416cf32fd50679": "value2",
        },
      }),
    ).toBe("sha256:8a980fcbeadd6f05818f07e8aec14070c22250ca3d96af1fcd5f93b3e85b4d70");
  });

  it("tells apart values that differ only in type", () => {
    expect(valuesDigest({ a: "1" })).not.toBe(valuesDigest({ a: 1 }));
    expect(valuesDigest({ a: 1.5 })).not.toBe(valuesDigest({ a: 1 }));
  });
});

describe("post-renderer and common metadata digests", () => {
  it("are empty when unset and follow the Go JSON encoding of the spec", () => {
    expect(postRenderersDigest(undefined)).toBe("");
    expect(commonMetadataDigest(undefined)).toBe("");
    // sha256 of `[]\n` and `{}\n`, what Go's json.Encoder writes for an empty list / struct.
    expect(postRenderersDigest([])).toBe(`sha256:${createHash("sha256").update("[]\n").digest("hex")}`);
    expect(commonMetadataDigest({})).toBe(`sha256:${createHash("sha256").update("{}\n").digest("hex")}`);
    const a = postRenderersDigest([{ kustomize: { images: [{ name: "nginx", newTag: "1.27" }] } }]);
    const b = postRenderersDigest([{ kustomize: { images: [{ name: "nginx", newTag: "1.28" }] } }]);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(commonMetadataDigest({ labels: { b: "1", a: "2" } })).toBe(
      commonMetadataDigest({ labels: { a: "2", b: "1" } }),
    );
  });

  it("combine into one release inputs digest", () => {
    const base = { chartName: "web", chartVersion: "1.0.0", configDigest: valuesDigest({ a: 1 }) };
    expect(releaseInputsDigest(base)).toBe(releaseInputsDigest({ ...base }));
    expect(releaseInputsDigest(base)).not.toBe(releaseInputsDigest({ ...base, chartVersion: "1.0.1" }));
    expect(releaseInputsDigest(base)).not.toBe(
      releaseInputsDigest({ ...base, postRenderersDigest: "sha256:x" }),
    );
  });
});

function release(spec: Record<string, unknown>) {
  return parseHelmRelease({
    object: {
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: { name: "web", namespace: "apps" },
      spec: { interval: "1m", chartRef: { kind: "OCIRepository", name: "web" }, ...spec },
    },
  });
}

const deployment: KubeObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "apps" },
  spec: { replicas: 1, template: { spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } },
};
const service: KubeObject = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web", namespace: "apps" },
  spec: { ports: [{ port: 80 }] },
};

describe("postRenderManifests", () => {
  it("applies kustomize patches and images, then common metadata, then origin labels", () => {
    const out = postRenderManifests({
      release: release({
        postRenderers: [
          {
            kustomize: {
              patches: [
                {
                  target: { kind: "Deployment" },
                  patch: "- op: replace\n  path: /spec/replicas\n  value: 3\n",
                },
              ],
              images: [{ name: "nginx", newName: "registry.local/nginx", newTag: "1.28" }],
            },
          },
        ],
        commonMetadata: { labels: { team: "web" }, annotations: { owner: "ops" } },
      }),
      objects: [deployment, service],
    });
    expect(out.map((o) => o.kind)).toEqual(["Deployment", "Service"]);
    expect(out[0].spec).toEqual({
      replicas: 3,
      template: { spec: { containers: [{ name: "web", image: "registry.local/nginx:1.28" }] } },
    });
    expect(out[1].metadata?.labels).toEqual({
      team: "web",
      "helm.toolkit.fluxcd.io/name": "web",
      "helm.toolkit.fluxcd.io/namespace": "apps",
    });
    expect(out[1].metadata?.annotations).toEqual({ owner: "ops" });
    expect(deployment.spec).toMatchObject({ replicas: 1 }); // input untouched
  });

  it("reports a patch that cannot apply as a PostRenderError", () => {
    expect(() =>
      postRenderManifests({
        release: release({
          postRenderers: [
            {
              kustomize: {
                patches: [{ patch: "- op: remove\n  path: /spec/nope\n", target: { kind: "Service" } }],
              },
            },
          ],
        }),
        objects: [service],
      }),
    ).toThrow(PostRenderError);
  });
});

describe("detectDrift", () => {
  async function cluster(): Promise<MemoryCluster> {
    const c = new MemoryCluster({ namespaces: ["apps"] });
    await c.apply({ objects: [deployment, service], fieldManager: "helm-controller" });
    return c;
  }

  it("finds nothing when the cluster holds what the release sets (server fields aside)", async () => {
    const report = await detectDrift({ desired: [deployment, service], cluster: await cluster() });
    expect(report).toEqual({ drifted: false, entries: [], summary: "" });
  });

  it("reports changed fields and deleted objects", async () => {
    const c = await cluster();
    await c.apply({
      objects: [{ ...deployment, spec: { ...(deployment.spec as object), replicas: 5 } }],
      fieldManager: "kubectl",
      force: true,
    });
    await c.delete({ apiVersion: "v1", kind: "Service", name: "web", namespace: "apps" });
    const report = await detectDrift({ desired: [deployment, service], cluster: c });
    expect(report.drifted).toBe(true);
    expect(report.entries).toEqual([
      {
        object: { apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "apps" },
        type: "changed",
        changes: [{ path: "/spec/replicas", desired: 1, live: 5 }],
      },
      {
        object: { apiVersion: "v1", kind: "Service", name: "web", namespace: "apps" },
        type: "missing",
        changes: [],
      },
    ]);
    expect(report.summary).toBe("Deployment/apps/web changed (/spec/replicas)\nService/apps/web removed");
  });

  it("leaves out ignored paths for matching targets only", async () => {
    const c = await cluster();
    await c.apply({
      objects: [{ ...deployment, spec: { ...(deployment.spec as object), replicas: 5 } }],
      fieldManager: "hpa",
      force: true,
    });
    const ignore = [{ paths: ["/spec/replicas"], target: { kind: "Deployment" } }];
    expect((await detectDrift({ desired: [deployment], cluster: c, ignore })).drifted).toBe(false);
    const other = [{ paths: ["/spec/replicas"], target: { kind: "StatefulSet" } }];
    expect((await detectDrift({ desired: [deployment], cluster: c, ignore: other })).drifted).toBe(true);
  });

  it("masks Secret values", async () => {
    const c = new MemoryCluster({ namespaces: ["apps"] });
    const secret: KubeObject = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", namespace: "apps" },
      data: { k: "c2VjcmV0" },
    };
    await c.apply({ objects: [{ ...secret, data: { k: "b3RoZXI=" } }], fieldManager: "x" });
    const report = await detectDrift({ desired: [secret], cluster: c });
    expect(report.entries[0].changes).toEqual([{ path: "/data/k", desired: "***", live: "***" }]);
    expect(JSON.stringify(report)).not.toContain("c2VjcmV0");
  });
});

describe("detectDrift on rendered manifests", () => {
  it("does not count null or empty fields the cluster does not keep as drift", async () => {
    const c = new MemoryCluster({ namespaces: ["apps"] });
    const live: KubeObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "x", namespace: "apps" },
      data: { a: "1" },
    };
    await c.apply({ objects: [live], fieldManager: "helm-controller" });
    const rendered: KubeObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "x",
        namespace: "apps",
        creationTimestamp: null,
        labels: {},
      } as unknown as KubeObject["metadata"],
      data: { a: "1" },
      binaryData: {},
    };
    expect((await detectDrift({ desired: [rendered], cluster: c })).drifted).toBe(false);
    const changed = { ...rendered, data: { a: "2" } };
    expect((await detectDrift({ desired: [changed], cluster: c })).entries[0].changes).toEqual([
      { path: "/data/a", desired: "2", live: "1" },
    ]);
  });
});

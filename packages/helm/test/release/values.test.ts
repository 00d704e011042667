import { MemoryCluster } from "@gitops-kit/core";
import { goInt64 } from "@gitops-kit/template";
import { describe, expect, it } from "vitest";
import { composeValues, mergeValueMaps, parseHelmRelease, ValuesReferenceError } from "../../src/index.js";

const b64 = (s: string) => Buffer.from(s).toString("base64");

async function clusterWith(): Promise<MemoryCluster> {
  const cluster = new MemoryCluster({ namespaces: ["apps"] });
  await cluster.apply({
    fieldManager: "test",
    objects: [
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "common", namespace: "apps" },
        data: {
          "values.yaml": "a: 1\nb: {c: 1, d: 1}\nlist: [1, 2]\n",
          custom: "b:\n  c: 2\n",
          plain: "v1.2.3",
          quoted: "'007'",
        },
      },
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "creds", namespace: "apps" },
        data: {
          "values.yaml": b64("b:\n  d: 3\nlist: [9]\n"),
          password: b64("hunter2,with[brackets]"),
          broken: b64("a: ["),
        },
      },
    ],
  });
  return cluster;
}

function release(valuesFrom: unknown[], values?: Record<string, unknown>) {
  return parseHelmRelease({
    object: {
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: { name: "web", namespace: "apps" },
      spec: {
        interval: "1m",
        chartRef: { kind: "OCIRepository", name: "web" },
        valuesFrom,
        ...(values ? { values } : {}),
      },
    },
  });
}

describe("composeValues", () => {
  it("merges valuesFrom in order, then inline values last (maps merge, lists replace)", async () => {
    const cluster = await clusterWith();
    const values = await composeValues({
      cluster,
      release: release(
        [
          { kind: "ConfigMap", name: "common" },
          { kind: "Secret", name: "creds" },
          { kind: "ConfigMap", name: "common", valuesKey: "custom" },
        ],
        { a: 10 },
      ),
    });
    expect(values).toEqual({ a: 10, b: { c: 2, d: 3 }, list: [9] });
  });

  it("sets targetPath values with Helm's --set parser (typed, quoted as string, literal)", async () => {
    const cluster = await clusterWith();
    const values = await composeValues({
      cluster,
      release: release(
        [
          { kind: "ConfigMap", name: "common", valuesKey: "plain", targetPath: "image.tag" },
          { kind: "ConfigMap", name: "common", valuesKey: "quoted", targetPath: "agent.id" },
          {
            kind: "Secret",
            name: "creds",
            valuesKey: "password",
            targetPath: "auth.password",
            literal: true,
          },
        ],
        { replicas: 2 },
      ),
    });
    expect(values).toEqual({
      replicas: 2,
      image: { tag: "v1.2.3" },
      agent: { id: "007" },
      auth: { password: "hunter2,with[brackets]" },
    });
  });

  it("types unquoted targetPath values like --set (int64 integers)", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    await cluster.apply({
      fieldManager: "t",
      objects: [
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "n", namespace: "apps" }, data: { v: "3" } },
      ],
    });
    const values = await composeValues({
      cluster,
      release: release([{ kind: "ConfigMap", name: "n", valuesKey: "v", targetPath: "replicas" }]),
    });
    expect(values.replicas).toEqual(goInt64(3));
  });

  it("skips optional references that are missing, with a log line", async () => {
    const cluster = await clusterWith();
    const lines: string[] = [];
    const values = await composeValues({
      cluster,
      log: (l) => lines.push(l),
      release: release([
        { kind: "ConfigMap", name: "absent", optional: true },
        { kind: "Secret", name: "creds", valuesKey: "nope", optional: true },
      ]),
    });
    expect(values).toEqual({});
    expect(lines).toEqual([
      "could not resolve optional ConfigMap chart values reference 'apps/absent' with key 'values.yaml': resource not found",
      "could not resolve optional Secret chart values reference 'apps/creds' with key 'nope': key not found",
    ]);
  });

  it("fails with helm-controller's messages, never printing Secret contents", async () => {
    const cluster = await clusterWith();
    const failure = async (refs: unknown[]) => {
      try {
        await composeValues({ cluster, release: release(refs) });
      } catch (err) {
        return err as ValuesReferenceError;
      }
      throw new Error("expected a failure");
    };
    const missing = await failure([{ kind: "ConfigMap", name: "absent" }]);
    expect(missing).toBeInstanceOf(ValuesReferenceError);
    expect(missing.message).toBe(
      "could not resolve ConfigMap chart values reference 'apps/absent' with key 'values.yaml': resource not found",
    );
    expect((await failure([{ kind: "Secret", name: "creds", valuesKey: "x" }])).reason).toBe("key not found");
    const broken = await failure([{ kind: "Secret", name: "creds", valuesKey: "broken" }]);
    expect(broken.message).toBe(
      "could not resolve Secret chart values reference 'apps/creds' with key 'broken': failed to read values data",
    );
    const badPath = await failure([
      { kind: "Secret", name: "creds", valuesKey: "password", targetPath: "a" },
    ]);
    expect(badPath.reason).toBe("failed to merge value");
    expect(badPath.message).not.toContain("hunter2");
    expect(JSON.stringify(badPath.cause ?? null)).not.toContain("hunter2");
  });
});

describe("mergeValueMaps (helm-controller's MergeMaps)", () => {
  it("lets flat values replace maps and back, without touching its inputs", () => {
    const a = { x: { y: 1 }, z: 1 };
    const b = { x: 2, z: { w: 1 } };
    expect(mergeValueMaps(a, b)).toEqual({ x: 2, z: { w: 1 } });
    expect(a).toEqual({ x: { y: 1 }, z: 1 });
  });
});

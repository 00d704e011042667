import type { Server } from "node:http";
import { MemoryCluster } from "@gitops-kit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ChartSourceError,
  clusterChartSources,
  parseHelmRelease,
  resolveChart,
  staticChartSources,
} from "../../src/index.js";
import { tgz } from "../helpers.js";
import { indexFor, startRepository, webChart } from "./fixtures.js";

function release(spec: Record<string, unknown>) {
  return parseHelmRelease({
    object: {
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: { name: "web", namespace: "apps", generation: 1 },
      spec: { interval: "1m", ...spec },
    },
  });
}

const gitArtifact = {
  tarGz: tgz([
    { name: "charts/web/Chart.yaml", data: "apiVersion: v2\nname: web\nversion: 1.2.3\n" },
    { name: "charts/web/values.yaml", data: "a: 1\nb: 1\n" },
    { name: "charts/web/values-prod.yaml", data: "b: 2\nc: 3\n" },
    { name: "charts/web/templates/cm.yaml", data: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n" },
    { name: "README.md", data: "not a chart" },
  ]),
  revision: "main@sha1:0123456789abcdef0123456789abcdef01234567",
  digest: "sha256:feed",
};

let repo: { url: string; server: Server; requests: string[] };

beforeAll(async () => {
  const files = new Map<string, Uint8Array | string>();
  const v1 = webChart("1.0.0");
  const v2 = webChart("2.0.0-rc.1");
  files.set("web-1.0.0.tgz", v1);
  files.set("web-2.0.0-rc.1.tgz", v2);
  files.set(
    "index.yaml",
    indexFor([
      { name: "web", version: "1.0.0", data: v1 },
      { name: "web", version: "2.0.0-rc.1", data: v2 },
    ]),
  );
  repo = await startRepository(files);
});

afterAll(() => {
  repo.server.close();
});

describe("resolveChart", () => {
  it("downloads the latest stable version from a HelmRepository for `*`", async () => {
    const r = await resolveChart({
      release: release({
        chart: { spec: { chart: "web", sourceRef: { kind: "HelmRepository", name: "repo" } } },
      }),
      sources: staticChartSources({ "HelmRepository/apps/repo": { kind: "HelmRepository", url: repo.url } }),
    });
    expect([r.name, r.version, r.revision, r.sourceKind, r.helmChart]).toEqual([
      "web",
      "1.0.0",
      "1.0.0",
      "HelmRepository",
      "apps/apps-web",
    ]);
    expect(r.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.chart.templates.map((t) => t.name)).toContain("templates/deployment.yaml");
  });

  it("honours a semver range that admits prereleases", async () => {
    const r = await resolveChart({
      release: release({
        chart: {
          spec: { chart: "web", version: ">=2.0.0-0", sourceRef: { kind: "HelmRepository", name: "repo" } },
        },
      }),
      sources: staticChartSources({ "HelmRepository/apps/repo": { kind: "HelmRepository", url: repo.url } }),
    });
    expect(r.version).toBe("2.0.0-rc.1");
  });

  it("reads HelmRepository objects from the cluster", async () => {
    const cluster = new MemoryCluster({ namespaces: ["flux-system"] });
    await cluster.apply({
      fieldManager: "t",
      objects: [
        {
          apiVersion: "source.toolkit.fluxcd.io/v1",
          kind: "HelmRepository",
          metadata: { name: "repo", namespace: "flux-system" },
          spec: { url: repo.url, interval: "1h" },
        },
      ],
    });
    const r = await resolveChart({
      release: release({
        chart: {
          spec: {
            chart: "web",
            version: "1.x",
            sourceRef: { kind: "HelmRepository", name: "repo", namespace: "flux-system" },
          },
        },
      }),
      sources: clusterChartSources({ cluster }),
    });
    expect(r.version).toBe("1.0.0");
  });

  it("loads a chart directory from a GitRepository artifact, with valuesFiles and the Revision strategy", async () => {
    const r = await resolveChart({
      release: release({
        chart: {
          spec: {
            chart: "./charts/web",
            sourceRef: { kind: "GitRepository", name: "app" },
            reconcileStrategy: "Revision",
            valuesFiles: ["charts/web/values.yaml", "charts/web/values-prod.yaml"],
          },
        },
      }),
      sources: staticChartSources({
        "GitRepository/apps/app": { kind: "GitRepository", artifact: gitArtifact },
      }),
    });
    expect(r.version).toBe("1.2.3+0123456789ab.1");
    expect(r.chart.metadata.version).toBe("1.2.3+0123456789ab.1");
    expect(r.chart.values).toEqual({ a: 1, b: 2, c: 3 });
    expect(r.revision).toBe(gitArtifact.revision);
  });

  it("keeps the chart version with the ChartVersion strategy", async () => {
    const r = await resolveChart({
      release: release({
        chart: { spec: { chart: "charts/web", sourceRef: { kind: "GitRepository", name: "app" } } },
      }),
      sources: staticChartSources({
        "GitRepository/apps/app": { kind: "GitRepository", artifact: gitArtifact },
      }),
    });
    expect(r.version).toBe("1.2.3");
    expect(r.chart.values).toEqual({ a: 1, b: 1 });
  });

  it("takes a chartRef OCIRepository artifact as the chart package, with its digest", async () => {
    const r = await resolveChart({
      release: release({ chartRef: { kind: "OCIRepository", name: "web" } }),
      sources: staticChartSources({
        "OCIRepository/apps/web": {
          kind: "OCIRepository",
          artifact: { tarGz: webChart("3.1.0"), revision: "3.1.0@sha256:abc123" },
        },
      }),
    });
    expect([r.name, r.version, r.ociDigest, r.helmChart]).toEqual([
      "web",
      "3.1.0",
      "sha256:abc123",
      undefined,
    ]);
  });

  it("reports a missing source, a missing values file and a bad chart path as ChartSourceErrors", async () => {
    const sources = staticChartSources({
      "GitRepository/apps/app": { kind: "GitRepository", artifact: gitArtifact },
    });
    const failure = async (spec: Record<string, unknown>) => {
      try {
        await resolveChart({ release: release(spec), sources });
      } catch (err) {
        return err as ChartSourceError;
      }
      throw new Error("expected a failure");
    };
    const missing = await failure({
      chart: { spec: { chart: "web", sourceRef: { kind: "HelmRepository", name: "nope" } } },
    });
    expect(missing).toBeInstanceOf(ChartSourceError);
    expect(missing.code).toBe("CHART_SOURCE_NOT_FOUND");
    expect(missing.message).toContain("HelmRepository 'apps/nope' not found");
    const valuesFile = await failure({
      chart: {
        spec: {
          chart: "charts/web",
          sourceRef: { kind: "GitRepository", name: "app" },
          valuesFiles: ["nope.yaml"],
        },
      },
    });
    expect(valuesFile.message).toBe("no values file found at path 'nope.yaml' in chart 'web'");
    const ignored = await resolveChart({
      release: release({
        chart: {
          spec: {
            chart: "charts/web",
            sourceRef: { kind: "GitRepository", name: "app" },
            valuesFiles: ["nope.yaml"],
            ignoreMissingValuesFiles: true,
          },
        },
      }),
      sources,
    });
    expect(ignored.chart.values).toEqual({});
    const path = await failure({
      chart: { spec: { chart: "charts/other", sourceRef: { kind: "GitRepository", name: "app" } } },
    });
    expect(path).toBeInstanceOf(ChartSourceError);
    expect(path.message).toContain("chart from GitRepository 'apps/app'");
  });
});

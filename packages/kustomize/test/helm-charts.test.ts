import { GitOpsError, memFs, parseYaml, printYamlStream } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import {
  buildKustomization,
  HelmChartNotPulledError,
  type HelmChartRenderer,
  type HelmTemplateRequest,
} from "../src/index.js";

/** A renderer that records each request and prints one ConfigMap per call, holding what it was given. */
function recordingRenderer(): HelmChartRenderer & { requests: HelmTemplateRequest[] } {
  const requests: HelmTemplateRequest[] = [];
  return {
    requests,
    template(request) {
      requests.push(request);
      const name = request.releaseName ?? "generated";
      return [
        "---",
        `# Source: ${request.chartName}/templates/cm.yaml`,
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        `  name: ${name}-cm`,
        "data:",
        `  namespace: ${JSON.stringify(request.namespace ?? "")}`,
        "---",
        `# Source: ${request.chartName}/templates/svc.yaml`,
        "apiVersion: v1",
        "kind: Service",
        "metadata:",
        `  name: ${name}-svc`,
        "",
      ].join("\n");
    },
  };
}

const CHART = {
  "/app/charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
  "/app/charts/web/values.yaml":
    "image:\n  repository: nginx\n  tag: '1.25'\nports: [80, 443]\nreplicas: 1\n",
  "/app/charts/web/templates/cm.yaml": "kind: ConfigMap\n",
};

const valuesOf = (r: HelmTemplateRequest) =>
  parseYaml(new TextDecoder().decode(toBytes(r.valuesFiles[0].data))) as Record<string, unknown>;
const toBytes = (d: Uint8Array | string) => (typeof d === "string" ? new TextEncoder().encode(d) : d);

describe("helmCharts", () => {
  it("fails without a renderer, saying how to give one", () => {
    const fs = memFs({ ...CHART, "/app/kustomization.yaml": "helmCharts:\n- name: web\n  releaseName: a\n" });
    expect(() => buildKustomization({ fs, path: "/app" })).toThrow(
      /helmCharts\[0\].*Helm renderer.*--enable-helm/,
    );
  });

  it("asks for one helm template run per entry, with kustomize's flags, and transforms the output", () => {
    const helm = recordingRenderer();
    const fs = memFs({
      ...CHART,
      "/app/extra.yaml": "replicas: 3\n",
      "/app/kustomization.yaml": [
        "namePrefix: p-",
        "labels:",
        "- pairs: {team: a}",
        "helmCharts:",
        "- name: web",
        "  releaseName: front",
        "  namespace: web-ns",
        "  additionalValuesFiles: [extra.yaml]",
        "  apiVersions: [monitoring.coreos.com/v1]",
        "  kubeVersion: '1.29'",
        "  includeCRDs: true",
        "  skipTests: true",
        "  skipHooks: true",
        "",
      ].join("\n"),
    });
    const { resources } = buildKustomization({ fs, path: "/app", helm });
    expect(helm.requests).toHaveLength(1);
    const [r] = helm.requests;
    expect(r).toMatchObject({
      chartDir: "/app/charts/web",
      chartName: "web",
      releaseName: "front",
      namespace: "web-ns",
      apiVersions: ["monitoring.coreos.com/v1"],
      kubeVersion: "1.29",
      includeCrds: true,
      skipTests: true,
      skipHooks: true,
    });
    expect(r.nameTemplate).toBeUndefined();
    // The chart's own values file as it is, then the additional file.
    expect(r.valuesFiles.map((f) => new TextDecoder().decode(toBytes(f.data)))).toEqual([
      CHART["/app/charts/web/values.yaml"],
      "replicas: 3\n",
    ]);
    expect(r.valuesFiles[1].name).toBe("/app/extra.yaml");
    // Generated like any generator's output: prefixed and labelled by the kustomization's transformers.
    expect(printYamlStream(resources)).toBe(
      [
        "apiVersion: v1",
        "data:",
        "  namespace: web-ns",
        "kind: ConfigMap",
        "metadata:",
        "  labels:",
        "    team: a",
        "  name: p-front-cm",
        "---",
        "apiVersion: v1",
        "kind: Service",
        "metadata:",
        "  labels:",
        "    team: a",
        "  name: p-front-svc",
        "",
      ].join("\n"),
    );
  });

  it("merges valuesInline over the chart's values (override), under them (merge), or alone (replace)", () => {
    const inline =
      "  valuesInline:\n    image: {tag: '1.27', pullPolicy: Always}\n    ports: [8080]\n    replicas: null\n";
    const run = (merge?: string) => {
      const helm = recordingRenderer();
      const fs = memFs({
        ...CHART,
        "/app/kustomization.yaml": `helmCharts:\n- name: web\n  releaseName: a\n${merge ? `  valuesMerge: ${merge}\n` : ""}${inline}`,
      });
      buildKustomization({ fs, path: "/app", helm });
      return valuesOf(helm.requests[0]);
    };
    // Maps merge key by key, lists are replaced, a null removes the key.
    expect(run()).toEqual({
      image: { repository: "nginx", tag: "1.27", pullPolicy: "Always" },
      ports: [8080],
    });
    expect(run("override")).toEqual(run());
    expect(run("merge")).toEqual({
      image: { repository: "nginx", tag: "1.25", pullPolicy: "Always" },
      ports: [80, 443],
      replicas: 1,
    });
    expect(run("replace")).toEqual({
      image: { tag: "1.27", pullPolicy: "Always" },
      ports: [8080],
      replicas: null,
    });
  });

  it("finds charts under helmGlobals.chartHome, and a versioned chart from a repo under <name>-<version>", () => {
    const helm = recordingRenderer();
    const fs = memFs({
      "/app/vendor/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
      "/app/vendor/web/values.yaml": "{}\n",
      "/app/vendor/db-2.1.0/db/Chart.yaml": "apiVersion: v2\nname: db\nversion: 2.1.0\n",
      "/app/vendor/db-2.1.0/db/values.yaml": "{}\n",
      "/app/kustomization.yaml": [
        "helmGlobals: {chartHome: vendor}",
        "helmCharts:",
        "- {name: web, releaseName: w}",
        "- {name: db, releaseName: d, version: 2.1.0, repo: 'https://charts.example.com'}",
        "",
      ].join("\n"),
    });
    buildKustomization({ fs, path: "/app", helm });
    expect(helm.requests.map((r) => r.chartDir)).toEqual(["/app/vendor/web", "/app/vendor/db-2.1.0/db"]);
  });

  it("keeps a valuesInline key spelled __proto__ as a plain key", () => {
    const helm = recordingRenderer();
    const fs = memFs({
      ...CHART,
      "/app/kustomization.yaml":
        "helmCharts:\n- name: web\n  releaseName: a\n  valuesMerge: replace\n  valuesInline: {__proto__: {x: 1}, z: 2}\n",
    });
    buildKustomization({ fs, path: "/app", helm });
    const values = valuesOf(helm.requests[0]);
    expect(Object.keys(values).sort()).toEqual(["__proto__", "z"]);
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
  });

  it("folds the legacy helmChartInflationGenerator into helmCharts", () => {
    const helm = recordingRenderer();
    const fs = memFs({
      "/app/c/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
      "/app/c/web/values.yaml": "a: 1\n",
      "/app/kustomization.yaml":
        "helmChartInflationGenerator:\n- chartName: web\n  chartHome: c\n  releaseName: old\n  valuesLocal: {b: 2}\n",
    });
    buildKustomization({ fs, path: "/app", helm });
    expect(helm.requests[0]).toMatchObject({ chartDir: "/app/c/web", releaseName: "old" });
    expect(valuesOf(helm.requests[0])).toEqual({ a: 1, b: 2 });
  });

  it("runs a HelmChartInflationGenerator plugin config listed under generators", () => {
    const helm = recordingRenderer();
    const fs = memFs({
      ...CHART,
      "/app/gen.yaml":
        "apiVersion: builtin\nkind: HelmChartInflationGenerator\nmetadata: {name: web}\nname: web\nreleaseName: plug\nnamespace: ns1\n",
      "/app/kustomization.yaml": "generators: [gen.yaml]\n",
    });
    const { resources } = buildKustomization({ fs, path: "/app", helm });
    expect(helm.requests[0]).toMatchObject({ releaseName: "plug", namespace: "ns1" });
    expect(resources.map((r) => (r.metadata as { name: string }).name)).toEqual(["plug-cm", "plug-svc"]);
  });

  it("rejects bad entries with kustomize's reasons, naming the file", () => {
    const build =
      (entry: string, extra: Record<string, string> = {}) =>
      () =>
        buildKustomization({
          fs: memFs({ ...CHART, ...extra, "/app/kustomization.yaml": `helmCharts:\n- ${entry}\n` }),
          path: "/app",
          helm: recordingRenderer(),
        });
    expect(build("{releaseName: a}")).toThrow(
      /helmCharts\[0\] in \/app\/kustomization.yaml: chart name cannot be empty/,
    );
    expect(build("{name: web, valuesMerge: deep}")).toThrow(
      "valuesMerge must be one of [merge override replace]",
    );
    expect(build("{name: nope}")).toThrow("no repo specified for pull, no chart found at '/app/charts/nope'");
    expect(build("{name: nope, repo: 'https://charts.example.com', version: 1.0.0}")).toThrow(
      /no chart found at '\/app\/charts\/nope-1.0.0\/nope'; charts are not pulled during a build/,
    );
    try {
      build("{name: nope, repo: 'https://charts.example.com', version: '>=1.0.0'}")();
    } catch (err) {
      // What to pull, and where, for a caller that can go to the network and build again.
      expect(err).toBeInstanceOf(HelmChartNotPulledError);
      expect((err as HelmChartNotPulledError).pull).toEqual({
        name: "nope",
        repo: "https://charts.example.com",
        version: ">=1.0.0",
        chartHome: "/app/charts/nope->=1.0.0",
      });
    }
    expect.assertions(9);
    expect(
      build("{name: web, additionalValuesFiles: [../outside.yaml]}", { "/outside.yaml": "a: 1\n" }),
    ).toThrow(
      /could not load additionalValuesFile: security; file '\/outside.yaml' is not in or below '\/app'/,
    );
    expect(build("{name: web, valuesInline: [1]}")).toThrow(GitOpsError);
    expect(build("{name: web, unknownField: 1}")).toThrow(/unknown field "unknownField"/);
  });

  it("fails on output that collides with the kustomization's own resources", () => {
    const fs = memFs({
      ...CHART,
      "/app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a-cm}\n",
      "/app/kustomization.yaml": "resources: [cm.yaml]\nhelmCharts:\n- {name: web, releaseName: a}\n",
    });
    expect(() => buildKustomization({ fs, path: "/app", helm: recordingRenderer() })).toThrow(GitOpsError);
  });
});

import { memFs } from "@gitops-kit/core";
import type { HelmTemplateRequest } from "@gitops-kit/kustomize";
import { describe, expect, it } from "vitest";
import {
  formatHelmError,
  HelmChartTemplateError,
  helmChartRenderer,
  helmTemplate,
  helmTemplateReleaseName,
  loadChart,
} from "../src/index.js";
import { chartYaml } from "./helpers.js";

// A chart whose output shows every input the renderer passes on: release, namespace, values,
// capabilities, CRDs, a test hook and an install hook.
const CHART: Record<string, string> = {
  "Chart.yaml": chartYaml("web"),
  "values.yaml": "color: red\nsize: small\n",
  "crds/widget.yaml":
    "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n",
  "templates/cm.yaml": [
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    "  name: {{ .Release.Name }}-cfg",
    "  namespace: {{ .Release.Namespace }}",
    "data:",
    "  color: {{ .Values.color }}",
    "  size: {{ .Values.size }}",
    "  kube: {{ .Capabilities.KubeVersion.Version }}",
    '  widgets: {{ .Capabilities.APIVersions.Has "example.com/v1" | quote }}',
    '  gadgets: {{ .Capabilities.APIVersions.Has "gadgets.io/v2" | quote }}',
    "",
  ].join("\n"),
  "templates/test.yaml":
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-test\n  annotations:\n    helm.sh/hook: test\n",
  "templates/job.yaml":
    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-migrate\n  annotations:\n    helm.sh/hook: pre-install\n",
};

function chartFs(extra: Record<string, string> = {}) {
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(CHART)) files[`/app/charts/web/${name}`] = text;
  return memFs({ ...files, ...extra });
}

function request(overrides: Partial<HelmTemplateRequest> = {}): HelmTemplateRequest {
  return {
    fs: chartFs(),
    chartDir: "/app/charts/web",
    chartName: "web",
    releaseName: "rel",
    valuesFiles: [],
    apiVersions: [],
    includeCrds: false,
    skipTests: false,
    skipHooks: false,
    ...overrides,
  };
}

const render = (overrides: Partial<HelmTemplateRequest> = {}, options = {}) =>
  helmChartRenderer(options).template(request(overrides));

/** The ConfigMap's data lines, as printed. */
function data(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const section = text.split("kind: ConfigMap")[1]?.split("---")[0] ?? "";
  for (const m of section.matchAll(/^ {2}(\w+): (.*)$/gm)) out[m[1]] = m[2];
  return out;
}

describe("helmChartRenderer", () => {
  it("prints exactly what helmTemplate prints for the same flags", () => {
    const fs = chartFs();
    const text = helmChartRenderer().template(request({ fs, namespace: "prod" }));
    const direct = helmTemplate({
      chart: loadChart({ fs, path: "/app/charts/web" }),
      releaseName: "rel",
      namespace: "prod",
    });
    expect(text).toBe(direct);
    // Manifests first, then the hooks in install order by kind (Pod before Job).
    expect(text.match(/^# Source: .*$/gm)).toEqual([
      "# Source: web/templates/cm.yaml",
      "# Source: web/templates/test.yaml",
      "# Source: web/templates/job.yaml",
    ]);
  });

  it("merges the values files in order, later files winning, over the chart's defaults", () => {
    const text = render({
      valuesFiles: [
        { name: "/app/values-a.yaml", data: "color: blue\nsize: large\n" },
        { name: "/app/values-b.yaml", data: new TextEncoder().encode("color: green\n") },
      ],
    });
    expect(data(text)).toMatchObject({ color: "green", size: "large" });
    expect(data(render())).toMatchObject({ color: "red", size: "small" });
  });

  it("reports a values file that does not parse, naming the chart and the file", () => {
    const err = catchError(() => render({ valuesFiles: [{ name: "/app/bad.yaml", data: "a: [1\n" }] }));
    expect(err).toBeInstanceOf(HelmChartTemplateError);
    expect(err.code).toBe("VALUES_INVALID");
    expect(err.message).toMatch(/^helm template of chart 'web' failed: failed to parse \/app\/bad\.yaml/);
  });

  it("uses the namespace, and Helm's default namespace without one", () => {
    expect(render({ namespace: "prod" })).toContain("  namespace: prod\n");
    expect(render()).toContain("  namespace: default\n");
    expect(render({ namespace: "" })).toContain("  namespace: default\n");
  });

  it("names the release from releaseName", () => {
    expect(render({ releaseName: "shop" })).toContain("name: shop-cfg\n");
  });

  it("runs the name template with Sprig and no data", () => {
    const text = render({ releaseName: undefined, nameTemplate: '{{ "Web" | lower }}-{{ add 1 2 }}' });
    expect(text).toContain("name: web-3-cfg\n");
    // No data: a field of dot prints Go's <no value>, which is no valid release name.
    const err = catchError(() => render({ releaseName: undefined, nameTemplate: "{{ .x }}" }));
    expect(err.code).toBe("RELEASE_NAME_INVALID");
    expect(err.message).toContain('release name "<no value>"');
  });

  it("refuses a release name together with a name template, as Helm does", () => {
    const err = catchError(() => render({ releaseName: "shop", nameTemplate: "x" }));
    expect(err).toBeInstanceOf(HelmChartTemplateError);
    expect(err.message).toBe(
      "helm template of chart 'web' failed: cannot set --name-template and also specify a name",
    );
  });

  it("reports a name template that does not parse with Go's message", () => {
    const err = catchError(() => render({ releaseName: undefined, nameTemplate: "{{ nope }}" }));
    expect(err.code).toBe("TEMPLATE_PARSE");
    expect(err.message).toContain('template: name-template:1: function "nope" not defined');
  });

  it("gives release-name for --generate-name, since helm template presets that name", () => {
    expect(helmTemplateReleaseName({})).toBe("release-name");
    expect(helmTemplateReleaseName({ releaseName: "" })).toBe("release-name");
    expect(render({ releaseName: undefined })).toContain("name: release-name-cfg\n");
  });

  it("prints the chart's CRDs first with includeCrds", () => {
    const text = render({ includeCrds: true });
    expect(text.startsWith("---\n# Source: web/crds/widget.yaml\n")).toBe(true);
    expect(render()).not.toContain("CustomResourceDefinition");
  });

  it("leaves out test hooks with skipTests, and every hook with skipHooks", () => {
    const skipTests = render({ skipTests: true });
    expect(skipTests).toContain("name: rel-migrate\n");
    expect(skipTests).not.toContain("rel-test");
    const noHooks = render({ skipHooks: true });
    expect(noHooks).not.toContain("rel-migrate");
    expect(noHooks).not.toContain("rel-test");
    expect(noHooks.match(/^# Source: .*$/gm)).toEqual(["# Source: web/templates/cm.yaml"]);
  });

  it("still renders hooks with skipHooks: a failing hook template fails the chart", () => {
    const fs = chartFs({ "/app/charts/web/templates/job.yaml": '{{ fail "hook says no" }}' });
    const err = catchError(() => render({ fs, skipHooks: true }));
    expect(err.code).toBe("HELM_RENDER");
    expect(err.message).toContain("hook says no");
  });

  it("passes kubeVersion and apiVersions on", () => {
    const d = data(render({ kubeVersion: "1.29.3", apiVersions: ["example.com/v1,gadgets.io/v2"] }));
    expect(d).toMatchObject({ kube: "v1.29.3", widgets: '"true"', gadgets: '"true"' });
    expect(data(render())).toMatchObject({ kube: "v1.36.0", widgets: '"false"', gadgets: '"false"' });
  });

  it("takes the renderer's kubeVersion and apiVersions for entries that set none (kubectl's --helm-* flags)", () => {
    const flags = { kubeVersion: "1.28.0", apiVersions: ["gadgets.io/v2"] };
    expect(data(render({}, flags))).toMatchObject({ kube: "v1.28.0", widgets: '"false"', gadgets: '"true"' });
    // An entry's own fields replace the flags, as kustomize reads the entry over them.
    const own = data(render({ kubeVersion: "1.30.0", apiVersions: ["example.com/v1"] }, flags));
    expect(own).toMatchObject({ kube: "v1.30.0", widgets: '"true"', gadgets: '"false"' });
    expect(data(render({ kubeVersion: "" }, { kubeVersion: "" }))).toMatchObject({ kube: "v1.36.0" });
  });

  it("refuses a bad kube version with Helm's message", () => {
    const err = catchError(() => render({}, { kubeVersion: "one" }));
    expect(err.code).toBe("KUBE_VERSION_INVALID");
    expect(err.message).toContain("invalid kube version 'one'");
  });

  it("says the chart path was not found, as helm template does", () => {
    const err = catchError(() => render({ chartDir: "/app/charts/nope", chartName: "nope" }));
    expect(err.code).toBe("CHART_NOT_FOUND");
    expect(err.message).toBe(`helm template of chart 'nope' failed: path "/app/charts/nope" not found`);
  });

  it("keeps the render phase, so formatHelmError adds Helm's --debug hint", () => {
    const fs = chartFs({
      "/app/charts/web/templates/cm.yaml": '{{ required "color is required" .Values.nope }}',
    });
    const err = catchError(() => render({ fs }));
    expect(err.cause).toBeInstanceOf(Error);
    expect(formatHelmError(err)).toBe(
      "Error: helm template of chart 'web' failed: execution error at (web/templates/cm.yaml:1:3): color is required\n\nUse --debug flag to render out invalid YAML\n",
    );
  });
});

function catchError(run: () => unknown): HelmChartTemplateError {
  try {
    run();
  } catch (err) {
    if (err instanceof HelmChartTemplateError) return err;
    throw err;
  }
  throw new Error("expected an error");
}

describe("helmTemplate noHooks", () => {
  const chart = () => loadChart({ fs: chartFs(), path: "/app/charts/web" });

  it("prints the manifests alone, and --show-only finds no hook, as helm template --no-hooks does", () => {
    const text = helmTemplate({ chart: chart(), releaseName: "rel", noHooks: true });
    expect(text).toBe(helmTemplate({ chart: chart(), releaseName: "rel", showOnly: ["templates/cm.yaml"] }));
    expect(() =>
      helmTemplate({ chart: chart(), releaseName: "rel", noHooks: true, showOnly: ["templates/job.yaml"] }),
    ).toThrow("could not find template templates/job.yaml in chart");
    expect(helmTemplate({ chart: chart(), releaseName: "rel", showOnly: ["templates/job.yaml"] })).toContain(
      "name: rel-migrate",
    );
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enablesHelm } from "../src/commands/kustomize-build.js";
import { main } from "../src/index.js";
import { captureIO, writeTree } from "./helpers.js";

// A kustomization that renders a chart, then prefixes and labels its objects.
const TREE: Record<string, string> = {
  "kustomization.yaml":
    "namePrefix: team-\nlabels:\n  - pairs:\n      owner: payments\nhelmCharts:\n  - name: web\n    releaseName: shop\n    namespace: prod\n    valuesInline:\n      replicas: 3\n",
  "charts/web/Chart.yaml": 'apiVersion: v2\nname: web\nversion: 1.2.0\nappVersion: "2.0"\n',
  "charts/web/values.yaml": "replicas: 1\nimage: nginx:1.27\n",
  "charts/web/templates/deployment.yaml":
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\n  labels:\n    app.kubernetes.io/instance: {{ .Release.Name }}\n    helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}\nspec:\n  replicas: {{ .Values.replicas }}\n  selector:\n    matchLabels:\n      app.kubernetes.io/instance: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/instance: {{ .Release.Name }}\n    spec:\n      containers:\n        - name: web\n          image: {{ .Values.image }}\n",
  "charts/web/templates/service.yaml":
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-web\n  namespace: {{ .Release.Namespace }}\nspec:\n  selector:\n    app.kubernetes.io/instance: {{ .Release.Name }}\n  ports:\n    - port: 80\n",
};

// What `kubectl kustomize --enable-helm` (Kustomize v5.5.0) printed for TREE, with gitops-kit's
// `helm template` standing in for the helm binary.
const EXPECTED =
  "apiVersion: v1\n" +
  "kind: Service\n" +
  "metadata:\n" +
  "  labels:\n" +
  "    owner: payments\n" +
  "  name: team-shop-web\n" +
  "  namespace: prod\n" +
  "spec:\n" +
  "  ports:\n" +
  "  - port: 80\n" +
  "  selector:\n" +
  "    app.kubernetes.io/instance: shop\n" +
  "---\n" +
  "apiVersion: apps/v1\n" +
  "kind: Deployment\n" +
  "metadata:\n" +
  "  labels:\n" +
  "    app.kubernetes.io/instance: shop\n" +
  "    helm.sh/chart: web-1.2.0\n" +
  "    owner: payments\n" +
  "  name: team-shop-web\n" +
  "spec:\n" +
  "  replicas: 3\n" +
  "  selector:\n" +
  "    matchLabels:\n" +
  "      app.kubernetes.io/instance: shop\n" +
  "  template:\n" +
  "    metadata:\n" +
  "      labels:\n" +
  "        app.kubernetes.io/instance: shop\n" +
  "    spec:\n" +
  "      containers:\n" +
  "      - image: nginx:1.27\n" +
  "        name: web\n";

// A chart that prints the capabilities it was rendered with.
const CAPS_TREE: Record<string, string> = {
  "kustomization.yaml": "helmCharts:\n  - name: caps\n    releaseName: c\n",
  "charts/caps/Chart.yaml": "apiVersion: v2\nname: caps\nversion: 0.1.0\n",
  "charts/caps/values.yaml": "",
  "charts/caps/templates/cm.yaml": [
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    "  name: caps",
    "data:",
    "  kube: {{ .Capabilities.KubeVersion.Version }}",
    '  example: {{ .Capabilities.APIVersions.Has "example.com/v1" | quote }}',
    '  other: {{ .Capabilities.APIVersions.Has "other.io/v1" | quote }}',
    '  gadgets: {{ .Capabilities.APIVersions.Has "gadgets.io/v2" | quote }}',
    "",
  ].join("\n"),
};

async function run(argv: string[]) {
  const io = captureIO("", work);
  const code = await main(["kustomize", "build", ...argv], { io });
  return { code, out: io.out, err: io.err };
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "gitops-kit-kbuild-helm-"));
  writeTree(join(work, "app"), TREE);
  writeTree(join(work, "caps"), CAPS_TREE);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("gitops-kit kustomize build --enable-helm", () => {
  it("renders helmCharts from the chart on disk and prints what kubectl kustomize --enable-helm prints", async () => {
    expect(await run(["app", "--enable-helm"])).toEqual({ code: 0, out: EXPECTED, err: "" });
  });

  it("refuses helmCharts without --enable-helm, exit 1 with the typed error", async () => {
    const r = await run(["app"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^error \[KUSTOMIZE_PLUGIN_UNSUPPORTED\]: .*--enable-helm/);
  });

  it("passes --helm-kube-version and every --helm-api-versions (comma-separated) to the charts", async () => {
    const r = await run([
      "caps",
      "--enable-helm",
      "--helm-kube-version",
      "1.29.4",
      "--helm-api-versions",
      "example.com/v1,other.io/v1",
      "--helm-api-versions=gadgets.io/v2",
    ]);
    expect(r.err).toBe("");
    expect(r.out).toContain(
      'data:\n  example: "true"\n  gadgets: "true"\n  kube: v1.29.4\n  other: "true"\n',
    );
    const plain = await run(["caps", "--enable-helm"]);
    expect(plain.out).toContain(
      'data:\n  example: "false"\n  gadgets: "false"\n  kube: v1.36.0\n  other: "false"\n',
    );
  });

  it("prints a chart's failure naming the chart, exit 1", async () => {
    const dir = writeTree(join(work, "broken"), {
      ...CAPS_TREE,
      "charts/caps/templates/cm.yaml": '{{ fail "no capacity" }}\n',
    });
    const r = await run([dir, "--enable-helm"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^error \[HELM_RENDER\]: helm template of chart 'caps' failed: execution error at \(caps\/templates\/cm\.yaml:1:3\): no capacity/,
    );
  });

  it("is a usage error (exit 2) to give --enable-helm a value", async () => {
    expect((await run(["app", "--enable-helm=true"])).code).toBe(2);
  });
});

describe("the Helm engine stays out of plain kustomize build runs", () => {
  it("routes only --enable-helm runs, before any --, to the Helm implementation", () => {
    expect(enablesHelm(["app", "--enable-helm"])).toBe(true);
    expect(enablesHelm(["--enable-helm", "app"])).toBe(true);
    expect(enablesHelm(["app"])).toBe(false);
    expect(enablesHelm(["--", "--enable-helm"])).toBe(false);
    expect(enablesHelm(["--helm-kube-version", "1.30.0", "app"])).toBe(false);
  });

  it("bundles the plain run module without @gitops-kit/helm or @gitops-kit/source, and the --enable-helm one with both", async () => {
    const inputsOf = async (file: string) => {
      const result = await build({
        entryPoints: [new URL(`../src/commands/run/${file}`, import.meta.url).pathname],
        bundle: true,
        platform: "node",
        format: "cjs",
        conditions: ["source"],
        write: false,
        metafile: true,
        logLevel: "silent",
      });
      return Object.keys(result.metafile.inputs);
    };
    const helmInputs = (inputs: string[]) => inputs.filter((p) => p.includes("packages/helm/"));
    const sourceInputs = (inputs: string[]) => inputs.filter((p) => p.includes("packages/source/"));
    const plain = await inputsOf("kustomize-build.ts");
    expect(helmInputs(plain)).toEqual([]);
    expect(sourceInputs(plain)).toEqual([]);
    const withHelm = await inputsOf("kustomize-build-helm.ts");
    expect(helmInputs(withHelm).length).toBeGreaterThan(10);
    // The chart puller for missing repo charts.
    expect(sourceInputs(withHelm).length).toBeGreaterThan(5);
  }, 60_000);
});

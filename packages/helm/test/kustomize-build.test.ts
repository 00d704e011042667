import { memFs, printYamlStream } from "@gitops-kit/core";
import { buildKustomization } from "@gitops-kit/kustomize";
import { describe, expect, it } from "vitest";
import { HelmChartTemplateError, helmChartRenderer } from "../src/index.js";

// A kustomization that renders a chart and then prefixes and labels what it produced.
const TREE: Record<string, string> = {
  "/app/kustomization.yaml":
    "namePrefix: team-\nlabels:\n  - pairs:\n      owner: payments\nhelmCharts:\n  - name: web\n    releaseName: shop\n    namespace: prod\n    valuesInline:\n      replicas: 3\n",
  "/app/charts/web/Chart.yaml": 'apiVersion: v2\nname: web\nversion: 1.2.0\nappVersion: "2.0"\n',
  "/app/charts/web/values.yaml": "replicas: 1\nimage: nginx:1.27\n",
  "/app/charts/web/templates/deployment.yaml":
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\n  labels:\n    app.kubernetes.io/instance: {{ .Release.Name }}\n    helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}\nspec:\n  replicas: {{ .Values.replicas }}\n  selector:\n    matchLabels:\n      app.kubernetes.io/instance: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/instance: {{ .Release.Name }}\n    spec:\n      containers:\n        - name: web\n          image: {{ .Values.image }}\n",
  "/app/charts/web/templates/service.yaml":
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-web\n  namespace: {{ .Release.Namespace }}\nspec:\n  selector:\n    app.kubernetes.io/instance: {{ .Release.Name }}\n  ports:\n    - port: 80\n",
};

// What `kubectl kustomize --enable-helm` (Kustomize v5.5.0) printed for this tree on disk, with this
// package's `helm template` standing in for the helm binary (the chart uses nothing but values and
// release fields, which Helm renders the same way).
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

describe("buildKustomization with helmChartRenderer", () => {
  it("renders helmCharts and applies namePrefix and labels to the chart's objects, as kubectl does", () => {
    const { resources } = buildKustomization({ fs: memFs(TREE), path: "/app", helm: helmChartRenderer() });
    expect(printYamlStream(resources)).toBe(EXPECTED);
  });

  it("surfaces a chart's failure with the chart's name and Helm's message", () => {
    const fs = memFs({
      ...TREE,
      "/app/charts/web/templates/service.yaml": '{{ required "port is required" .Values.port }}\n',
    });
    let caught: unknown;
    try {
      buildKustomization({ fs, path: "/app", helm: helmChartRenderer() });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(Error);
    const chain: unknown[] = [];
    for (let e: unknown = caught; e instanceof Error; e = e.cause) chain.push(e);
    expect(chain.some((e) => e instanceof HelmChartTemplateError)).toBe(true);
    expect((caught as Error).message).toContain(
      "helm template of chart 'web' failed: execution error at (web/templates/service.yaml:1:3): port is required",
    );
  });
});

import { memFs } from "@gitops-kit/core";
import { helmTemplate, loadChart } from "@gitops-kit/helm";
import { fetchHelmChart, parseHelmIndex } from "@gitops-kit/source";
import { describe, expect, it } from "vitest";
import { helmIndexYaml, packageChart, startHelmRepository } from "./helm-repository.js";

const chartFiles = {
  "Chart.yaml": "apiVersion: v2\nname: hello\nversion: 0.3.1\nappVersion: 1.0.0\n",
  "values.yaml": "greeting: hi\n",
  "templates/cm.yaml":
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  greeting: {{ .Values.greeting | quote }}\n",
};

describe("local Helm repository", () => {
  it("packages a chart that loads and renders like the directory it came from", () => {
    const pkg = packageChart(chartFiles);
    expect(pkg).toMatchObject({ name: "hello", version: "0.3.1", fileName: "hello-0.3.1.tgz" });
    expect(pkg.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(packageChart(chartFiles).digest).toBe(pkg.digest);
    const fromArchive = helmTemplate({ chart: loadChart({ archive: pkg.data }), releaseName: "r" });
    const fs = memFs(Object.fromEntries(Object.entries(chartFiles).map(([p, c]) => [`/hello/${p}`, c])));
    expect(fromArchive).toBe(helmTemplate({ chart: loadChart({ fs, path: "/hello" }), releaseName: "r" }));
    expect(fromArchive).toContain('greeting: "hi"');
  });

  it("writes an index that source-controller's strict reader accepts", () => {
    const pkg = packageChart(chartFiles);
    const { index, skipped } = parseHelmIndex({
      data: helmIndexYaml([pkg], new Date("2026-01-02T03:04:05Z")),
    });
    expect(skipped).toEqual([]);
    expect(index.entries.hello[0]).toMatchObject({
      version: "0.3.1",
      appVersion: "1.0.0",
      digest: pkg.digest,
      urls: ["hello-0.3.1.tgz"],
    });
  });

  it("serves index.yaml and the package on 127.0.0.1 for fetchHelmChart", async () => {
    const server = await startHelmRepository({ charts: [packageChart(chartFiles)] });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const chart = await fetchHelmChart({ url: server.url, chart: "hello", version: "0.x" });
      expect(chart).toMatchObject({ name: "hello", version: "0.3.1", fileName: "hello-0.3.1.tgz" });
      expect((await fetch(`${server.url}/missing.tgz`)).status).toBe(404);
      expect(server.requests).toEqual(["/index.yaml", "/hello-0.3.1.tgz", "/missing.tgz"]);
    } finally {
      await server.close();
    }
  });
});

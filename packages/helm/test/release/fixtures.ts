/** Shared fixtures for the HelmRelease tests: a chart repository served over HTTP on 127.0.0.1. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sha256Hex } from "@gitops-kit/core";
import { tgz } from "../helpers.js";

/** A packaged chart `web` at `version`: a Deployment, a ConfigMap, a test hook; `fail: true` fails the render. */
export function webChart(version: string, extraTemplates: Record<string, string> = {}): Uint8Array {
  const files: Record<string, string> = {
    "web/Chart.yaml": `apiVersion: v2\nname: web\nversion: ${version}\nappVersion: "1.0"\n`,
    "web/values.yaml": "replicas: 1\nimage: nginx:1.27\nmessage: hello\n",
    "web/templates/deployment.yaml": [
      '{{- if .Values.fail }}{{ fail "the chart refused these values" }}{{ end -}}',
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: {{ .Release.Name }}",
      "spec:",
      "  replicas: {{ .Values.replicas }}",
      "  template:",
      "    spec:",
      "      containers:",
      "        - name: web",
      "          image: {{ .Values.image }}",
      "",
    ].join("\n"),
    "web/templates/configmap.yaml": [
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      "  name: {{ .Release.Name }}-config",
      "data:",
      "  message: {{ .Values.message | quote }}",
      "  revision: {{ .Release.Revision | quote }}",
      "",
    ].join("\n"),
    "web/templates/test.yaml": [
      "apiVersion: v1",
      "kind: Pod",
      "metadata:",
      "  name: {{ .Release.Name }}-test",
      "  annotations:",
      '    "helm.sh/hook": test',
      "spec:",
      "  containers:",
      "    - name: t",
      "      image: busybox",
      "",
    ].join("\n"),
    ...extraTemplates,
  };
  return tgz(Object.entries(files).map(([name, data]) => ({ name, data })));
}

/** index.yaml for packages named `<name>-<version>.tgz`. */
export function indexFor(charts: { name: string; version: string; data: Uint8Array }[]): string {
  const lines = ["apiVersion: v1", "entries:"];
  const byName = new Map<string, typeof charts>();
  for (const c of charts) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  for (const [name, list] of byName) {
    lines.push(`  ${name}:`);
    for (const c of list) {
      lines.push(
        "  - apiVersion: v2",
        '    created: "2024-05-01T10:00:00Z"',
        `    digest: ${sha256Hex(c.data)}`,
        `    name: ${name}`,
        "    urls:",
        `    - ${name}-${c.version}.tgz`,
        `    version: ${c.version}`,
      );
    }
  }
  lines.push('generated: "2024-05-01T10:00:00Z"', "");
  return lines.join("\n");
}

/** A static chart repository; `files` may be changed between requests. */
export async function startRepository(
  files: Map<string, Uint8Array | string>,
): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname.slice(1);
    requests.push(path);
    const body = files.get(path);
    if (body === undefined) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "application/octet-stream" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server, requests };
}

/**
 * A local Helm chart repository: charts packaged in-process (`helm package`'s layout, made with the
 * source package's deterministic tar + gzip) and served with their `index.yaml` by a Node HTTP server
 * on 127.0.0.1, the way any static chart repository serves them.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type MemFsFiles, parseYaml, sha256Hex } from "@gitops-kit/core";
import { gzipDeterministic, TarWriter } from "@gitops-kit/source";

/** A packaged chart. */
export interface ChartPackage {
  name: string;
  version: string;
  appVersion?: string;
  description?: string;
  apiVersion: string;
  /** `<name>-<version>.tgz`. */
  fileName: string;
  data: Uint8Array;
  /** sha256 hex of `data`, as `helm repo index` records it. */
  digest: string;
}

/** Package a chart directory's files (paths relative to the chart root) as `helm package` lays them out. */
export function packageChart(files: MemFsFiles): ChartPackage {
  const chartYaml = files["Chart.yaml"];
  if (chartYaml === undefined) throw new Error("packageChart: no Chart.yaml");
  const meta = parseYaml(String(chartYaml), { file: "Chart.yaml" }) as Record<string, string>;
  const chunks: Uint8Array[] = [];
  const tar = new TarWriter((chunk) => chunks.push(chunk));
  const encoder = new TextEncoder();
  // Chart.yaml first, then the rest in path order, all under a directory named after the chart.
  const paths = Object.keys(files).sort((a, b) =>
    a === "Chart.yaml" ? -1 : b === "Chart.yaml" ? 1 : a < b ? -1 : 1,
  );
  for (const path of paths) {
    const content = files[path];
    tar.add(
      { name: `${meta.name}/${path}`, type: "file", mode: 0o644 },
      typeof content === "string" ? encoder.encode(content) : content,
    );
  }
  tar.finish();
  const size = chunks.reduce((n, c) => n + c.length, 0);
  const tarBytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    tarBytes.set(c, offset);
    offset += c.length;
  }
  const data = gzipDeterministic(tarBytes);
  return {
    name: meta.name,
    version: meta.version,
    appVersion: meta.appVersion,
    description: meta.description,
    apiVersion: meta.apiVersion,
    fileName: `${meta.name}-${meta.version}.tgz`,
    data,
    digest: sha256Hex(data),
  };
}

/** The repository's `index.yaml` for `charts`, as `helm repo index` writes it (one version per chart here). */
export function helmIndexYaml(charts: readonly ChartPackage[], created: Date): string {
  const stamp = created.toISOString();
  const lines = ["apiVersion: v1", "entries:"];
  for (const c of [...charts].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    lines.push(`  ${c.name}:`);
    lines.push(`  - apiVersion: ${c.apiVersion}`);
    if (c.appVersion) lines.push(`    appVersion: ${JSON.stringify(c.appVersion)}`);
    lines.push(`    created: "${stamp}"`);
    if (c.description) lines.push(`    description: ${JSON.stringify(c.description)}`);
    lines.push(`    digest: ${c.digest}`);
    lines.push(`    name: ${c.name}`);
    lines.push("    urls:", `    - ${c.fileName}`);
    lines.push(`    version: ${c.version}`);
  }
  lines.push(`generated: "${stamp}"`, "");
  return lines.join("\n");
}

/** A running repository. */
export interface HelmRepositoryServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Requests served, by path. */
  requests: string[];
  close(): Promise<void>;
}

/** Serve `index.yaml` and the packages on 127.0.0.1 (a free port). */
export async function startHelmRepository(options: {
  charts: readonly ChartPackage[];
  created?: Date;
}): Promise<HelmRepositoryServer> {
  const index = helmIndexYaml(options.charts, options.created ?? new Date());
  const files = new Map<string, { body: Uint8Array | string; type: string }>([
    ["/index.yaml", { body: index, type: "text/yaml" }],
  ]);
  for (const c of options.charts) files.set(`/${c.fileName}`, { body: c.data, type: "application/gzip" });
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    requests.push(path);
    const file = req.method === "GET" ? files.get(path) : undefined;
    if (!file) {
      res.writeHead(404).end("not found\n");
      return;
    }
    res.writeHead(200, { "content-type": file.type }).end(file.body);
  });
  const { port } = await listen(server);
  return { url: `http://127.0.0.1:${port}`, requests, close: () => close(server) };
}

/** Listen on 127.0.0.1 on a free port. */
export function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server.address() as AddressInfo));
  });
}

/** Stop accepting connections and drop idle keep-alive ones. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

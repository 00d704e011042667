/** Test helpers: charts written into an in-memory file system, and chart archives built in memory. */
import { memFs } from "@gitops-kit/core";
import { gzipDeterministic, TarWriter } from "@gitops-kit/source";
import { type Chart, type HelmTemplateOptions, helmTemplate, loadChart } from "../src/index.js";

/** A chart directory at `/chart` (file paths relative to it). */
export function chartFromFiles(files: Record<string, string | Uint8Array>): Chart {
  const fs = memFs(Object.fromEntries(Object.entries(files).map(([k, v]) => [`/chart/${k}`, v])));
  return loadChart({ fs, path: "/chart" });
}

/** A gzip-compressed tar of the given entries (names as stored). */
export function tgz(
  entries: {
    name: string;
    data?: string | Uint8Array;
    type?: "file" | "dir" | "symlink";
    linkname?: string;
  }[],
): Uint8Array {
  const chunks: Uint8Array[] = [];
  const w = new TarWriter((c) => chunks.push(c));
  for (const e of entries) {
    const data = typeof e.data === "string" ? new TextEncoder().encode(e.data) : e.data;
    w.add({ name: e.name, type: e.type ?? "file", mode: 0o644, linkname: e.linkname }, data);
  }
  w.finish();
  const tar = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    tar.set(c, offset);
    offset += c.length;
  }
  return gzipDeterministic(tar);
}

/** `helm template` of a chart given as files, with defaults for the release. */
export function template(files: Record<string, string>, options: Partial<HelmTemplateOptions> = {}): string {
  return helmTemplate({ chart: chartFromFiles(files), releaseName: "rel", namespace: "ns", ...options });
}

/** A minimal Chart.yaml. */
export function chartYaml(name: string, extra = ""): string {
  return `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n${extra}`;
}

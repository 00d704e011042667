/**
 * `source-helm-index`: resolve a chart in a generated 20 MB index.yaml (the shape of Bitnami's: 17 000
 * entries, go-yaml v2 block style with wrapped descriptions and literal blocks) — read the file, parse
 * it, pick the latest stable version — with `@gitops-kit/source` (`parseHelmIndex` for that chart +
 * `findChartVersion`, in-process) versus a Go program doing what Helm and source-controller do
 * (`bench/go/helm-index`: sigs.k8s.io/yaml strict unmarshal of the whole index, Masterminds/semver
 * selection), built here against Debian's Go sources. Both print `<name> <version> <url> <digest>`.
 *
 * Peak memory is measured separately by `bench/source-helm-index-peak.ts` (a fresh process).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findChartVersion, parseHelmIndex } from "@gitops-kit/source";
import { generateHelmIndex } from "../../packages/source/test/helm-fixtures.js";
import { commandExists } from "../lib.js";
import type { Benchmark } from "./types.js";

/** Size of the generated index. */
export const INDEX_BYTES = 20 * 1024 * 1024;
/** The chart resolved (one of about 115). */
export const CHART = "chart-40";

const GO_SOURCE = fileURLToPath(new URL("../go/helm-index", import.meta.url));
const GOPATH = "/usr/share/gocode";

/** Resolve the chart as the benchmark does and print the line both sides print. */
export function resolveInIndex(file: string, chart: string, version = ""): string {
  const { index } = parseHelmIndex({ data: readFileSync(file), charts: [chart] });
  const v = findChartVersion({ index, chart, version });
  return `${v.name} ${v.version} ${v.urls[0] ?? ""} ${v.digest ?? ""}\n`;
}

export const sourceHelmIndex: Benchmark = {
  name: "source-helm-index",
  description:
    "resolve a chart in a generated 20 MB index.yaml: parseHelmIndex + findChartVersion vs Go (sigs.k8s.io/yaml + Masterminds/semver)",
  async unavailable() {
    if (!commandExists("go", ["version"])) return "go is not installed";
    if (!existsSync(join(GOPATH, "src/sigs.k8s.io/yaml")))
      return "Debian package golang-k8s-sigs-yaml-dev is not installed";
    if (!existsSync(join(GOPATH, "src/github.com/Masterminds/semver"))) {
      return "Debian package golang-github-masterminds-semver-dev is not installed";
    }
    return undefined;
  },
  async prepare() {
    const root = mkdtempSync(join(tmpdir(), "gitops-kit-bench-helm-index-"));
    const file = join(root, "index.yaml");
    writeFileSync(file, generateHelmIndex({ targetBytes: INDEX_BYTES }));
    const binary = join(root, "helm-index");
    execFileSync("go", ["build", "-o", binary, "."], {
      cwd: GO_SOURCE,
      env: { ...process.env, GO111MODULE: "off", GOPATH, GOFLAGS: "", GOCACHE: join(root, "gocache") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return {
      ours: () => resolveInIndex(file, CHART),
      reference: { command: binary, args: [file, CHART] },
      cleanup: () => rmSync(root, { recursive: true, force: true }),
    };
  },
};

/**
 * `helm-template`: the largest chart of the helm corpus (kube-prometheus-stack and its subcharts) rendered
 * with `helmTemplate` in-process vs `helm template` as a child process, on the same chart and values.
 * Unavailable where no `helm` binary is installed (Debian has no package for it); `bench/helm.ts` then times
 * our side alone, cold and warm, with memory.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type HelmCase, renderCase } from "../../conformance/corpora/helm.js";
import { commandExists } from "../lib.js";
import type { Benchmark } from "./types.js";

const here = dirname(fileURLToPath(import.meta.url));
const CORPUS = resolve(process.env.CONFORMANCE_DIR ?? join(here, "../../../shared/conformance"), "helm");
const CASE = "kube-prometheus-stack-minimal";

export const helmTemplateBench: Benchmark = {
  name: "helm-template",
  description: `helm corpus case ${CASE}: helmTemplate in-process vs helm template`,
  async unavailable() {
    if (!existsSync(join(CORPUS, "cases", CASE))) return `the helm corpus is not at ${CORPUS}`;
    if (!commandExists("helm", ["version", "--short"]))
      return "no helm binary on PATH (see bench/helm.ts for our side alone)";
    return undefined;
  },
  async prepare() {
    const { nodeFs } = await import("@gitops-kit/core/node");
    const { loadChart } = await import("@gitops-kit/helm");
    const caseDir = join(CORPUS, "cases", CASE);
    const c = JSON.parse(readFileSync(join(caseDir, "case.json"), "utf8")) as HelmCase;
    const chart = loadChart({ fs: nodeFs(), path: join(CORPUS, c.chart) });
    const args = [
      "template",
      c.release,
      join(CORPUS, c.chart),
      "--namespace",
      c.namespace,
      "--kube-version",
      c.kubeVersion,
    ];
    for (const f of c.valuesFiles) args.push("-f", join(caseDir, f));
    for (const a of c.apiVersions) args.push("--api-versions", a);
    if (c.includeCrds) args.push("--include-crds");
    return { ours: () => renderCase(caseDir, c, chart), reference: { command: "helm", args } };
  },
};

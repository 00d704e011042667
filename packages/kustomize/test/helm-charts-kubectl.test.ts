/**
 * `helmCharts` trees recorded with `kubectl kustomize --enable-helm` and a stand-in for Helm
 * (test/fixtures/helm-charts/fake-helm.sh, see scripts/record-helm-chart-cases.ts) that prints the
 * flags and values files kustomize hands to Helm. Replayed with a renderer printing the same from each
 * request, the build must print kubectl's bytes: chart paths, flags, and the values merged exactly.
 */
import { readdirSync, readFileSync } from "node:fs";
import { GitOpsError, memFs, printYamlStream } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import { buildKustomization, type HelmChartRenderer, type HelmTemplateRequest } from "../src/index.js";

interface RecordedCase {
  root: string;
  files: Record<string, string>;
  expected?: string;
  error?: boolean;
}

const dir = new URL("./fixtures/helm-charts/", import.meta.url);
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(new URL(f, dir), "utf8")) as RecordedCase] as const);

/** kustomize's `helm template` argument list for a request (its AsHelmArgs), as fake-helm.sh prints it. */
function helmArgs(r: HelmTemplateRequest): string[] {
  const args = ["template", r.releaseName ?? "--generate-name", r.chartDir];
  if (r.namespace) args.push("--namespace", r.namespace);
  if (r.nameTemplate) args.push("--name-template", r.nameTemplate);
  // The first file is the values file kustomize writes into its temporary directory.
  for (const [i, f] of r.valuesFiles.entries()) args.push("-f", i === 0 ? `TMP/${f.name}` : f.name);
  for (const a of r.apiVersions) args.push("--api-versions", a);
  if (r.kubeVersion) args.push("--kube-version", r.kubeVersion);
  if (r.includeCrds) args.push("--include-crds");
  if (r.skipTests) args.push("--skip-tests");
  if (r.skipHooks) args.push("--no-hooks");
  return args;
}

const fakeHelm: HelmChartRenderer = {
  template(r) {
    const args = helmArgs(r);
    let values = "";
    for (const f of r.valuesFiles) {
      const text = typeof f.data === "string" ? f.data : new TextDecoder().decode(f.data);
      const lines = text.replace(/\n$/, "").split("\n");
      values += `${lines.map((l) => `    ${l}`).join("\n")}\n    ----\n`;
    }
    return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: args-${args[1]}\ndata:\n  args: ${JSON.stringify(args.join(" "))}\n  values: |\n${values}\n`;
  },
};

describe("helmCharts recorded with kubectl kustomize --enable-helm", () => {
  it.each(cases)("%s", (_name, c) => {
    const files: Record<string, string> = {};
    for (const [path, text] of Object.entries(c.files)) files[`${c.root}/${path}`] = text;
    const run = () =>
      printYamlStream(buildKustomization({ fs: memFs(files), path: c.root, helm: fakeHelm }).resources);
    if (c.error) {
      expect(run).toThrow(GitOpsError);
      return;
    }
    expect(run()).toBe(c.expected);
  });
});

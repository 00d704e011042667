import { resolve } from "node:path";
import { nodeFs } from "@gitops-kit/core/node";
import { type HelmRepositoryAuth, pullHelmChart } from "@gitops-kit/source";
import { parseCommandArgs } from "../args.js";
import { UsageError } from "../errors.js";
import type { Command } from "../registry.js";
import { terminalProgress } from "./source-progress.js";

/** `gitops-kit source pull helm`: what a HelmChart from a HelmRepository would produce, written to a directory. */
export const sourcePullHelm: Command = {
  name: "source pull helm",
  summary: "Resolve and download a chart from a Helm repository (HTTP or OCI) as a Flux HelmChart would",
  usage: "URL CHART --out DIR [--version RANGE] [--tgz] [options]",
  description: [
    "Fetches URL/index.yaml (or, for oci:// URLs, the registry's tags), picks the chart version as",
    "source-controller does (--version: exact, a semver range, or empty / '*' for the latest stable),",
    "downloads the package, checks its digest against the index and Flux's size limits, and unpacks",
    "it into DIR (DIR/CHART/Chart.yaml, ...). Prints the revision (the chart version) and the digest.",
    "",
    "  --version RANGE      spec.version",
    "  --tgz                write DIR/CHART-VERSION.tgz instead of unpacking",
    "  --username USER      basic auth; the password is read from $GITOPS_KIT_HELM_PASSWORD",
    "                       (a bearer token from $GITOPS_KIT_HELM_TOKEN)",
    "  --pass-credentials   send the credentials to chart URLs on other hosts too (spec.passCredentials)",
    "  --insecure           plain HTTP to an OCI registry on this machine",
  ].join("\n"),
  examples: [
    "gitops-kit source pull helm https://stefanprodan.github.io/podinfo podinfo --version '6.x' --out ./charts",
    "gitops-kit source pull helm oci://ghcr.io/stefanprodan/charts podinfo --out ./charts --tgz",
  ],
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        out: { type: "string" },
        version: { type: "string" },
        tgz: { type: "boolean" },
        username: { type: "string" },
        "pass-credentials": { type: "boolean" },
        insecure: { type: "boolean" },
      },
      { min: 2, max: 2 },
    );
    const [url, chart] = positionals;
    if (!values.out) throw new UsageError("--out DIR is required");
    const auth: HelmRepositoryAuth = {};
    if (values.username !== undefined) auth.username = values.username;
    if (process.env.GITOPS_KIT_HELM_PASSWORD) auth.password = process.env.GITOPS_KIT_HELM_PASSWORD;
    if (process.env.GITOPS_KIT_HELM_TOKEN) auth.token = process.env.GITOPS_KIT_HELM_TOKEN;
    const progress = terminalProgress();
    try {
      const pulled = await pullHelmChart({
        url,
        chart,
        version: values.version,
        auth: Object.keys(auth).length > 0 ? auth : undefined,
        passCredentials: values["pass-credentials"],
        insecure: values.insecure,
        fs: nodeFs(),
        dir: resolve(io.cwd, values.out),
        untar: !values.tgz,
        onProgress: progress.onProgress,
      });
      progress.done();
      io.stdout(`revision: ${pulled.artifact.revision}\ndigest: ${pulled.artifact.digest}\n`);
      io.stdout(`wrote ${pulled.files.length} files to ${values.out}\n`);
      return 0;
    } finally {
      progress.done();
    }
  },
};

import { lazyCommand } from "../registry.js";

/** `gitops-kit source pull helm`: what a HelmChart from a HelmRepository would produce, written to a directory. */
export const sourcePullHelm = lazyCommand(
  {
    name: "source pull helm",
    summary: "Resolve and download a chart from a Helm repository (HTTP or OCI) as a Flux HelmChart would",
    usage: "URL CHART --out DIR [--version RANGE] [--tgz] [options]",
    description: [
      "Fetches URL/index.yaml (or, for oci:// URLs, the registry's tags), picks the chart version as",
      "source-controller does (--version: exact, a semver range, or empty / '*' for the latest stable),",
      "downloads the package, checks its digest against the index and Flux's size limits, and unpacks",
      "it into DIR (DIR/CHART/Chart.yaml, ...). Prints the revision (the chart version) and the digest.",
      "",
      "Options:",
      "  --out DIR            where the chart goes (required)",
      "  --version RANGE      spec.version",
      "  --tgz                write DIR/CHART-VERSION.tgz instead of unpacking",
      "  --username USER      basic auth; the password is read from $GITOPS_KIT_HELM_PASSWORD",
      "                       (a bearer token from $GITOPS_KIT_HELM_TOKEN)",
      "  --pass-credentials   send the credentials to chart URLs on other hosts too (spec.passCredentials)",
      "  --insecure           plain HTTP to an OCI registry on this machine",
      "  -o, --output FORMAT  text (default), yaml or json ({revision, digest, out, files})",
    ].join("\n"),
    examples: [
      "gitops-kit source pull helm https://stefanprodan.github.io/podinfo podinfo --version '6.x' --out ./charts",
      "gitops-kit source pull helm oci://ghcr.io/stefanprodan/charts podinfo --out ./charts --tgz",
    ],
  },
  async () => (await import("./run/source-pull-helm.js")).runSourcePullHelm,
);

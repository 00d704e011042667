import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { nodeFs } from "@gitops-kit/core/node";
import {
  dockerConfigCredentials,
  fetchOciRepository,
  type OciRepositoryFetched,
  type OciRepositorySpecInput,
  parseDockerConfig,
  type RegistryCredentialsSource,
} from "@gitops-kit/source";
import { parseCommandArgs } from "../args.js";
import { UsageError } from "../errors.js";
import type { Command } from "../registry.js";
import { terminalProgress } from "./source-progress.js";

/** `gitops-kit source pull oci`: what an OCIRepository would produce, written to a directory. */
export const sourcePullOci: Command = {
  name: "source pull oci",
  summary: "Pull an OCI artifact as a Flux OCIRepository would and write its files",
  usage: "URL --out DIR [--tag T | --semver RANGE | --digest D] [options]",
  description: [
    "Resolves the reference on the registry (default tag 'latest'), pulls the manifest, selects the layer",
    "and extracts it into DIR (operation extract; .sourceignore, --ignore and Flux's defaults shape the",
    "artifact) or writes the layer blob as DIR/<digest>.tgz (--layer-operation copy). Prints the revision",
    "(<tag>@sha256:<hex>) and the artifact digest.",
    "",
    "  --tag T, --semver RANGE [--semver-filter REGEXP], --digest sha256:...   spec.ref",
    "  --layer-media-type TYPE   layerSelector.mediaType;  --layer-operation extract|copy",
    "  --ignore TEXT             spec.ignore",
    "  --archive FILE            also write the artifact tar.gz",
    "  --username USER           the password is read from $GITOPS_KIT_OCI_PASSWORD",
    "  --docker-config FILE      credentials from a Docker config.json / .dockerconfigjson",
    "  --insecure                plain HTTP, for a registry on this machine only",
  ].join("\n"),
  examples: [
    "gitops-kit source pull oci oci://ghcr.io/stefanprodan/manifests/podinfo --semver '6.x' --out ./podinfo",
    "gitops-kit source pull oci oci://localhost:5000/app --tag v1 --insecure --out ./app",
  ],
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        out: { type: "string" },
        tag: { type: "string" },
        semver: { type: "string" },
        "semver-filter": { type: "string" },
        digest: { type: "string" },
        "layer-media-type": { type: "string" },
        "layer-operation": { type: "string" },
        ignore: { type: "string" },
        archive: { type: "string" },
        username: { type: "string" },
        "docker-config": { type: "string" },
        insecure: { type: "boolean" },
      },
      { min: 1, max: 1 },
    );
    const url = positionals[0];
    if (!values.out) throw new UsageError("--out DIR is required");
    const refs = ["tag", "semver", "digest"].filter((k) => values[k as "tag"] !== undefined);
    if (refs.length > 1) throw new UsageError(`choose one of --${refs.join(", --")}`);
    const operation = values["layer-operation"];
    if (operation !== undefined && operation !== "extract" && operation !== "copy") {
      throw new UsageError("--layer-operation must be extract or copy");
    }
    const spec: OciRepositorySpecInput = {
      url,
      ...(refs.length > 0
        ? {
            ref: {
              ...(values.tag ? { tag: values.tag } : {}),
              ...(values.semver ? { semver: values.semver } : {}),
              ...(values["semver-filter"] ? { semverFilter: values["semver-filter"] } : {}),
              ...(values.digest ? { digest: values.digest } : {}),
            },
          }
        : {}),
      ...(values["layer-media-type"] || operation
        ? { layerSelector: { mediaType: values["layer-media-type"], operation } }
        : {}),
      ...(values.ignore !== undefined ? { ignore: values.ignore } : {}),
      ...(values.insecure ? { insecure: true } : {}),
    };
    const progress = terminalProgress();
    try {
      const result = (await fetchOciRepository({
        spec,
        fs: nodeFs(),
        dir: resolve(io.cwd, values.out),
        credentials: credentialsOf(values, io.cwd),
        onProgress: progress.onProgress,
      })) as OciRepositoryFetched;
      progress.done();
      if (values.archive) writeFileSync(resolve(io.cwd, values.archive), result.artifact.tarGz);
      io.stdout(`revision: ${result.revision}\ndigest: ${result.artifact.digest}\n`);
      io.stdout(
        result.artifactPath
          ? `wrote ${result.artifactPath} to ${values.out}\n`
          : `wrote ${result.artifact.entries.length - 1} entries to ${values.out}\n`,
      );
      return 0;
    } finally {
      progress.done();
    }
  },
};

function credentialsOf(
  values: { username?: string; "docker-config"?: string },
  cwd: string,
): RegistryCredentialsSource | undefined {
  if (values.username !== undefined) {
    return { username: values.username, password: process.env.GITOPS_KIT_OCI_PASSWORD ?? "" };
  }
  if (values["docker-config"]) {
    const file = resolve(cwd, values["docker-config"]);
    const config = parseDockerConfig(readFileSync(file, "utf8"), values["docker-config"]);
    return (registry, repository) => dockerConfigCredentials({ config, registry, repository });
  }
  return undefined;
}

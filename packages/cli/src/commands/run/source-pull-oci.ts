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
import { parseCommandArgs } from "../../args.js";
import { UsageError } from "../../errors.js";
import { outputFormat } from "../../output.js";
import { terminalProgress } from "../../progress.js";
import { printPullResult } from "../../pull-result.js";
import type { CommandRun } from "../../registry.js";

/** Runs `gitops-kit source pull oci`. */
export const runSourcePullOci: CommandRun = async (args, io) => {
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
      output: { type: "string", short: "o" },
    },
    { min: 1, max: 1 },
  );
  const url = positionals[0];
  if (!values.out) throw new UsageError("--out DIR is required");
  const output = outputFormat(values.output, ["text", "yaml", "json"]);
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
  const progress = terminalProgress(io);
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
    const summary: { revision: string; digest: string; out: string; path?: string; entries?: number } = {
      revision: result.revision,
      digest: result.artifact.digest,
      out: values.out,
      ...(result.artifactPath
        ? { path: result.artifactPath }
        : { entries: result.artifact.entries.length - 1 }),
    };
    io.stdout(printPullResult(summary, output, summary.path ?? `${summary.entries} entries`));
    return 0;
  } finally {
    progress.done();
  }
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

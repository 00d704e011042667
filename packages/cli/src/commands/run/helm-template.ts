import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { NotFoundError, parseYamlStream } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { formatHelmError, HelmError, helmTemplate, loadChart, type ValuesFile } from "@gitops-kit/helm";
import { parseCommandArgs } from "../../args.js";
import { outputFormat, printObjects } from "../../output.js";
import type { CommandIO, CommandRun } from "../../registry.js";

/** `-f` files, read relative to the working directory (`-` is standard input). */
async function readValuesFiles(paths: string[], io: CommandIO): Promise<ValuesFile[]> {
  const files: ValuesFile[] = [];
  for (const path of paths) {
    if (path.trim() === "-") files.push({ name: path, data: await io.readStdin() });
    else {
      try {
        files.push({ name: path, data: readFileSync(resolve(io.cwd, path)) });
      } catch (err) {
        throw new NotFoundError(`open ${path}: no such file or directory`, { cause: err });
      }
    }
  }
  return files;
}

/** Runs `gitops-kit helm template`. */
export const runHelmTemplate: CommandRun = async (args, io) => {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      values: { type: "string", short: "f", multiple: true },
      set: { type: "string", multiple: true },
      "set-string": { type: "string", multiple: true },
      "set-json": { type: "string", multiple: true },
      namespace: { type: "string", short: "n" },
      "kube-version": { type: "string" },
      "api-versions": { type: "string", short: "a", multiple: true },
      "include-crds": { type: "boolean" },
      "show-only": { type: "string", short: "s", multiple: true },
      "skip-tests": { type: "boolean" },
      "is-upgrade": { type: "boolean" },
      "skip-schema-validation": { type: "boolean" },
      output: { type: "string", short: "o" },
    },
    { min: 1, max: 2 },
  );
  const format = outputFormat(values.output, ["yaml", "json"]);
  const [releaseName, chartPath] = positionals.length === 2 ? positionals : ["release-name", positionals[0]];
  try {
    const chart = loadChart({ fs: nodeFs(), path: resolve(io.cwd, chartPath) });
    const rendered = helmTemplate({
      chart,
      releaseName,
      namespace: values.namespace ?? "default",
      valuesFiles: await readValuesFiles(values.values ?? [], io),
      set: values.set,
      setString: values["set-string"],
      setJson: values["set-json"],
      kubeVersion: values["kube-version"],
      apiVersions: values["api-versions"],
      includeCrds: values["include-crds"],
      showOnly: values["show-only"],
      skipTests: values["skip-tests"],
      isUpgrade: values["is-upgrade"],
      skipSchemaValidation: values["skip-schema-validation"],
    });
    // JSON has no comments: the `# Source:` lines go, the objects stay in order.
    io.stdout(
      format === "yaml"
        ? rendered
        : printObjects(
            parseYamlStream(rendered, { file: "helm template" }).filter((d) => d !== null),
            format,
          ),
    );
    return 0;
  } catch (err) {
    // Helm's own wording on stderr, so scripts that parse `helm template` errors keep working.
    if (err instanceof HelmError) {
      io.stderr(formatHelmError(err));
      return 1;
    }
    throw err;
  }
};

import { basename } from "node:path";
import { parseYamlStream } from "@gitops-kit/core";
import { parseStrvals } from "@gitops-kit/helm";
import { type MissingKeyMode, parseTemplate, sprigFuncs } from "@gitops-kit/template";
import { parseCommandArgs } from "../../args.js";
import { UsageError } from "../../errors.js";
import { readInput } from "../../input.js";
import type { CommandRun } from "../../registry.js";

const MISSING_KEY_MODES = ["default", "invalid", "zero", "error"] as const;

/** Runs `gitops-kit template render`. */
export const runTemplateRender: CommandRun = async (args, io) => {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      data: { type: "string", short: "d" },
      set: { type: "string", multiple: true },
      missingkey: { type: "string" },
      sprig: { type: "boolean" },
    },
    { min: 1, max: 1 },
  );
  const file = positionals[0];
  if (file === "-" && values.data === "-") {
    throw new UsageError("the template and --data cannot both read standard input");
  }
  const missingKey = values.missingkey ?? "default";
  if (!(MISSING_KEY_MODES as readonly string[]).includes(missingKey)) {
    throw new UsageError(`--missingkey must be default, zero or error, not '${missingKey}'`);
  }

  let data: unknown = {};
  if (values.data !== undefined) {
    const input = await readInput(values.data, io);
    // Only the first document counts, as when Go code unmarshals a file; an empty one is an empty map.
    const first = parseYamlStream(input.text, { file: input.name, dialect: "sigs-yaml" })[0];
    data = float64Numbers(first ?? {});
  }
  for (const expression of values.set ?? []) {
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      throw new UsageError("--set needs the data to be a map");
    }
    parseStrvals({ text: expression, into: data as Record<string, unknown> });
  }

  const input = await readInput(file, io);
  const template = parseTemplate({
    name: file === "-" ? "stdin" : basename(file),
    text: input.text,
    funcs: values.sprig ? sprigFuncs : undefined,
    missingKey: missingKey as MissingKeyMode,
  });
  io.stdout(template.execute({ data }));
  return 0;
};

/** Integers the YAML reader kept exact become float64, as when Go unmarshals YAML or JSON into `any`. */
function float64Numbers(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(float64Numbers);
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    for (const key of Object.keys(o)) o[key] = float64Numbers(o[key]);
  }
  return value;
}

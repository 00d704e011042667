import { parseYamlStream, printYamlStream } from "@gitops-kit/core";
import { parseCommandArgs } from "../../args.js";
import { readInput } from "../../input.js";
import { outputFormat, printObjects } from "../../output.js";
import type { CommandRun } from "../../registry.js";

/** Runs `gitops-kit yaml fmt`. */
export const runYamlFmt: CommandRun = async (args, io) => {
  const { values, positionals } = parseCommandArgs(
    args,
    { output: { type: "string", short: "o" } },
    { max: 1 },
  );
  const format = outputFormat(values.output, ["yaml", "json"]);
  const input = await readInput(positionals[0], io);
  const documents = parseYamlStream(input.text, { file: input.name });
  io.stdout(
    format === "yaml"
      ? printYamlStream(documents)
      : printObjects(
          documents.filter((d) => d !== null),
          format,
        ),
  );
  return 0;
};

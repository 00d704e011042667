import { parseYamlStream, printYamlStream } from "@gitops-kit/core";
import { parseCommandArgs } from "../../args.js";
import { readInput } from "../../input.js";
import type { CommandRun } from "../../registry.js";

/** Runs `gitops-kit yaml fmt`. */
export const runYamlFmt: CommandRun = async (args, io) => {
  const { positionals } = parseCommandArgs(args, {}, { max: 1 });
  const input = await readInput(positionals[0], io);
  io.stdout(printYamlStream(parseYamlStream(input.text, { file: input.name })));
  return 0;
};

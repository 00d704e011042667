/**
 * @gitops-kit/cli: the `gitops-kit` command. The registry API lets packages and tools define commands
 * (`Command`), collect them (`CommandRegistry`) and run them (`main`) with any IO.
 */
export { parseCommandArgs } from "./args.js";
export { COMMANDS } from "./commands/index.js";
export { UsageError } from "./errors.js";
export { commandHelp, globalHelp } from "./help.js";
export { type Input, readInput } from "./input.js";
export { processIO } from "./io.js";
export { type LoadStateOptions, loadStateCluster } from "./live-state.js";
export { defaultRegistry, ExitCode, type MainOptions, main } from "./main.js";
export { type OutputFormat, outputFormat, printJson, printObjects, printResult } from "./output.js";
export { type Command, type CommandIO, CommandRegistry, type CommandRun, lazyCommand } from "./registry.js";
export { type ColorOptions, colorEnabled, createStyle, type Style, styleOf } from "./style.js";
export { type DiffLine, diffLines, type UnifiedDiffOptions, unifiedDiff } from "./unified-diff.js";
export { cliVersion } from "./version.js";

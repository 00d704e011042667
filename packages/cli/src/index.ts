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
export { defaultRegistry, ExitCode, type MainOptions, main } from "./main.js";
export { type Command, type CommandIO, CommandRegistry, type CommandRun, lazyCommand } from "./registry.js";
export { cliVersion } from "./version.js";

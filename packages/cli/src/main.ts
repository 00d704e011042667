import { isGitOpsError } from "@gitops-kit/core";
import { COMMANDS } from "./commands/index.js";
import { USAGE } from "./errors.js";
import { commandHelp, globalHelp, groupHelp, PROGRAM } from "./help.js";
import { type CommandIO, CommandRegistry } from "./registry.js";
import { cliVersion } from "./version.js";

/** Exit codes of the `gitops-kit` command. */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;

/** Options of {@link main}. */
export interface MainOptions {
  /** Where to read and write. */
  io: CommandIO;
  /** Commands to dispatch to; the built-in set by default. */
  registry?: CommandRegistry;
  /** Print stack traces of unexpected errors (the bin sets it from `GITOPS_KIT_DEBUG`). */
  debug?: boolean;
}

/** The built-in commands. */
export function defaultRegistry(): CommandRegistry {
  return new CommandRegistry(COMMANDS);
}

const isHelpFlag = (arg: string) => arg === "--help" || arg === "-h";

/**
 * Run `gitops-kit` with `argv` (the arguments after the program name) and return the exit code:
 * 0 ok, 1 failure, 2 usage error. Never throws: errors are written to `io.stderr`.
 */
export async function main(argv: string[], options: MainOptions): Promise<number> {
  const { io } = options;
  const registry = options.registry ?? defaultRegistry();
  const version = cliVersion();
  const [first, ...others] = argv;

  if (first === undefined) {
    io.stderr(globalHelp(registry, version));
    return ExitCode.usage;
  }
  if (isHelpFlag(first)) {
    io.stdout(globalHelp(registry, version));
    return ExitCode.ok;
  }
  if (first === "--version") {
    io.stdout(`${version}\n`);
    return ExitCode.ok;
  }
  if (first === "help") return help(others, registry, io, version);
  if (first.startsWith("-")) return usageError(io, `unknown option '${first}'`);

  const found = registry.find(argv);
  if (!found) {
    const words = argv.filter((a) => !a.startsWith("-"));
    const group = longestGroup(registry, words);
    if (group) {
      const text = groupHelp(group.words, group.commands);
      if (argv.some(isHelpFlag)) {
        io.stdout(text);
        return ExitCode.ok;
      }
      io.stderr(text);
      return ExitCode.usage;
    }
    return usageError(io, `unknown command '${words.join(" ")}'`);
  }

  const { command, rest } = found;
  const beforeTerminator = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest;
  if (beforeTerminator.some(isHelpFlag)) {
    io.stdout(commandHelp(command));
    return ExitCode.ok;
  }
  try {
    return (await command.run(rest, io)) ?? ExitCode.ok;
  } catch (err) {
    // Commands may run from their own bundle (see scripts/bundle.mjs), with their own copies of the
    // error classes: recognise errors by brand and code rather than by class identity.
    if (isGitOpsError(err) && err.code === USAGE) {
      return usageError(io, err.message, `Usage: ${PROGRAM} ${command.name} ${command.usage}`.trimEnd());
    }
    if (isGitOpsError(err)) {
      io.stderr(`error [${err.code}]: ${err.message}\n`);
      return ExitCode.failure;
    }
    io.stderr(`error [INTERNAL]: ${err instanceof Error ? err.message : String(err)}\n`);
    if (options.debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return ExitCode.failure;
  }
}

function help(words: string[], registry: CommandRegistry, io: CommandIO, version: string): number {
  if (words.length === 0) {
    io.stdout(globalHelp(registry, version));
    return ExitCode.ok;
  }
  const found = registry.find(words);
  if (found && found.rest.length === 0) {
    io.stdout(commandHelp(found.command));
    return ExitCode.ok;
  }
  const group = longestGroup(registry, words);
  if (group && group.words.length === words.length) {
    io.stdout(groupHelp(group.words, group.commands));
    return ExitCode.ok;
  }
  return usageError(io, `unknown command '${words.join(" ")}'`);
}

/** The longest leading run of `words` that begins some command names. */
function longestGroup(registry: CommandRegistry, words: string[]) {
  for (let n = words.length; n > 0; n--) {
    const commands = registry.under(words.slice(0, n));
    if (commands.length > 0) return { words: words.slice(0, n), commands };
  }
  return undefined;
}

function usageError(io: CommandIO, message: string, usage?: string): number {
  io.stderr(`error: ${message}\n`);
  if (usage) io.stderr(`${usage}\n`);
  io.stderr(`Run '${PROGRAM} --help' for usage.\n`);
  return ExitCode.usage;
}

import { errorMessage, isGitOpsError } from "@gitops-kit/core";
import { COMMANDS } from "./commands/index.js";
import { USAGE } from "./errors.js";
import { commandHelp, globalHelp, groupHelp, PROGRAM } from "./help.js";
import { type CommandIO, CommandRegistry } from "./registry.js";
import { colorEnabled, createStyle, type Style } from "./style.js";
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
 *
 * The global options `--no-color` and `-q`/`--quiet` are taken out of `argv` (anywhere before `--`)
 * and reach commands as `io.color` and `io.quiet`.
 */
export async function main(rawArgv: string[], options: MainOptions): Promise<number> {
  const { argv, noColor, quiet } = globalFlags(rawArgv);
  const color = colorEnabled({
    isTTY: options.io.terminal?.stdout ?? false,
    env: options.io.env ?? {},
    noColorFlag: noColor,
  });
  const io: CommandIO = { ...options.io, color, quiet: quiet || options.io.quiet === true };
  // Help on standard output is coloured like any output; help printed after a usage error goes to
  // standard error, which is not the stream colour was decided for.
  const style = createStyle(color);
  const plain = createStyle(false);
  const registry = options.registry ?? defaultRegistry();
  const version = cliVersion();
  const [first, ...others] = argv;

  if (first === undefined) {
    io.stderr(globalHelp(registry, version, plain));
    return ExitCode.usage;
  }
  if (isHelpFlag(first)) {
    io.stdout(globalHelp(registry, version, style));
    return ExitCode.ok;
  }
  if (first === "--version") {
    io.stdout(`${version}\n`);
    return ExitCode.ok;
  }
  if (first === "help") return help(others, registry, io, version, style);
  if (first.startsWith("-")) return usageError(io, `unknown option '${first}'`);

  const found = registry.find(argv);
  if (!found) {
    const words = argv.filter((a) => !a.startsWith("-"));
    const group = longestGroup(registry, words);
    if (group) {
      if (argv.some(isHelpFlag)) {
        io.stdout(groupHelp(group.words, group.commands, style));
        return ExitCode.ok;
      }
      io.stderr(groupHelp(group.words, group.commands, plain));
      return ExitCode.usage;
    }
    return usageError(io, `unknown command '${words.join(" ")}'`);
  }

  const { command, rest } = found;
  const beforeTerminator = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest;
  if (beforeTerminator.some(isHelpFlag)) {
    io.stdout(commandHelp(command, style));
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
    io.stderr(`error [INTERNAL]: ${errorMessage(err)}\n`);
    if (options.debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return ExitCode.failure;
  }
}

function help(
  words: string[],
  registry: CommandRegistry,
  io: CommandIO,
  version: string,
  style: Style,
): number {
  if (words.length === 0) {
    io.stdout(globalHelp(registry, version, style));
    return ExitCode.ok;
  }
  const found = registry.find(words);
  if (found && found.rest.length === 0) {
    io.stdout(commandHelp(found.command, style));
    return ExitCode.ok;
  }
  const group = longestGroup(registry, words);
  if (group && group.words.length === words.length) {
    io.stdout(groupHelp(group.words, group.commands, style));
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

/** Options every command takes; `main` removes them from the arguments. */
const GLOBAL_FLAGS: Record<string, "noColor" | "quiet"> = {
  "--no-color": "noColor",
  "--quiet": "quiet",
  "-q": "quiet",
};

function globalFlags(argv: string[]): { argv: string[]; noColor: boolean; quiet: boolean } {
  const flags = { noColor: false, quiet: false };
  const end = argv.includes("--") ? argv.indexOf("--") : argv.length;
  const rest: string[] = [];
  argv.forEach((arg, i) => {
    const flag = i < end ? GLOBAL_FLAGS[arg] : undefined;
    if (flag) flags[flag] = true;
    else rest.push(arg);
  });
  return { argv: rest, ...flags };
}

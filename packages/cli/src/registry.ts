/**
 * The command registry: every `gitops-kit` command is a {@link Command} value, found by its words.
 * Commands are registered in one place, `commands/index.ts`.
 */

/** Where a command reads and writes; the bin passes the process's streams, tests pass buffers. */
export interface CommandIO {
  /** Write text to standard output (no newline is added). */
  stdout(text: string): void;
  /** Write text to standard error (no newline is added). */
  stderr(text: string): void;
  /** Read all of standard input as UTF-8. */
  readStdin(): Promise<string>;
  /** Directory that relative paths are resolved against. */
  cwd: string;
  /** Which streams are terminals (and how wide); absent means neither is, as in pipes and tests. */
  terminal?: { stdout?: boolean; stderr?: boolean; columns?: number };
  /** The environment (`NO_COLOR`, `FORCE_COLOR`, credentials); absent means an empty one. */
  env?: Record<string, string | undefined>;
  /** Set by `main`: colour what goes to standard output (see `colorEnabled`). */
  color?: boolean;
  /** Set by `main` from `--quiet`: no progress and no informational messages on standard error. */
  quiet?: boolean;
}

/** One `gitops-kit` command. */
export interface Command {
  /** The words that invoke it, e.g. `yaml fmt`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The argument synopsis after the name, e.g. `[FILE|-]`. */
  usage: string;
  /** Longer help: arguments, options, behaviour. Optional. */
  description?: string;
  /** Complete command lines shown under "Examples". */
  examples: string[];
  /** Run with the arguments that follow the name. */
  run: CommandRun;
}

/**
 * What a command does with the arguments that follow its name. Return an exit code (0 when nothing is
 * returned); throw a `UsageError` for bad arguments (exit 2) or a `GitOpsError` for a failure (exit 1).
 */
export type CommandRun = (
  args: string[],
  io: CommandIO,
) => Promise<number | undefined> | Promise<void> | number | void;

/**
 * A command whose implementation is imported only when it runs. Start-up then loads the help text of
 * every command but the engines of just the one invoked, which keeps `gitops-kit` quick to start.
 */
export function lazyCommand(spec: Omit<Command, "run">, load: () => Promise<CommandRun>): Command {
  return {
    ...spec,
    run: async (args, io) => {
      const run = await load();
      return (await run(args, io)) ?? undefined;
    },
  };
}

/** A set of commands with lookup by leading words. */
export class CommandRegistry {
  readonly #commands: Command[] = [];

  constructor(commands: Iterable<Command> = []) {
    for (const command of commands) this.register(command);
  }

  /** Add a command; its name must be new and must not be the prefix of another command's words. */
  register(command: Command): this {
    const words = splitName(command.name);
    if (words.length === 0) throw new Error("a command needs a name");
    for (const other of this.#commands) {
      const otherWords = splitName(other.name);
      if (isPrefix(words, otherWords) || isPrefix(otherWords, words)) {
        throw new Error(`command "${command.name}" clashes with "${other.name}"`);
      }
    }
    this.#commands.push(command);
    return this;
  }

  /** All commands, sorted by name. */
  list(): Command[] {
    return [...this.#commands].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The command whose words begin `args`, and the arguments after them. */
  find(args: string[]): { command: Command; rest: string[] } | undefined {
    for (const command of this.#commands) {
      const words = splitName(command.name);
      if (isPrefix(words, args)) return { command, rest: args.slice(words.length) };
    }
    return undefined;
  }

  /** Commands whose name starts with the given words (e.g. every `yaml ...` command for `["yaml"]`). */
  under(words: string[]): Command[] {
    if (words.length === 0) return [];
    return this.list().filter((c) => {
      const own = splitName(c.name);
      return own.length > words.length && isPrefix(words, own);
    });
  }
}

function splitName(name: string): string[] {
  return name.split(/\s+/).filter((w) => w !== "");
}

function isPrefix(prefix: string[], of: string[]): boolean {
  return prefix.length <= of.length && prefix.every((w, i) => of[i] === w);
}

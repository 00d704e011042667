import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** What {@link parseCommandArgs} returns: typed option values and the positional arguments. */
export type ParsedArgs<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
>;

/**
 * Parse a command's arguments strictly (unknown options are usage errors) with `node:util` parseArgs.
 * `positionals` bounds how many positional arguments are accepted.
 */
export function parseCommandArgs<T extends Options>(
  args: string[],
  options: T,
  positionals: { min?: number; max?: number } = {},
): ParsedArgs<T> {
  const parsed = strictParse(args, options);
  const count = parsed.positionals.length;
  if (positionals.min !== undefined && count < positionals.min) {
    throw new UsageError(`expected at least ${positionals.min} argument(s), got ${count}`);
  }
  if (positionals.max !== undefined && count > positionals.max) {
    throw new UsageError(`unexpected argument(s): ${parsed.positionals.slice(positionals.max).join(" ")}`);
  }
  return parsed;
}

function strictParse<T extends Options>(args: string[], options: T): ParsedArgs<T> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs' own messages already name the option ("Unknown option '--x'").
    throw new UsageError((err as Error).message, { cause: err });
  }
}

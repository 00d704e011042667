/**
 * Terminal colours for help headings and diffs, with no dependency. Colour is a property of where the
 * text goes: {@link colorEnabled} decides it once per run (in `main`) and commands read the answer from
 * `io.color` through {@link styleOf}.
 */
import type { CommandIO } from "./registry.js";

/** The colours and weights this CLI uses. Each returns its text unchanged when colours are off. */
export interface Style {
  /** Whether the functions below add escape sequences. */
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/** Options of {@link colorEnabled}. */
export interface ColorOptions {
  /** Whether the stream the text goes to is a terminal. */
  isTTY: boolean;
  /** The environment (`NO_COLOR`, `FORCE_COLOR`, `TERM`). */
  env: Record<string, string | undefined>;
  /** `--no-color` was given. */
  noColorFlag?: boolean;
}

/**
 * Whether to colour output: `--no-color` and a non-empty `NO_COLOR` (no-color.org) turn colours off;
 * otherwise `FORCE_COLOR` (any value but `0` or `false`) turns them on; otherwise only on a terminal
 * whose `TERM` is not `dumb`.
 */
export function colorEnabled(options: ColorOptions): boolean {
  const { env } = options;
  if (options.noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return options.isTTY && env.TERM !== "dumb";
}

const sgr = (open: number, close: number) => (text: string) =>
  // Style each line on its own, so a pager or a diff tool that splits lines keeps the colour right.
  text
    .split("\n")
    .map((line) => (line === "" ? line : `\x1b[${open}m${line}\x1b[${close}m`))
    .join("\n");

const plain = (text: string) => text;

/** A {@link Style} that colours when `enabled` and is the identity otherwise. */
export function createStyle(enabled: boolean): Style {
  if (!enabled) {
    return { enabled, bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  }
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

/** The style for what a command writes to standard output (colours as `main` decided them). */
export function styleOf(io: CommandIO): Style {
  return createStyle(io.color ?? false);
}

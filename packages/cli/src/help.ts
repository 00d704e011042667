import type { Command, CommandRegistry } from "./registry.js";
import { createStyle, type Style } from "./style.js";

export const PROGRAM = "gitops-kit";

const PLAIN = createStyle(false);

function table(rows: [string, string][]): string {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join("\n");
}

/** `gitops-kit --help`: every command with its summary, the global options and the exit codes. */
export function globalHelp(registry: CommandRegistry, version: string, style: Style = PLAIN): string {
  const h = style.bold;
  const commands = registry.list();
  const list = commands.length > 0 ? table(commands.map((c) => [c.name, c.summary])) : "  (none yet)";
  return `${PROGRAM} ${version}: the GitOps toolkit (kustomize, Helm, Flux) in-process, from the command line.

${h("Usage:")} ${PROGRAM} <command> [arguments] [options]

${h("Commands:")}
${list}

${h("Options:")}
  -h, --help     Show this help, or a command's help after its name
  --version      Print the version
  --no-color     No colours (also NO_COLOR=1); FORCE_COLOR=1 colours even in a pipe
  -q, --quiet    No progress bars or informational messages on stderr

${h("Exit codes:")} 0 ok, 1 failure (or, for diff, differences found), 2 usage error.

Run '${PROGRAM} <command> --help' for a command's arguments and examples.
`;
}

/** `gitops-kit <command> --help`: usage, summary, description (arguments and options), examples. */
export function commandHelp(command: Command, style: Style = PLAIN): string {
  const h = style.bold;
  const parts = [
    `${h("Usage:")} ${PROGRAM} ${command.name}${command.usage ? ` ${command.usage}` : ""}`,
    command.summary,
  ];
  // A description's own headings ("Options:", "Arguments:") are lines of their own ending in a colon.
  if (command.description) parts.push(command.description.replace(/^[A-Z][A-Za-z ]*:$/gm, (line) => h(line)));
  if (command.examples.length > 0)
    parts.push(`${h("Examples:")}\n${command.examples.map((e) => `  ${e}`).join("\n")}`);
  return `${parts.join("\n\n")}\n`;
}

/** Help for a word that only begins command names, e.g. `gitops-kit yaml`. */
export function groupHelp(words: string[], commands: Command[], style: Style = PLAIN): string {
  const rows = commands.map((c): [string, string] => [c.name, c.summary]);
  return `${style.bold("Usage:")} ${PROGRAM} ${words.join(" ")} <command>\n\n${style.bold("Commands:")}\n${table(rows)}\n`;
}

import type { Command, CommandRegistry } from "./registry.js";

export const PROGRAM = "gitops-kit";

function table(rows: [string, string][]): string {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join("\n");
}

/** `gitops-kit --help`: every command with its summary. */
export function globalHelp(registry: CommandRegistry, version: string): string {
  const commands = registry.list();
  const list = commands.length > 0 ? table(commands.map((c) => [c.name, c.summary])) : "  (none yet)";
  return `${PROGRAM} ${version}: the GitOps toolkit (kustomize, Helm, Flux) in-process, from the command line.

Usage: ${PROGRAM} <command> [arguments] [options]

Commands:
${list}

Options:
  -h, --help     Show this help, or a command's help after its name
  --version      Print the version

Run '${PROGRAM} <command> --help' for a command's arguments and examples.
`;
}

/** `gitops-kit <command> --help`. */
export function commandHelp(command: Command): string {
  const parts = [
    `Usage: ${PROGRAM} ${command.name}${command.usage ? ` ${command.usage}` : ""}`,
    command.summary,
  ];
  if (command.description) parts.push(command.description);
  if (command.examples.length > 0)
    parts.push(`Examples:\n${command.examples.map((e) => `  ${e}`).join("\n")}`);
  return `${parts.join("\n\n")}\n`;
}

/** Help for a word that only begins command names, e.g. `gitops-kit yaml`. */
export function groupHelp(words: string[], commands: Command[]): string {
  const rows = commands.map((c): [string, string] => [c.name, c.summary]);
  return `Usage: ${PROGRAM} ${words.join(" ")} <command>\n\nCommands:\n${table(rows)}\n`;
}

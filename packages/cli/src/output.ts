/**
 * `-o/--output` for every command: objects print as a YAML stream (the default) or a JSON `List`, and
 * results (a revision, a selected tag, the changes a diff found) as text (the default), YAML or JSON.
 */
import { printYaml, printYamlStream } from "@gitops-kit/core";
import { UsageError } from "./errors.js";

/** The values `--output` takes. */
export type OutputFormat = "text" | "yaml" | "json";

/**
 * The `--output` a command was given, checked against the formats it prints; the first one is the
 * default.
 */
export function outputFormat<F extends OutputFormat>(value: string | undefined, formats: readonly F[]): F {
  if (value === undefined) return formats[0];
  if (!(formats as readonly string[]).includes(value)) {
    throw new UsageError(`--output must be ${formats.join(" or ")}, not '${value}'`);
  }
  return value as F;
}

/** Objects as a YAML stream (`---` between documents) or, for `json`, one `v1` `List` as kubectl prints it. */
export function printObjects(objects: readonly unknown[], format: "yaml" | "json"): string {
  if (format === "json") return printJson({ apiVersion: "v1", kind: "List", items: objects });
  return printYamlStream(objects);
}

/** A result as `text` (the command's own rendering), YAML or indented JSON, each ending in a newline. */
export function printResult(result: unknown, format: OutputFormat, text: () => string): string {
  if (format === "json") return printJson(result);
  if (format === "yaml") return printYaml(result);
  return text();
}

/** Two-space indented JSON with a final newline (bigints, which YAML integers may be, as numbers). */
export function printJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? Number(v) : v), 2)}\n`;
}

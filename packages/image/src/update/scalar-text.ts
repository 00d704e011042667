import { isPlainYamlString } from "@gitops-kit/core";

/** How the replaced scalar was written. */
export type ScalarStyle = "PLAIN" | "QUOTE_SINGLE" | "QUOTE_DOUBLE" | "BLOCK_LITERAL" | "BLOCK_FOLDED";

/**
 * The source text for `value` replacing a scalar written in `style`. Quoted scalars keep their quotes.
 * A plain scalar stays plain unless YAML 1.1 would read the new text as something other than a string
 * (`1.10`, `yes`, `~`): then it becomes double-quoted, as Flux does; text that cannot be written plain
 * at all (`a: b`, a leading `*`) is single-quoted, as go-yaml's emitter would. Block scalars become
 * double-quoted (the replacement is a single line).
 */
export function scalarText(value: string, style: ScalarStyle | undefined): string {
  if (style === "QUOTE_SINGLE") return singleQuoted(value);
  if (style === "QUOTE_DOUBLE" || style === "BLOCK_LITERAL" || style === "BLOCK_FOLDED")
    return doubleQuoted(value);
  if (value === "" || !isPlainYamlString(value)) return doubleQuoted(value);
  if (!plainSafe(value)) return /[\n\t\x00-\x1f\x7f]/.test(value) ? doubleQuoted(value) : singleQuoted(value);
  return value;
}

function singleQuoted(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function doubleQuoted(value: string): string {
  let out = '"';
  for (const ch of value) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0").toUpperCase()}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Whether a block-context plain scalar can hold `value` unchanged (YAML 1.2 plain rules). */
function plainSafe(value: string): boolean {
  if (/^[\s]|[\s]$/.test(value)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) {
    // `-`, `?` and `:` may start a plain scalar when followed by a non-space.
    if (!/^[-?:][^\s]/.test(value)) return false;
  }
  if (value.includes(": ") || value.includes(" #") || value.endsWith(":")) return false;
  if (/[\n\t\r\x00-\x1f\x7f\ufeff]/.test(value)) return false;
  if (value.startsWith("---") || value.startsWith("...")) return false;
  return true;
}

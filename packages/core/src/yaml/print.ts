import { GoYamlEmitter, type GoYamlEmitterOptions } from "./emitter.js";

/**
 * Options of {@link printYaml} and {@link printYamlStream}. The defaults reproduce sigs.k8s.io/yaml
 * (JSON → go-yaml v2 `Marshal`): the format of `kubectl kustomize` / `kustomize build` output and of
 * Helm's `toYaml`.
 */
export type PrintYamlOptions = GoYamlEmitterOptions;

/**
 * Print one value as a YAML document, exactly as kustomize and Helm's `toYaml` print it (sigs.k8s.io/yaml:
 * the value goes through JSON, then go-yaml v2's emitter): keys sorted in go-yaml's natural order,
 * 2-space indent, sequences not indented under their key, strings quoted only when YAML 1.1 would
 * read them as another type (`"yes"`, `"1.0"`, `"2001-12-14"`), multi-line strings as `|` blocks, long
 * scalars folded at a space after column 80, `bigint`s printed exactly. The text ends with a newline.
 *
 * Throws a {@link YamlPrintError} for values JSON cannot carry (`NaN`, `Infinity`, cycles, functions) and
 * for strings with characters the YAML reader rejects (DEL, C1 controls except NEL, U+FFFE, U+FFFF),
 * where kustomize fails too.
 *
 * @example printYaml({ b: [1, "on"], a: "x" }) // "a: x\nb:\n- 1\n- \"on\"\n"
 */
export function printYaml(value: unknown, options: PrintYamlOptions = {}): string {
  return new GoYamlEmitter(options).document(value);
}

/**
 * Print documents as one multi-document YAML stream, the way `kubectl kustomize` writes its output:
 * each document as {@link printYaml} prints it, separated by `---` lines (no leading `---`, no
 * trailing separator). An empty list prints as the empty string.
 */
export function printYamlStream(documents: readonly unknown[], options: PrintYamlOptions = {}): string {
  const emitter = new GoYamlEmitter(options);
  let out = "";
  for (let i = 0; i < documents.length; i++) {
    if (i > 0) out += "---\n";
    out += emitter.document(documents[i]);
  }
  return out;
}

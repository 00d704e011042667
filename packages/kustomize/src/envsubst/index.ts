import { EnvsubstError } from "./errors.js";
import { isDefaulting, operationFor } from "./operations.js";
import { type Node, parseEnvsubst } from "./parser.js";
import { type Bytes, concatBytes, decodeUtf8, utf8 } from "./utf8.js";

export { EnvsubstError } from "./errors.js";

/** Options for {@link envsubst}. */
export interface EnvsubstOptions {
  /** The text to substitute in. */
  input: string;
  /** Variable values by name. A name that is absent is unset; an empty string is set (and empty). */
  vars: Readonly<Record<string, string>>;
  /**
   * Strict mode (Flux's `StrictPostBuildSubstitutions`): referring to an unset variable without a
   * defaulting operator (`:-`, `:=`, `=`, `:?`, `:+`) is an error. Off: unset reads as empty.
   */
  strict?: boolean;
}

/**
 * Flux postBuild variable substitution (the fluxcd/pkg fork of drone/envsubst): expands `${VAR}` and the
 * bash-like operators `${VAR:-default}`, `${VAR:=default}`, `${VAR=default}`, `${#VAR}`, `${VAR:pos:len}`,
 * `${VAR/old/new}` (and `//`, `/#`, `/%`), `${VAR#glob}` (and `##`, `%`, `%%`), `${VAR^}` (and `^^`, `,`,
 * `,,`). `$$` is a literal `$`; a bare `$VAR` is left as written; backslashes are kept. Lengths and
 * offsets count UTF-8 bytes, as upstream; bytes that end up not forming valid UTF-8 come out as U+FFFD.
 *
 * The whole input is parsed before anything is evaluated, so a syntax error anywhere wins over a missing
 * variable. Throws {@link EnvsubstError}.
 */
export function envsubst(options: EnvsubstOptions): string {
  const nodes = parseEnvsubst(utf8(options.input));
  const lookup = (name: string): Bytes | undefined =>
    Object.hasOwn(options.vars, name) ? utf8(options.vars[name]) : undefined;
  const strict = options.strict ?? false;

  const evaluate = (node: Node): Bytes => {
    if (node.kind === "text") return node.bytes;
    // Operands are evaluated first, whether or not they end up used.
    const args = node.args.map(evaluate);
    const value = lookup(node.name);
    if (value === undefined && strict && !isDefaulting(node.op)) {
      throw new EnvsubstError(
        "ENVSUBST_UNSET",
        `variable not set (strict mode): ${JSON.stringify(node.name)}`,
        {
          variable: node.name,
        },
      );
    }
    return operationFor(node.op)(value ?? new Uint8Array(0), args);
  };

  return decodeUtf8(concatBytes(nodes.map(evaluate)));
}

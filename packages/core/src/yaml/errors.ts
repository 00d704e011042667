import { GitOpsError } from "../errors.js";

/** Where in a YAML text something went wrong (1-based line and column). */
export interface YamlPosition {
  line: number;
  column: number;
}

/**
 * Malformed YAML, or YAML that kustomize would refuse (duplicate keys, non-string keys in nested maps,
 * an invalid `---` separator line, control characters). `file`, `line` and `column` point at the fault;
 * the message names all three.
 */
export class YamlError extends GitOpsError {
  /** The file name given to the parser (or `<input>`). */
  readonly file: string;
  /** 1-based line of the fault. */
  readonly line: number;
  /** 1-based column of the fault. */
  readonly column: number;
  /** The reason alone, without the position prefix. */
  readonly reason: string;

  constructor(options: { file: string; line: number; column: number; reason: string; cause?: unknown }) {
    super("YAML_PARSE", `${options.file}:${options.line}:${options.column}: ${options.reason}`, options);
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.reason = options.reason;
  }
}

/**
 * A value that the printer cannot write the way kustomize / sigs.k8s.io/yaml would (a non-finite number,
 * a string with characters the YAML reader rejects, a value that is not JSON-like). `path` is a JSON
 * pointer-ish path to the value (`/spec/replicas`).
 */
export class YamlPrintError extends GitOpsError {
  /** Where in the printed value the problem is, e.g. `/spec/template/0`. */
  readonly path: string;

  constructor(options: { path: string; reason: string; cause?: unknown }) {
    super("YAML_PRINT", `cannot print YAML value at ${options.path || "/"}: ${options.reason}`, options);
    this.path = options.path;
  }
}

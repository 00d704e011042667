/**
 * Typed errors of the Helm engine. Messages are Helm's own where Helm has one (so they can be compared with
 * what `helm template` prints), and always name the chart, file, template or value path at fault.
 */
import { errorMessage, GitOpsError } from "@gitops-kit/core";

/**
 * When the failure happened, which decides how `helm template` prints it: errors raised while rendering
 * (template execution, `fail`/`required`, kubeVersion, manifest parsing) get the suffix
 * `Use --debug flag to render out invalid YAML`; earlier ones (loading, values, schema) and later ones
 * (`--show-only` selection) do not.
 */
export type HelmErrorPhase = "load" | "values" | "render" | "output";

/** Base class of every error this package raises. */
export class HelmError extends GitOpsError {
  readonly phase: HelmErrorPhase;

  constructor(code: string, message: string, options: { phase: HelmErrorPhase; cause?: unknown }) {
    super(code, message, { cause: options.cause });
    this.phase = options.phase;
  }
}

/**
 * A chart that cannot be loaded: no or invalid Chart.yaml, unreadable values.yaml, an irregular file, a
 * malformed archive or an archive entry that would leave the chart (code `CHART_UNSAFE_PATH`).
 */
export class ChartLoadError extends HelmError {
  /** The chart file at fault, when there is one (relative to the chart root). */
  readonly file: string | undefined;

  constructor(message: string, options: { code?: string; file?: string; cause?: unknown } = {}) {
    super(options.code ?? "CHART_INVALID", message, { phase: "load", cause: options.cause });
    this.file = options.file;
  }
}

/** A chart (or one of its files) larger than the configured limits (Helm: 100 MiB per chart, 5 MiB per file). */
export class ChartTooLargeError extends HelmError {
  readonly limit: number;

  constructor(message: string, options: { limit: number; cause?: unknown }) {
    super("CHART_TOO_LARGE", message, { phase: "load", cause: options.cause });
    this.limit = options.limit;
  }
}

/** Dependencies that cannot be resolved: missing from charts/, type mismatch on a subchart's values, ... */
export class ChartDependencyError extends HelmError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("CHART_DEPENDENCY", message, { phase: "values", cause: options.cause });
  }
}

/** A values file or `--set` expression that cannot be read. */
export class ValuesError extends HelmError {
  /** The values file or expression at fault. */
  readonly source: string | undefined;

  constructor(message: string, options: { code?: string; source?: string; cause?: unknown } = {}) {
    super(options.code ?? "VALUES_INVALID", message, { phase: "values", cause: options.cause });
    this.source = options.source;
  }
}

/** One schema violation: the JSON pointer of the value and the reason, as Helm's validator words them. */
export interface SchemaViolation {
  /** The chart whose values.schema.json was violated. */
  chart: string;
  /** JSON pointer into that chart's values, e.g. `/replicaCount` (`""` for the values themselves). */
  path: string;
  /** e.g. `got string, want integer`. */
  reason: string;
}

/** Values that do not meet a chart's values.schema.json (message exactly as Helm prints it). */
export class SchemaValidationError extends HelmError {
  readonly violations: readonly SchemaViolation[];

  constructor(message: string, violations: readonly SchemaViolation[]) {
    super("VALUES_SCHEMA", message, { phase: "values" });
    this.violations = violations;
  }
}

/** A values.schema.json that cannot be used (not JSON, not a schema, unsupported reference). */
export class SchemaError extends HelmError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("SCHEMA_INVALID", message, { phase: "values", cause: options.cause });
  }
}

/**
 * A failure while rendering: a template that does not parse or fails to execute (`fail`, `required`, a
 * runtime error), an incompatible kubeVersion, or rendered output that is not valid YAML. The message is
 * Helm's (`execution error at (chart/templates/x.yaml:4:5): ...`, `parse error at (...)`, `YAML parse error
 * on ...`).
 */
export class RenderError extends HelmError {
  /** The template file at fault, e.g. `mychart/templates/deployment.yaml`, when known. */
  readonly template: string | undefined;
  /** 1-based line and column of the failing action in {@link template}, when known. */
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    message: string,
    options: { code?: string; template?: string; line?: number; column?: number; cause?: unknown } = {},
  ) {
    super(options.code ?? "HELM_RENDER", message, { phase: "render", cause: options.cause });
    this.template = options.template;
    this.line = options.line;
    this.column = options.column;
  }
}

/** `--show-only` named a template that produced no manifest. */
export class TemplateNotFoundError extends HelmError {
  constructor(message: string) {
    super("TEMPLATE_NOT_FOUND", message, { phase: "output" });
  }
}

/**
 * What `helm template` prints on standard error for an error raised by this package: `Error: <message>`
 * plus, for rendering errors, Helm's hint about `--debug`.
 */
export function formatHelmError(err: unknown): string {
  const message = errorMessage(err);
  const suffix =
    err instanceof HelmError && err.phase === "render"
      ? "\n\nUse --debug flag to render out invalid YAML"
      : "";
  return `Error: ${message}${suffix}\n`;
}

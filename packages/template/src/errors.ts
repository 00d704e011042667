/**
 * Typed errors of the template engine. Messages are Go's exact texts (`template: main:1:3: executing "main"
 * at <.x>: ...`), so Helm users read what they are used to; `code` and `phase` are stable to switch on.
 */
import { GitOpsError } from "@gitops-kit/core";

/** Where a template failed. */
export type TemplatePhase = "parse" | "exec";

/** Any failure to parse or execute a template. */
export class TemplateError extends GitOpsError {
  /** `parse` for syntax errors, `exec` for errors while executing. */
  readonly phase: TemplatePhase;

  constructor(code: string, phase: TemplatePhase, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.phase = phase;
  }
}

/** A syntax error (`template: NAME:LINE: ...`). Code `TEMPLATE_PARSE`. */
export class TemplateParseError extends TemplateError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("TEMPLATE_PARSE", "parse", message, options);
  }
}

/** An execution error (`template: NAME:LINE:COL: executing "NAME" at <...>: ...`). Code `TEMPLATE_EXEC`. */
export class TemplateExecError extends TemplateError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("TEMPLATE_EXEC", "exec", message, options);
  }
}

/** Which limit a runaway template hit. */
export type TemplateLimit = "depth" | "steps" | "output" | "time";

/**
 * A configured limit was exceeded (nesting depth, step budget, output size, deadline). Code `TEMPLATE_LIMIT`.
 * Never wrapped into `error calling ...`: it always ends the whole execution.
 */
export class TemplateLimitError extends TemplateError {
  readonly limit: TemplateLimit;

  constructor(limit: TemplateLimit, message: string, options: { cause?: unknown } = {}) {
    super("TEMPLATE_LIMIT", "exec", message, options);
    this.limit = limit;
  }
}

/**
 * @gitops-kit/template: Go's text/template, byte-exact, with Go's value model.
 *
 * ```ts
 * import { renderTemplate } from "@gitops-kit/template";
 * renderTemplate({ text: "{{ .name }} has {{ len .items }} items", data: { name: "x", items: [1, 2] } });
 * ```
 *
 * See the package README for the function interface used to add Sprig and Helm functions.
 */
import type { ExecLimits } from "./exec/executor.js";
import type { FuncMap, MissingKeyMode } from "./funcs/types.js";
import { Template, type TemplateOptions } from "./template.js";

export * from "./errors.js";
export { eq, ge, gt, isTrue, le, lt } from "./exec/compare.js";
export { htmlEscape, jsEscape, urlQueryEscape } from "./exec/escape.js";
export { DEFAULT_LIMITS, type ExecLimits } from "./exec/executor.js";
export { formatFloat, formatFloatShortest } from "./fmt/floatfmt.js";
export { compareGoStrings, formatValue, sprint, sprintf, sprintln } from "./fmt/print.js";
export { canBackquote, isPrint, quote, quoteRune, quoteToASCII, unquote } from "./fmt/quote.js";
export { fromJsResult, invokeDirect, toJsArg } from "./funcs/convert.js";
export * from "./funcs/types.js";
export type { Node } from "./parse/nodes.js";
export { nodeString } from "./parse/nodes.js";
export type { ParseTree } from "./parse/parser.js";
export * from "./sprig/index.js";
export * from "./template.js";
export * from "./value/gostring.js";
export * from "./value/types.js";
export * from "./value/values.js";

/** Options for {@link parseTemplate}. */
export interface ParseTemplateOptions extends TemplateOptions {
  /** Template name (appears in error messages). Default `main`. */
  name?: string;
  /** Template source. */
  text: string;
}

/** Parse `text` into a new template set. Throws `TemplateParseError` with Go's message. */
export function parseTemplate(options: ParseTemplateOptions): Template {
  return new Template(options.name ?? "main", options).parse(options.text);
}

/** Options for {@link renderTemplate}. */
export interface RenderTemplateOptions {
  /** Template source. */
  text: string;
  /** The data (dot). */
  data?: unknown;
  /** Template name for error messages. Default `main`. */
  name?: string;
  funcs?: FuncMap;
  missingKey?: MissingKeyMode;
  delims?: { left: string; right: string };
  limits?: ExecLimits;
}

/** Parse and execute in one call. Throws `TemplateError`s with Go's messages. */
export function renderTemplate(options: RenderTemplateOptions): string {
  return parseTemplate({
    name: options.name,
    text: options.text,
    funcs: options.funcs,
    delims: options.delims,
    missingKey: options.missingKey,
    limits: options.limits,
  }).execute({ data: options.data });
}

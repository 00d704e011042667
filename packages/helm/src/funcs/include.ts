/**
 * Helm's `include` and `tpl`, which execute other templates of the set from inside a template.
 *
 * - `include NAME DATA` runs the named template and returns its output as a string (so it can be piped,
 *   unlike `template`). Each name may be nested at most 1000 times at once, as in Helm.
 * - `tpl TEXT DATA` parses TEXT as a template of a copy of the running set (so it sees every `define` and
 *   its own defines stay local), named like the set's root as in Helm, and runs it with missingkey `zero`
 *   (`error` in strict mode) whatever the caller's mode; `<no value>` is removed from its output.
 */
import {
  type CallContext,
  defineContextFunc,
  type FuncMap,
  type MissingKeyMode,
  quote,
  T,
  TemplateError,
  TemplateLimitError,
} from "@gitops-kit/template";

/** How deeply one template name may be included inside itself (Helm's `recursionMaxNums`). */
export const MAX_INCLUDE_NESTING = 1000;

/** Options of {@link includeFuncs}. */
export interface IncludeFuncsOptions {
  /** Name of the set's root template, used in Go's "no template" message. Helm's is `gotpl`. */
  rootName: string;
  /** Helm's `--strict`: `tpl` runs with missingkey `error` instead of `zero`. */
  strict: boolean;
}

/** Thrown for errors Go reports as plain text from inside a function (not template errors). */
function rethrowUnlessTemplateError(err: unknown): void {
  if (!(err instanceof TemplateError) || err instanceof TemplateLimitError) throw err;
}

/** `include` and `tpl`. */
export function includeFuncs(options: IncludeFuncsOptions): FuncMap {
  const nesting = new Map<string, number>();
  const tplMissingKey: MissingKeyMode = options.strict ? "error" : "zero";

  const include = (ctx: CallContext, name: string, data: unknown): string => {
    const depth = nesting.get(name) ?? 0;
    if (depth > MAX_INCLUDE_NESTING) {
      throw new Error(`rendering template has a nested reference name: ${name}: unable to execute template`);
    }
    nesting.set(name, depth + 1);
    try {
      const t = ctx.template.lookup(name);
      if (!t) {
        throw new Error(
          `template: no template ${quote(name)} associated with template ${quote(options.rootName)}`,
        );
      }
      return ctx.execute(t, data);
    } finally {
      nesting.set(name, (nesting.get(name) ?? 1) - 1);
    }
  };

  const tpl = (ctx: CallContext, text: string, data: unknown): string => {
    const set = ctx.template.clone();
    let t: ReturnType<typeof set.new>;
    try {
      t = set.new(options.rootName).parse(text);
    } catch (err) {
      rethrowUnlessTemplateError(err);
      throw new Error(`cannot parse template ${quote(text)}: ${(err as Error).message}`);
    }
    let out: string;
    try {
      out = ctx.execute(t, data, { missingKey: tplMissingKey });
    } catch (err) {
      rethrowUnlessTemplateError(err);
      throw new Error(`error during tpl function execution for ${quote(text)}: ${(err as Error).message}`);
    }
    return out.replaceAll("<no value>", "");
  };

  return {
    include: defineContextFunc({
      params: [T.string, T.any],
      result: T.string,
      returnsError: true,
      fn: include,
    }),
    tpl: defineContextFunc({ params: [T.string, T.any], result: T.string, returnsError: true, fn: tpl }),
  };
}

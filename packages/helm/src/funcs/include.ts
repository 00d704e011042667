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
  type Template,
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
  /**
   * The set's templates do not change while templates execute (a renderer that parses every file before
   * executing any): `tpl` then reuses its copy of the set without re-checking it against the set, which
   * otherwise costs a look at every template on each call.
   */
  stableSet?: boolean;
}

/** Thrown for errors Go reports as plain text from inside a function (not template errors). */
function rethrowUnlessTemplateError(err: unknown): void {
  if (!(err instanceof TemplateError) || err instanceof TemplateLimitError) throw err;
}

/** Text that may add templates to the set it is parsed in (`define`, `block`); conservative. */
const MAY_DEFINE = /\b(?:define|block)\b/;

/**
 * The copies of template sets `tpl` parses into. Copying a set costs a copy of its function map (Sprig has
 * about 200 functions), so a copy is reused by later `tpl` calls from the same template when their text
 * cannot define templates: such a copy only ever differs from its set by the tpl template itself, which each
 * parse replaces. A copy is dropped as soon as the set's templates change.
 */
class SetCopies {
  private readonly copies = new WeakMap<Template, Template>();
  constructor(
    private readonly rootName: string,
    private readonly stableSet: boolean,
  ) {}

  copyFor(parent: Template, text: string): Template {
    if (MAY_DEFINE.test(text)) return parent.clone();
    const cached = this.copies.get(parent);
    if (cached && (this.stableSet || this.isCurrent(parent, cached))) return cached;
    const fresh = parent.clone();
    this.copies.set(parent, fresh);
    return fresh;
  }

  private isCurrent(parent: Template, copy: Template): boolean {
    const templates = parent.templates();
    for (const t of templates) {
      if (t.name !== this.rootName && copy.lookup(t.name)?.tree !== t.tree) return false;
    }
    const extra = copy.templates().length - templates.length;
    return extra === 0 || (extra === 1 && !parent.lookup(this.rootName));
  }
}

/** `include` and `tpl`. */
export function includeFuncs(options: IncludeFuncsOptions): FuncMap {
  const nesting = new Map<string, number>();
  const tplMissingKey: MissingKeyMode = options.strict ? "error" : "zero";
  const copies = new SetCopies(options.rootName, options.stableSet ?? false);

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
    const set = copies.copyFor(ctx.template, text);
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

/**
 * Template sets, shaped like Go's text/template.Template: a template has a name and belongs to a set of
 * associated templates that can `{{template}}` each other; functions and options are shared by the set.
 */
import { errorMessage, ValidationError } from "@gitops-kit/core";
import { TemplateExecError, TemplateParseError } from "./errors.js";
import { BUILTIN_NAMES, type ExecLimits, executeTemplate } from "./exec/executor.js";
import { quote } from "./fmt/quote.js";
import type { FuncDef, FuncMap, MissingKeyMode } from "./funcs/types.js";
import { isEmptyTree } from "./parse/nodes.js";
import { ParseFailure, type ParseTree, parseTrees } from "./parse/parser.js";

/** Options shared by a template set. */
export interface TemplateOptions {
  /** Functions available to the set (added to earlier ones; same names replace). */
  funcs?: FuncMap;
  /** Action delimiters; empty strings mean the defaults `{{` and `}}`. */
  delims?: { left: string; right: string };
  /** Default missingkey mode for executions (Go's `Option("missingkey=...")`). Default `default`. */
  missingKey?: MissingKeyMode;
  /** Default execution limits. */
  limits?: ExecLimits;
}

/** Options for {@link Template.execute}. */
export interface ExecuteOptions {
  /** The data (dot) the template runs on. */
  data?: unknown;
  /** Override the set's missingkey mode for this execution. */
  missingKey?: MissingKeyMode;
  /** Override the set's limits for this execution. */
  limits?: ExecLimits;
}

interface Common {
  templates: Map<string, Template>;
  funcs: Map<string, FuncDef>;
  missingKey: MissingKeyMode;
  limits: ExecLimits;
}

const VALID_NAME = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

/** A named template in a set of associated templates. Parse once, execute many times. */
export class Template {
  /** The parse tree, once parsed. */
  tree: ParseTree | null = null;
  private common: Common;
  private leftDelim = "";
  private rightDelim = "";

  /** A new, empty template set whose first template is `name`. */
  constructor(
    readonly name: string,
    options: TemplateOptions = {},
  ) {
    this.common = { templates: new Map(), funcs: new Map(), missingKey: "default", limits: {} };
    if (options.funcs) this.funcs(options.funcs);
    if (options.delims) this.delims(options.delims.left, options.delims.right);
    if (options.missingKey) this.common.missingKey = options.missingKey;
    if (options.limits) this.common.limits = { ...options.limits };
  }

  /** A new template associated with this one (same set, functions and delimiters), like Go's `t.New(name)`. */
  new(name: string): Template {
    const t = Object.create(Template.prototype) as Template;
    Object.assign(t, {
      name,
      tree: null,
      common: this.common,
      leftDelim: this.leftDelim,
      rightDelim: this.rightDelim,
    });
    return t;
  }

  /** Add functions to the set. Names must be Go identifiers. Returns `this`. */
  funcs(map: FuncMap): this {
    for (const [name, def] of Object.entries(map)) {
      if (!VALID_NAME.test(name))
        throw new ValidationError(`function name ${quote(name)} is not a valid identifier`);
      if (typeof def?.fn !== "function" || !Array.isArray(def.params) || !def.result) {
        throw new ValidationError(`value for ${name} is not a function definition (FuncDef)`);
      }
      this.common.funcs.set(name, def);
    }
    return this;
  }

  /** Set the action delimiters for subsequent `parse` calls; empty strings restore `{{` / `}}`. Returns `this`. */
  delims(left: string, right: string): this {
    this.leftDelim = left;
    this.rightDelim = right;
    return this;
  }

  /** Go's `Option("missingkey=zero")` etc. Returns `this`. */
  option(...opts: string[]): this {
    for (const opt of opts) {
      const m = /^missingkey=(default|invalid|zero|error)$/.exec(opt);
      if (!m) throw new ValidationError(`unrecognized option: ${opt}`);
      this.common.missingKey = m[1] as MissingKeyMode;
    }
    return this;
  }

  /** The set's default missingkey mode. */
  get missingKey(): MissingKeyMode {
    return this.common.missingKey;
  }

  /**
   * Parse `text` as the body of this template; `{{define}}`/`{{block}}` add templates to the set. Throws
   * {@link TemplateParseError} with Go's message. Returns `this`.
   */
  parse(text: string): this {
    let trees: Map<string, ParseTree>;
    try {
      trees = parseTrees({
        name: this.name,
        text,
        leftDelim: this.leftDelim,
        rightDelim: this.rightDelim,
        hasFunction: (fn) => this.common.funcs.has(fn) || BUILTIN_NAMES.has(fn),
      });
    } catch (err) {
      if (err instanceof ParseFailure) throw new TemplateParseError(err.message, { cause: err });
      // A bug in the parser: still a template failure, never a crash.
      const detail = errorMessage(err);
      throw new TemplateParseError(`template: ${this.name}: internal error: ${detail}`, { cause: err });
    }
    for (const [name, tree] of trees) this.addParseTree(name, tree);
    return this;
  }

  /**
   * Associate a parse tree with `name` in the set (Go's AddParseTree): an empty tree does not replace an
   * existing template of that name. Returns the template for `name`.
   */
  addParseTree(name: string, tree: ParseTree): Template {
    const nt = name === this.name ? this : (this.common.templates.get(name) ?? this.new(name));
    const old = this.common.templates.get(name);
    if (old?.tree && isEmptyTree(tree.root)) {
      if (!nt.tree) nt.tree = tree;
      return nt;
    }
    this.common.templates.set(name, nt);
    nt.tree = tree;
    return nt;
  }

  /** The template of the set with this name, if it has been parsed or added. */
  lookup(name: string): Template | undefined {
    return this.common.templates.get(name);
  }

  /** All templates of the set. */
  templates(): Template[] {
    return [...this.common.templates.values()];
  }

  /** `; defined templates are: "a", "b"` (empty when none), as Go's DefinedTemplates. */
  definedTemplates(): string {
    const names = this.templates()
      .filter((t) => t.tree !== null)
      .map((t) => quote(t.name));
    return names.length === 0 ? "" : `; defined templates are: ${names.join(", ")}`;
  }

  /** A copy of the whole set (sharing parse trees); later changes to either do not affect the other. */
  clone(): Template {
    const common: Common = {
      templates: new Map(),
      funcs: new Map(this.common.funcs),
      missingKey: this.common.missingKey,
      limits: { ...this.common.limits },
    };
    const copyOf = (t: Template): Template => {
      const c = Object.create(Template.prototype) as Template;
      Object.assign(c, {
        name: t.name,
        tree: t.tree,
        common,
        leftDelim: t.leftDelim,
        rightDelim: t.rightDelim,
      });
      return c;
    };
    const root = copyOf(this);
    for (const [name, t] of this.common.templates) common.templates.set(name, t === this ? root : copyOf(t));
    return root;
  }

  /** The function registered under `name` in this set (builtins excluded). */
  findFunc(name: string): FuncDef | undefined {
    return this.common.funcs.get(name);
  }

  /** Execute this template and return the output. Throws `TemplateError`s with Go's messages. */
  execute(options: ExecuteOptions = {}): string {
    return executeTemplate({
      template: this,
      data: options.data,
      missingKey: options.missingKey ?? this.common.missingKey,
      limits: { ...this.common.limits, ...options.limits },
    });
  }

  /** Execute the template `name` of this set (Go's ExecuteTemplate). */
  executeTemplate(options: ExecuteOptions & { name: string }): string {
    const t = this.lookup(options.name);
    if (!t) {
      throw new TemplateExecError(
        `template: no template ${quote(options.name)} associated with template ${quote(this.name)}`,
      );
    }
    return t.execute(options);
  }
}

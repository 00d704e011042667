/**
 * Template execution with Go's semantics: walks the parse tree, evaluates pipelines against the Go value
 * model, checks and converts function arguments like reflect.Call, and reports errors with Go's texts.
 * Runaway templates are stopped by the limits in {@link ExecLimits}.
 */
import { TemplateError, TemplateExecError, TemplateLimitError } from "../errors.js";
import { sortedMapEntries } from "../fmt/mapsort.js";
import { compareGoStrings, FormatDepthError, formatValue } from "../fmt/print.js";
import { quote } from "../fmt/quote.js";
import { fromJsResult, invokeDirect, toJsArg } from "../funcs/convert.js";
import type { CallContext, FuncDef, MissingKeyMode, NestedExecOptions } from "../funcs/types.js";
import {
  type ArgNode,
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type Node,
  type NumberNode,
  nodeString,
  type PipeNode,
  type TemplateNode,
  type VariableNode,
} from "../parse/nodes.js";
import type { Template } from "../template.js";
import { byteLength } from "../value/gostring.js";
import { canBeNil, fieldPath, type GoType, T } from "../value/types.js";
import {
  GoComplex,
  GoFloat,
  GoFunc,
  GoInt,
  GoMap,
  GoNil,
  GoPointer,
  goTypeName,
  makeInt,
  mapGet,
  typeOf,
  zeroValue,
} from "../value/values.js";
import { builtinFuncs, truth } from "./builtins.js";
import { isTrue } from "./compare.js";

/** Limits that stop runaway templates with a {@link TemplateLimitError}. */
export interface ExecLimits {
  /** Maximum nesting of `{{template}}` calls and nested executions (Go's limit is 100000). */
  maxDepth?: number;
  /** Maximum number of evaluation steps (actions, commands, function calls). Default 50 million. */
  maxSteps?: number;
  /** Maximum output length in UTF-16 code units, nested executions included. Default 256 MiB. */
  maxOutputLength?: number;
  /** Wall-clock budget in milliseconds for the whole execution. Default: none. */
  timeoutMs?: number;
}

/** Default limits. */
export const DEFAULT_LIMITS: Required<Omit<ExecLimits, "timeoutMs">> & { timeoutMs: number | undefined } = {
  maxDepth: 100000,
  maxSteps: 50_000_000,
  maxOutputLength: 256 * 1024 * 1024,
  timeoutMs: undefined,
};

interface Budget {
  steps: number;
  maxSteps: number;
  output: number;
  maxOutput: number;
  deadline: number;
  maxDepth: number;
  rootName: string;
}

const MISSING = Symbol("missing");
type Final = unknown | typeof MISSING;

enum Signal {
  None,
  Break,
  Continue,
}

const BUILTINS = builtinFuncs((fn, args) => invokeDirect(fn.def, args));

/** Names of the builtin functions (for the parser's "function not defined" check). */
export const BUILTIN_NAMES: ReadonlySet<string> = new Set(Object.keys(BUILTINS));

/** Find a function: the set's own functions first, then the builtins. */
function findFunction(tmpl: Template, name: string): { def: FuncDef; builtin: boolean } | undefined {
  const own = tmpl.findFunc(name);
  if (own) return { def: own, builtin: false };
  const b = BUILTINS[name];
  return b ? { def: b, builtin: true } : undefined;
}

/** Options for {@link executeTemplate}. */
export interface RunOptions {
  template: Template;
  data: unknown;
  missingKey: MissingKeyMode;
  limits?: ExecLimits;
}

/** Execute a template and return its output. Throws {@link TemplateError}s. */
export function executeTemplate(options: RunOptions): string {
  const limits = { ...DEFAULT_LIMITS, ...stripUndefined(options.limits ?? {}) };
  const budget: Budget = {
    steps: 0,
    maxSteps: limits.maxSteps,
    output: 0,
    maxOutput: limits.maxOutputLength,
    deadline: limits.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + limits.timeoutMs,
    maxDepth: limits.maxDepth,
    rootName: options.template.name,
  };
  const state = new ExecState(options.template, budget, normalizeMissingKey(options.missingKey), 0);
  return state.run(options.data);
}

function stripUndefined<O extends object>(o: O): Partial<O> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<O>;
}

function normalizeMissingKey(m: MissingKeyMode): MissingKeyMode {
  return m === "invalid" ? "default" : m;
}

interface Var {
  name: string;
  value: unknown;
  /** The value sits in an interface{} slot (matters only for Go's wording of some errors). */
  iface: boolean;
}

class ExecState {
  private chunks: string[] = [];
  node: Node | null = null;
  vars: Var[] = [];
  /** Whether the last value produced by a field/function evaluation has static type interface{}. */
  lastIface = false;

  constructor(
    public tmpl: Template,
    private readonly budget: Budget,
    private readonly missingKey: MissingKeyMode,
    public depth: number,
  ) {}

  run(data: unknown): string {
    const value = data === null ? undefined : data;
    this.vars = [{ name: "$", value, iface: false }];
    try {
      const tree = this.tmpl.tree;
      if (!tree) this.errorf(`${goQuote(this.tmpl.name)} is an incomplete or empty template`);
      this.walk(value, false, tree.root);
    } catch (err) {
      throw this.normalizeError(err);
    }
    return this.chunks.join("");
  }

  private normalizeError(err: unknown): unknown {
    if (err instanceof TemplateError) return err;
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      return new TemplateLimitError(
        "depth",
        `template: ${this.budget.rootName}: exceeded maximum template depth (stack exhausted)`,
        { cause: err },
      );
    }
    if (err instanceof FormatDepthError) {
      return new TemplateExecError(`template: ${this.tmpl.name}: ${err.message}`, { cause: err });
    }
    // Anything else is a bug in the engine; still report it as a template failure rather than crash.
    const detail = err instanceof Error ? err.message : String(err);
    return new TemplateExecError(`template: ${this.tmpl.name}: internal error: ${detail}`, { cause: err });
  }

  // --- errors and limits ---------------------------------------------------------

  at(node: Node): void {
    this.node = node;
  }

  errorf(msg: string): never {
    const name = this.tmpl.name;
    if (this.node === null) throw new TemplateExecError(`template: ${name}: ${msg}`);
    const { location, context } = errorContext(this.node);
    throw new TemplateExecError(`template: ${location}: executing ${goQuote(name)} at <${context}>: ${msg}`);
  }

  private step(): void {
    const b = this.budget;
    if (++b.steps > b.maxSteps) {
      throw new TemplateLimitError(
        "steps",
        `template: ${this.tmpl.name}: execution exceeded the budget of ${b.maxSteps} steps`,
      );
    }
    if ((b.steps & 1023) === 0 && b.deadline !== Number.POSITIVE_INFINITY && Date.now() > b.deadline) {
      throw new TemplateLimitError("time", `template: ${this.tmpl.name}: execution exceeded its time budget`);
    }
  }

  private write(s: string): void {
    if (s.length === 0) return;
    const b = this.budget;
    b.output += s.length;
    if (b.output > b.maxOutput) {
      throw new TemplateLimitError(
        "output",
        `template: ${this.tmpl.name}: output exceeds the limit of ${b.maxOutput} characters`,
      );
    }
    this.chunks.push(s);
  }

  // --- variables -----------------------------------------------------------------

  private push(name: string, value: unknown, iface: boolean): void {
    this.vars.push({ name, value, iface });
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        this.vars[i].iface = false;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varRef(name: string): Var {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i];
    this.errorf(`undefined variable: ${name}`);
  }

  // --- walking -------------------------------------------------------------------

  private walk(dot: unknown, dotIface: boolean, node: Node): Signal {
    this.at(node);
    this.step();
    switch (node.type) {
      case "action": {
        const val = this.evalPipeline(dot, dotIface, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return Signal.None;
      }
      case "break":
        return Signal.Break;
      case "continue":
        return Signal.Continue;
      case "comment":
        return Signal.None;
      case "if":
      case "with":
        return this.walkIfOrWith(dot, dotIface, node);
      case "list":
        for (const n of node.nodes) {
          const sig = this.walk(dot, dotIface, n);
          if (sig !== Signal.None) return sig;
        }
        return Signal.None;
      case "range":
        this.walkRange(dot, dotIface, node);
        return Signal.None;
      case "template":
        this.walkTemplate(dot, dotIface, node);
        return Signal.None;
      case "text":
        this.write(node.text);
        return Signal.None;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private walkIfOrWith(dot: unknown, dotIface: boolean, node: BranchNode): Signal {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, dotIface, node.pipe);
      const t = isTrue(val);
      if (t === undefined) this.errorf(`if/with can't use ${formatValue(val)}`);
      if (t) {
        return node.type === "with" ? this.walk(val, false, node.list) : this.walk(dot, dotIface, node.list);
      }
      if (node.elseList) return this.walk(dot, dotIface, node.elseList);
      return Signal.None;
    } finally {
      if (this.vars.length !== mark) this.vars.length = mark;
    }
  }

  private walkRange(dot: unknown, dotIface: boolean, r: BranchNode): void {
    this.at(r);
    const mark0 = this.vars.length;
    try {
      let val = this.evalPipeline(dot, dotIface, r.pipe);
      while (val instanceof GoPointer) val = val.target;
      const mark = this.vars.length;
      const ndecl = r.pipe.decl.length;
      const vars = this.vars;
      const elemVar = ndecl > 0 ? vars[mark - 1] : undefined;
      const indexVar = ndecl > 1 ? vars[mark - 2] : undefined;
      if (Array.isArray(val) || val instanceof Uint8Array) {
        if (val.length > 0) {
          const bytes = val instanceof Uint8Array;
          const elemIface = !bytes && (typeOf(val)?.elem ?? T.any).kind === "interface";
          for (let i = 0; i < val.length; i++) {
            const elem = bytes ? new GoInt(T.uint8, BigInt(val[i])) : val[i];
            if (elemVar) {
              elemVar.value = elem;
              elemVar.iface = elemIface;
            }
            if (indexVar) {
              indexVar.value = makeIndex(i);
              indexVar.iface = false;
            }
            const sig = this.walk(elem, elemIface, r.list);
            if (vars.length !== mark) vars.length = mark;
            if (sig === Signal.Break) break;
          }
          return;
        }
      } else if (val instanceof GoMap) {
        if (val.size > 0) {
          const keyIface = (val.type.key as GoType).kind === "interface";
          const elemIface = (val.type.elem as GoType).kind === "interface";
          const [keys, values] = sortedMapEntries(val);
          for (let i = 0; i < keys.length; i++) {
            if (elemVar) {
              elemVar.value = values[i];
              elemVar.iface = elemIface;
            }
            if (indexVar) {
              indexVar.value = keys[i];
              indexVar.iface = keyIface;
            }
            const sig = this.walk(values[i], elemIface, r.list);
            if (vars.length !== mark) vars.length = mark;
            if (sig === Signal.Break) break;
          }
          return;
        }
      } else if (typeOf(val)?.kind === "map") {
        const m = val as Record<string, unknown>;
        const keys = Object.keys(m);
        if (keys.length > 0) {
          const elemIface = (typeOf(val)?.elem ?? T.any).kind === "interface";
          keys.sort(compareGoStrings);
          for (const k of keys) {
            if (elemVar) {
              elemVar.value = m[k];
              elemVar.iface = elemIface;
            }
            if (indexVar) {
              indexVar.value = k;
              indexVar.iface = false;
            }
            const sig = this.walk(m[k], elemIface, r.list);
            if (vars.length !== mark) vars.length = mark;
            if (sig === Signal.Break) break;
          }
          return;
        }
      } else if (val !== undefined) {
        this.errorf(`range can't iterate over ${formatValue(val)}`);
      }
      if (r.elseList) this.walk(dot, dotIface, r.elseList);
    } finally {
      if (this.vars.length !== mark0) this.vars.length = mark0;
    }
  }

  private walkTemplate(dot: unknown, dotIface: boolean, t: TemplateNode): void {
    this.at(t);
    const tmpl = this.tmpl.lookup(t.name);
    if (!tmpl?.tree) this.errorf(`template ${goQuote(t.name)} not defined`);
    if (this.depth >= this.budget.maxDepth)
      this.errorf(`exceeded maximum template depth (${this.budget.maxDepth})`);
    const newDot = this.evalPipeline(dot, dotIface, t.pipe);
    const savedTmpl = this.tmpl;
    const savedVars = this.vars;
    this.tmpl = tmpl;
    this.vars = [{ name: "$", value: newDot, iface: false }];
    this.depth++;
    try {
      this.walk(newDot, false, tmpl.tree.root);
    } finally {
      this.depth--;
      this.tmpl = savedTmpl;
      this.vars = savedVars;
    }
  }

  // --- evaluation ------------------------------------------------------------------

  private evalPipeline(dot: unknown, dotIface: boolean, pipe: PipeNode | null): unknown {
    if (pipe === null) return undefined;
    this.at(pipe);
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, dotIface, cmd, value);
      // A value in an interface{} slot is replaced by what it holds; a nil interface becomes "no value".
      if (value === null) value = undefined;
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0], value);
      else this.push(v.ident[0], value, false);
    }
    return value;
  }

  private notAFunction(args: ArgNode[] | null, final: Final): void {
    if ((args !== null && args.length > 1) || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString(args![0])}`);
    }
  }

  private evalCommand(dot: unknown, dotIface: boolean, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0];
    switch (first.type) {
      case "field":
        return this.evalFieldNode(dot, dotIface, first, cmd.args, final);
      case "chain":
        return this.evalChainNode(dot, dotIface, first, cmd.args, final);
      case "identifier":
        return this.evalFunction(dot, dotIface, first, cmd, cmd.args, final);
      case "pipe":
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, dotIface, first);
      case "variable":
        return this.evalVariableNode(dot, dotIface, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case "bool":
        return first.value;
      case "dot":
        return dot;
      case "nil":
        this.errorf("nil is not a command");
        break;
      case "number":
        return this.idealConstant(first);
      case "string":
        return first.text;
    }
    this.errorf(`can't evaluate command ${goQuote(nodeString(first))}`);
  }

  private idealConstant(n: NumberNode): unknown {
    this.at(n);
    if (n.isComplex) return new GoComplex(T.complex128, n.complex[0], n.complex[1]);
    if (n.isFloat && !isHexInt(n.text) && !isRuneInt(n.text) && /[.eEpP]/.test(n.text)) return n.float64;
    if (n.isInt) return makeInt(T.int, n.int64);
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(
    dot: unknown,
    dotIface: boolean,
    field: FieldNode,
    args: ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(field);
    return this.evalFieldChain(dot, dotIface, dot, dotIface, field, field.ident, args, final);
  }

  private evalChainNode(
    dot: unknown,
    dotIface: boolean,
    chain: ChainNode,
    args: ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(chain);
    if (chain.field.length === 0) this.errorf("internal error: no fields in evalChainNode");
    if (chain.node.type === "nil") this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    this.lastIface = false;
    const pipe = this.evalArg(dot, dotIface, null, chain.node);
    return this.evalFieldChain(dot, dotIface, pipe, this.lastIface, chain, chain.field, args, final);
  }

  private evalVariableNode(
    dot: unknown,
    dotIface: boolean,
    variable: VariableNode,
    args: ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(variable);
    const ref = this.varRef(variable.ident[0]);
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      this.lastIface = ref.iface;
      return ref.value;
    }
    return this.evalFieldChain(
      dot,
      dotIface,
      ref.value,
      ref.iface,
      variable,
      variable.ident.slice(1),
      args,
      final,
    );
  }

  private evalFieldChain(
    dot: unknown,
    dotIface: boolean,
    receiver0: unknown,
    receiverIface0: boolean,
    node: Node,
    ident: string[],
    args: ArgNode[] | null,
    final: Final,
  ): unknown {
    let receiver = receiver0;
    let iface = receiverIface0;
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) {
      receiver = this.evalField(dot, dotIface, ident[i], node, null, MISSING, receiver, iface);
      iface = this.lastIface;
    }
    return this.evalField(dot, dotIface, ident[n - 1], node, args, final, receiver, iface);
  }

  private evalFunction(
    dot: unknown,
    dotIface: boolean,
    node: IdentifierNode,
    cmd: Node,
    args: ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(node);
    const name = node.ident;
    const found = findFunction(this.tmpl, name);
    if (!found) this.errorf(`${goQuote(name)} is not a defined function`);
    return this.evalCall(dot, dotIface, found.def, found.builtin, cmd, name, args, final, NO_RECEIVER);
  }

  private evalField(
    dot: unknown,
    dotIface: boolean,
    fieldName: string,
    node: Node,
    args: ArgNode[] | null,
    final: Final,
    receiver0: unknown,
    receiverIface: boolean,
  ): unknown {
    this.lastIface = false;
    if (receiver0 === undefined) {
      if (this.missingKey === "error") this.errorf(`nil data; no entry for key ${goQuote(fieldName)}`);
      return undefined;
    }
    const typName = receiverIface || receiver0 === null ? "interface {}" : goTypeName(receiver0);
    if (receiver0 === null) this.errorf(`nil pointer evaluating ${typName}.${fieldName}`);
    // Methods are looked up on the value (through pointers), before fields and map keys.
    let receiver = receiver0;
    let t = typeOf(receiver);
    let method = t?.methods?.get(fieldName);
    while (!method && receiver instanceof GoPointer) {
      receiver = receiver.target;
      t = typeOf(receiver);
      method = t?.methods?.get(fieldName);
    }
    if (method) return this.evalCall(dot, dotIface, method, false, node, fieldName, args, final, receiver);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (t?.kind === "map") {
      const keyType = t?.key ?? T.string;
      // Go looks a field name up as a key only when a string is assignable to the key type.
      if (receiver instanceof GoMap ? keyType === T.string : keyType.kind === "string") {
        if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
        const elemType = t?.elem ?? T.any;
        let result =
          receiver instanceof GoMap ? receiver.get(fieldName) : mapGet(receiver as object, fieldName);
        if (result === undefined) {
          if (this.missingKey === "zero") result = zeroValue(elemType);
          else if (this.missingKey === "error") this.errorf(`map has no entry for key ${goQuote(fieldName)}`);
        }
        this.lastIface = elemType.kind === "interface";
        return result;
      }
    } else if (t?.kind === "struct") {
      const path = fieldPath(t, fieldName);
      if (path) {
        const field = path[path.length - 1];
        if (!/^\p{Lu}/u.test(fieldName))
          this.errorf(`${fieldName} is an unexported field of struct type ${typName}`);
        let value: unknown = receiver;
        for (let k = 0; k < path.length; k++) {
          if (k > 0) {
            // Through an embedded pointer to the struct holding the next field.
            while (value instanceof GoPointer) value = value.target;
            if (value instanceof GoNil)
              this.errorf(
                `reflect: indirection through nil pointer to embedded struct field ${path[k - 1].name}`,
              );
          }
          value = (value as Record<string, unknown>)[path[k].name];
        }
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        this.lastIface = field.type.kind === "interface";
        return value;
      }
    } else if (receiver instanceof GoNil && t?.kind === "ptr") {
      const et = t.elem;
      if (et?.kind !== "struct" || et.fields?.some((f) => f.name === fieldName)) {
        this.errorf(`nil pointer evaluating ${typName}.${fieldName}`);
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typName}`);
  }

  private evalCall(
    dot: unknown,
    dotIface: boolean,
    fun: FuncDef,
    isBuiltin: boolean,
    node: Node,
    name: string,
    args0: ArgNode[] | null,
    final: Final,
    receiver: unknown,
  ): unknown {
    this.step();
    // args0 includes the function's own node at index 0.
    const nArgs = args0 === null ? 0 : args0.length - 1;
    const params = fun.params;
    const nParams = params.length;
    const numIn = nArgs + (final !== MISSING ? 1 : 0);
    let numFixed = nArgs;
    if (fun.variadic) {
      numFixed = nParams - 1;
      if (numIn < numFixed) {
        this.errorf(`wrong number of args for ${name}: want at least ${nParams - 1} got ${nArgs}`);
      }
    } else if (numIn !== nParams) {
      this.errorf(`wrong number of args for ${name}: want ${nParams} got ${numIn}`);
    }

    if (isBuiltin && (name === "and" || name === "or")) {
      const argType = params[0];
      let v: unknown;
      for (let k = 1; k <= nArgs; k++) {
        v = this.evalArg(dot, dotIface, argType, args0![k]);
        if (truth(v) === (name === "or")) {
          this.lastIface = false;
          return v;
        }
      }
      if (final !== MISSING) v = this.validateType(final, argType);
      this.lastIface = false;
      return v;
    }

    const argv: unknown[] = new Array(numIn);
    let i = 0;
    for (; i < numFixed && i < nArgs; i++) argv[i] = this.evalArg(dot, dotIface, params[i], args0![i + 1]);
    if (fun.variadic) {
      const argType = params[nParams - 1];
      for (; i < nArgs; i++) argv[i] = this.evalArg(dot, dotIface, argType, args0![i + 1]);
    }
    if (final !== MISSING) {
      let t = params[nParams - 1];
      if (fun.variadic && numIn - 1 < numFixed) t = params[numIn - 1];
      argv[i] = this.validateType(final, t);
    }
    const jsArgs: unknown[] = [];
    if (fun.needsContext) jsArgs.push(this.callContext(name));
    if (receiver !== NO_RECEIVER) jsArgs.push(receiver);
    for (let k = 0; k < argv.length; k++) {
      const pt = fun.variadic && k >= nParams - 1 ? params[nParams - 1] : params[k];
      jsArgs.push(toJsArg(argv[k], pt));
    }
    let result: unknown;
    try {
      result = fun.fn(...jsArgs);
    } catch (err) {
      if (err instanceof TemplateLimitError) throw err;
      if (err instanceof RangeError && /call stack/i.test(err.message)) throw this.normalizeError(err);
      this.at(node);
      this.errorf(`error calling ${name}: ${errorMessage(err)}`);
    }
    this.lastIface = fun.result.kind === "interface";
    return fromJsResult(result, fun.result);
  }

  private callContext(name: string): CallContext {
    const state = this;
    return {
      template: this.tmpl,
      name,
      missingKey: this.missingKey,
      execute(template: Template, data: unknown, options?: NestedExecOptions): string {
        if (state.depth + 1 > state.budget.maxDepth) {
          state.errorf(`exceeded maximum template depth (${state.budget.maxDepth})`);
        }
        const nested = new ExecState(
          template,
          state.budget,
          normalizeMissingKey(options?.missingKey ?? state.missingKey),
          state.depth + 1,
        );
        return nested.run(data);
      },
    };
  }

  // --- arguments -------------------------------------------------------------------

  private validateType(value: unknown, typ: GoType | null): unknown {
    if (value === undefined) {
      if (typ === null) return undefined;
      if (canBeNil(typ)) return zeroValue(typ);
      this.errorf(`invalid value; expected ${typ.name}`);
    }
    if (typ === null || typ.kind === "reflectValue" || typ.kind === "interface") return value;
    const vt = typeOf(value);
    if (vt === typ) return value;
    if (value instanceof GoPointer && typeOf(value.target) === typ) return value.target;
    this.errorf(`wrong type for value; expected ${typ.name}; got ${vt ? vt.name : "interface {}"}`);
  }

  private evalArg(dot: unknown, dotIface: boolean, typ: GoType | null, n: ArgNode): unknown {
    this.at(n);
    switch (n.type) {
      case "dot":
        this.lastIface = dotIface;
        return this.validateType(dot, typ);
      case "nil":
        if (typ !== null && canBeNil(typ)) return zeroValue(typ);
        this.errorf(`cannot assign nil to ${typ ? typ.name : "<nil>"}`);
        break;
      case "field":
        return this.validateType(this.evalFieldNode(dot, dotIface, n, [n], MISSING), typ);
      case "variable":
        return this.validateType(this.evalVariableNode(dot, dotIface, n, null, MISSING), typ);
      case "pipe":
        this.lastIface = false;
        return this.validateType(this.evalPipeline(dot, dotIface, n), typ);
      case "identifier":
        return this.validateType(this.evalFunction(dot, dotIface, n, n, null, MISSING), typ);
      case "chain":
        return this.validateType(this.evalChainNode(dot, dotIface, n, null, MISSING), typ);
    }
    const t = typ!;
    switch (t.kind) {
      case "bool":
        if (n.type === "bool") return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
        break;
      case "complex64":
      case "complex128":
        if (n.type === "number" && n.isComplex) return new GoComplex(t, n.complex[0], n.complex[1]);
        this.errorf(`expected complex; found ${nodeString(n)}`);
        break;
      case "float32":
        if (n.type === "number" && n.isFloat) return new GoFloat(t, Math.fround(n.float64));
        this.errorf(`expected float; found ${nodeString(n)}`);
        break;
      case "float64":
        if (n.type === "number" && n.isFloat) return n.float64;
        this.errorf(`expected float; found ${nodeString(n)}`);
        break;
      case "int":
      case "int8":
      case "int16":
      case "int32":
      case "int64":
        if (n.type === "number" && n.isInt) return makeInt(t, n.int64);
        this.errorf(`expected integer; found ${nodeString(n)}`);
        break;
      case "uint":
      case "uint8":
      case "uint16":
      case "uint32":
      case "uint64":
      case "uintptr":
        if (n.type === "number" && n.isUint) return makeInt(t, n.uint64);
        this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
        break;
      case "string":
        if (n.type === "string") return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
        break;
      case "interface":
        if (t === T.any) return this.evalEmptyInterface(n);
        break;
      case "reflectValue":
        return this.evalEmptyInterface(n);
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${t.name}`);
  }

  private evalEmptyInterface(n: ArgNode): unknown {
    this.at(n);
    switch (n.type) {
      case "bool":
        return n.value;
      case "number":
        return this.idealConstant(n);
      case "string":
        return n.text;
    }
    this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }

  // --- printing --------------------------------------------------------------------

  private printValue(n: Node, v: unknown): void {
    this.at(n);
    let val = v;
    while (val instanceof GoPointer) val = val.target;
    if (val === undefined) {
      this.write("<no value>");
      return;
    }
    if (val instanceof GoFunc) this.errorf(`can't print ${nodeString(n)} of type ${goTypeName(val)}`);
    this.write(formatValue(val));
  }
}

const NO_RECEIVER = Symbol("no receiver");

const SMALL_INDEXES: GoInt[] = [];
function makeIndex(i: number): GoInt {
  if (i < 1024) {
    let v = SMALL_INDEXES[i];
    if (!v) {
      v = makeInt(T.int, i);
      SMALL_INDEXES[i] = v;
    }
    return v;
  }
  return makeInt(T.int, i);
}

function isHexInt(s: string): boolean {
  return s.length > 2 && s[0] === "0" && (s[1] === "x" || s[1] === "X") && !/[pP]/.test(s);
}

function isRuneInt(s: string): boolean {
  return s.length > 0 && s[0] === "'";
}

/** Go's `%q` of a template or key name. */
function goQuote(s: string): string {
  return quote(s);
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return formatValue(err);
}

/** Line/column and source text of a node, as Go's ErrorContext computes them (column in bytes). */
export function errorContext(n: Node): { location: string; context: string } {
  const text = n.tree.text.slice(0, n.pos);
  const nl = text.lastIndexOf("\n");
  const col = nl === -1 ? byteLength(text) : byteLength(text.slice(nl + 1));
  let line = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return { location: `${n.tree.parseName}:${line}:${col}`, context: nodeString(n) };
}

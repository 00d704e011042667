/**
 * The function interface: how template functions (builtins, Sprig, Helm's include/tpl/toYaml...) are declared.
 *
 * A function declares its Go signature with {@link GoType}s; the engine checks and converts arguments exactly
 * as Go's text/template does with reflect (literal arguments of the wrong kind give `expected integer; found
 * "x"`, values of the wrong type give `wrong type for value; expected int; got float64`, arity errors give
 * `wrong number of args for NAME: want 2 got 1`), then calls `fn` with JavaScript values:
 *
 * | parameter type | `fn` receives |
 * |---|---|
 * | `T.string` | `string` |
 * | `T.bool` | `boolean` |
 * | `T.float64`, `T.float32` | `number` |
 * | `T.int`, `T.int8`–`T.int32`, `T.uint8`–`T.uint32` | `number` |
 * | `T.int64`, `T.uint`, `T.uint64`, `T.uintptr` | `bigint` |
 * | `T.any` (`interface{}`) | the Go value as represented in `value/values.ts`; a missing value arrives as `null` |
 * | `T.value` (`reflect.Value`) | the Go value; a missing value arrives as `undefined` |
 * | any other type (`[]string`, maps, structs...) | the Go value (already checked to have exactly that type) |
 *
 * The result is converted from the declared `result` type the same way back: return a `string` for `T.string`,
 * a `number` or `bigint` for integer types (wrapped as {@link GoInt} of that type), a plain array for
 * `[]string` (tagged with the type), a Go value for `T.any`. Returning `undefined` from a `T.any` function
 * gives nil.
 *
 * Errors: throw. Go's `(value, error)` results and panics both surface as `error calling NAME: <message>`,
 * which is what the engine produces from the thrown error's message (set `returnsError` for documentation and
 * for `%T` of function values).
 */
import type { Template } from "../template.js";
import type { GoType } from "../value/types.js";

/** Maps a tuple of parameter types to the tuple of JS types `fn` receives. */
export type JsArgs<P extends readonly GoType[]> = {
  [K in keyof P]: P[K] extends GoType<infer J> ? J : never;
};

/** A template function. */
export interface FuncDef {
  /** Parameter types in order. With `variadic`, the last entry is the element type of the `...` parameter. */
  readonly params: readonly GoType[];
  /** Whether the last parameter is variadic (`...T`); `fn` then receives the variadic values as separate arguments. */
  readonly variadic?: boolean;
  /** The result type. */
  readonly result: GoType;
  /** The Go function returns `(result, error)`; an error is signalled by throwing. */
  readonly returnsError?: boolean;
  /**
   * When set, `fn` receives a {@link CallContext} as its first argument, before the template arguments
   * (Helm's `include` and `tpl` need it to execute other templates of the set).
   */
  readonly needsContext?: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: the signature is described by params/result
  readonly fn: (...args: any[]) => unknown;
}

/** Functions by name, as given to `Template.funcs()`. */
export type FuncMap = Readonly<Record<string, FuncDef>>;

/** Options for a nested execution started by a function through {@link CallContext.execute}. */
export interface NestedExecOptions {
  /** Override the missingkey mode for the nested execution (Helm's `tpl` re-applies it). */
  missingKey?: MissingKeyMode;
}

/** Go's `missingkey` option. `default` prints `<no value>`; `zero` gives the zero value; `error` fails. */
export type MissingKeyMode = "default" | "invalid" | "zero" | "error";

/** What a function with `needsContext` receives as its first argument. */
export interface CallContext {
  /** The template being executed (its set: `lookup`, `clone`, `new` + `parse`...). */
  readonly template: Template;
  /** The name the function was called by. */
  readonly name: string;
  /** The missingkey mode of the running execution. */
  readonly missingKey: MissingKeyMode;
  /**
   * Execute `template` with `data` and return its output, sharing the running execution's limits (nesting depth,
   * step budget, output size, deadline). Execution errors are thrown as `TemplateError`s with Go's messages.
   */
  execute(template: Template, data: unknown, options?: NestedExecOptions): string;
}

/**
 * Declare a function with typed parameters; TypeScript infers what `fn` receives from `params`.
 *
 * ```ts
 * const repeat = defineFunc({ params: [T.int, T.string], result: T.string, fn: (n, s) => s.repeat(Math.max(n, 0)) });
 * ```
 */
export function defineFunc<const P extends readonly GoType[], R>(def: {
  params: P;
  result: GoType<R>;
  variadic?: boolean;
  returnsError?: boolean;
  fn: (...args: JsArgs<P>) => unknown;
}): FuncDef {
  return def as FuncDef;
}

/** Like {@link defineFunc}, for functions that receive the {@link CallContext} first. */
export function defineContextFunc<const P extends readonly GoType[], R>(def: {
  params: P;
  result: GoType<R>;
  variadic?: boolean;
  returnsError?: boolean;
  fn: (ctx: CallContext, ...args: JsArgs<P>) => unknown;
}): FuncDef {
  return { ...def, needsContext: true } as FuncDef;
}

/**
 * Declare a method for a type's `methods` (see `GoType.methods`): `fn` receives the receiver first, then the
 * arguments described by `params`.
 */
export function defineMethod<const P extends readonly GoType[], R>(def: {
  params: P;
  result: GoType<R>;
  variadic?: boolean;
  returnsError?: boolean;
  fn: (receiver: unknown, ...args: JsArgs<P>) => unknown;
}): FuncDef {
  return def as FuncDef;
}

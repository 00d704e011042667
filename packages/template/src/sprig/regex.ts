/** Sprig's regular-expression functions, with Go RE2 syntax and semantics (`compileGoRegexp` from core). */
import { compileGoRegexp, type GoRegexp, quoteMeta } from "@gitops-kit/core";
import { canBackquote, quote } from "../fmt/quote.js";
import { defineFunc, type FuncMap } from "../funcs/types.js";
import { SLICE_STRING, T } from "../value/types.js";
import { memoize } from "./cache.js";

/** Compile, throwing Go's `regexp.Compile` error text (compiled patterns are reused). */
const compile: (pattern: string) => GoRegexp = memoize((pattern) => compileGoRegexp(pattern));

/** Compile like `regexp.MustCompile`, whose panic text names the pattern. */
function mustCompile(pattern: string): GoRegexp {
  try {
    return compile(pattern);
  } catch (err) {
    const q = canBackquote(pattern) ? `\`${pattern}\`` : quote(pattern);
    throw new Error(`regexp: Compile(${q}): ${(err as Error).message}`);
  }
}

/** Whether `pattern` matches `s`; an invalid pattern is an error only when `strict`. */
function matches(pattern: string, s: string, strict: boolean): boolean {
  let re: GoRegexp;
  try {
    re = compile(pattern);
  } catch (err) {
    if (strict) throw err;
    return false;
  }
  return re.matchString(s);
}

/** The regex family: `regex*` panic on a bad pattern (MustCompile), `mustRegex*` return the error. */
export function regexFuncs(): FuncMap {
  const find = (strict: boolean) =>
    defineFunc({
      params: [T.string, T.string],
      result: T.string,
      returnsError: strict,
      fn: (p, s) => (strict ? compile(p) : mustCompile(p)).findString(s),
    });
  const findAll = (strict: boolean) =>
    defineFunc({
      params: [T.string, T.string, T.int],
      result: SLICE_STRING,
      returnsError: strict,
      fn: (p, s, n) => (strict ? compile(p) : mustCompile(p)).findAllString(s, n),
    });
  const replace = (strict: boolean, literal: boolean) =>
    defineFunc({
      params: [T.string, T.string, T.string],
      result: T.string,
      returnsError: strict,
      fn: (p, s, repl) => {
        const re = strict ? compile(p) : mustCompile(p);
        return literal ? re.replaceAllLiteralString(s, repl) : re.replaceAllString(s, repl);
      },
    });
  const split = (strict: boolean) =>
    defineFunc({
      params: [T.string, T.string, T.int],
      result: SLICE_STRING,
      returnsError: strict,
      fn: (p, s, n) => (strict ? compile(p) : mustCompile(p)).split(s, n),
    });
  return {
    regexMatch: defineFunc({
      params: [T.string, T.string],
      result: T.bool,
      fn: (p, s) => matches(p, s, false),
    }),
    mustRegexMatch: defineFunc({
      params: [T.string, T.string],
      result: T.bool,
      returnsError: true,
      fn: (p, s) => matches(p, s, true),
    }),
    regexFindAll: findAll(false),
    mustRegexFindAll: findAll(true),
    regexFind: find(false),
    mustRegexFind: find(true),
    regexReplaceAll: replace(false, false),
    mustRegexReplaceAll: replace(true, false),
    regexReplaceAllLiteral: replace(false, true),
    mustRegexReplaceAllLiteral: replace(true, true),
    regexSplit: split(false),
    mustRegexSplit: split(true),
    regexQuoteMeta: defineFunc({ params: [T.string], result: T.string, fn: quoteMeta }),
  };
}

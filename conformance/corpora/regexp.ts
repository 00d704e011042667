/**
 * Corpus `regexp`: Go regexp (RE2) compile errors, `FindStringSubmatchIndex` + `ExpandString` as Flux's
 * ImagePolicy filterTags applies them to one tag, and filterTags over tag lists (see `regexp/README.md`).
 */
import { join } from "node:path";
import { compileGoRegexp, filterTags, RegexpError } from "@gitops-kit/core";
import { jsonlCases, runEach } from "../lib.js";
import type { Corpus } from "../types.js";

interface Row {
  pattern: string;
  extract: string;
  input?: string;
  tags?: string[];
  expected: Record<string, unknown>;
}

function answer(row: Row): Record<string, unknown> {
  try {
    if (row.tags !== undefined) {
      const kept = filterTags({ tags: row.tags, pattern: row.pattern, extract: row.extract });
      return { filtered: Object.fromEntries(kept), order: [...kept.keys()] };
    }
    const re = compileGoRegexp(row.pattern);
    const input = row.input ?? "";
    const match = re.findStringSubmatchIndex(input);
    if (match === undefined) return { match: false };
    return { match: true, result: row.extract === "" ? input : re.expandString(row.extract, input, match) };
  } catch (err) {
    if (err instanceof RegexpError) return { error: true, message: err.message };
    throw err;
  }
}

/** Deep equality of JSON values with object key order ignored. */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .sort()
          .map((k) => [k, canonical(o[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

const corpus: Corpus = {
  name: "regexp",
  folder: "regexp",
  async run(dir) {
    const cases = jsonlCases<Row>(join(dir, "cases.jsonl"));
    return runEach(
      cases,
      (c) => c.id,
      (c) => {
        const got = answer(c.row);
        if (sameJson(got, c.row.expected)) return undefined;
        return `expected ${JSON.stringify(c.row.expected)}, got ${JSON.stringify(got)}`;
      },
    );
  },
};

export default corpus;

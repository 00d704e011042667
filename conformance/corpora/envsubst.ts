/**
 * Corpus `envsubst`: Flux postBuild substitution (the fluxcd/pkg envsubst fork) on each row of
 * `cases.jsonl`, once without strict mode (`expected`) and once with it (`expectedStrict`); a case passes
 * when both answers match, error messages included (see `envsubst/README.md`).
 */
import { join } from "node:path";
import { EnvsubstError, envsubst } from "@gitops-kit/kustomize";
import { jsonlCases, runEach } from "../lib.js";
import type { Corpus } from "../types.js";

type Answer = { output: string } | { error: true; message: string };

interface Row {
  input: string;
  vars: Record<string, string>;
  expected: Answer;
  expectedStrict: Answer;
}

function answer(row: Row, strict: boolean): Answer {
  try {
    return { output: envsubst({ input: row.input, vars: row.vars, strict }) };
  } catch (err) {
    if (err instanceof EnvsubstError) return { error: true, message: err.message };
    throw err;
  }
}

function differs(got: Answer, want: Answer): boolean {
  return JSON.stringify(got) !== JSON.stringify("output" in want ? { output: want.output } : want);
}

const corpus: Corpus = {
  name: "envsubst",
  folder: "envsubst",
  async run(dir) {
    const cases = jsonlCases<Row>(join(dir, "cases.jsonl"));
    return runEach(
      cases,
      (c) => c.id,
      (c) => {
        const problems: string[] = [];
        for (const [strict, want] of [
          [false, c.row.expected],
          [true, c.row.expectedStrict],
        ] as const) {
          const got = answer(c.row, strict);
          if (differs(got, want)) {
            problems.push(
              `${strict ? "strict" : "lenient"}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`,
            );
          }
        }
        return problems.length ? problems.join("; ") : undefined;
      },
    );
  },
};

export default corpus;

/**
 * Corpus `gotemplate`: Go text/template + Sprig + Helm stand-ins (see gotemplate/README.md). Each row of
 * `cases.jsonl` is rendered the way the oracle does: a set rooted at `gotpl` with the missingkey option and
 * the functions installed, the case parsed as template `main` and executed with `executeTemplate`; Helm's
 * `<no value>` stripping when `stripNoValue`.
 *
 * Functions: Go's builtins come with the engine, Sprig is `sprigFuncs` of `@gitops-kit/template` (no
 * `env`/`expandenv`, as Helm) and the Helm stand-ins come from `helmFuncMap({ template, strict })` exported by
 * `@gitops-kit/helm` when it exists. Until then the cases using them fail with Go's "function not defined"
 * error, which is the honest state.
 *
 * Checks: `output` cases compare exactly (bytes via base64 when Go produced invalid UTF-8); `error` cases
 * pass when we fail too, and say in the message whether our error text and phase equal Go's. Rows with a
 * `note` about error lists (fromYamlArray of invalid YAML) only require a one-element list of a message
 * when Go's answer is such a list.
 */
import { join } from "node:path";
import type { FuncMap, MissingKeyMode, Template as TemplateT } from "@gitops-kit/template";
import { encodeGoString, sprigFuncs, Template, TemplateError } from "@gitops-kit/template";
import { jsonlCases, optionalExport, runEach } from "../lib.js";
import type { Corpus } from "../types.js";

/** One row of `cases.jsonl`. */
export interface Row {
  id: string;
  group: string;
  template: string;
  data: unknown;
  missingkey?: MissingKeyMode;
  stripNoValue?: boolean;
  note?: string;
  expected: {
    output?: string;
    invalidUtf8?: boolean;
    outputBase64?: string;
    error?: boolean;
    message?: string;
    phase?: "parse" | "exec";
  };
}

export type HelmFactory = (options: { template: TemplateT; strict: boolean }) => FuncMap;

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/** Render one row exactly as the oracle does (also used by `bench/benchmarks/template-helm.ts`). */
export function render(row: Row, sprig: FuncMap | undefined, helm: HelmFactory | undefined): string {
  const missingKey = row.missingkey ?? "default";
  const root = new Template("gotpl", { missingKey });
  if (sprig) root.funcs(sprig);
  if (helm) root.funcs(helm({ template: root, strict: missingKey === "error" }));
  root.new("main").parse(row.template);
  let out = root.executeTemplate({ name: "main", data: row.data });
  if (row.stripNoValue) out = out.replaceAll("<no value>", "");
  return out;
}

function isErrorList(s: string): boolean {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) && v.length === 1 && typeof v[0] === "string";
  } catch {
    return false;
  }
}

const corpus: Corpus = {
  name: "gotemplate",
  folder: "gotemplate",
  async run(dir) {
    const helm = await optionalExport<HelmFactory>("@gitops-kit/helm", "helmFuncMap");
    // Sprig as the oracle installs it: time.Local is UTC (sprigFuncs' default zone), no env/expandenv.
    const sprig: FuncMap = sprigFuncs;
    const cases = jsonlCases<Row>(join(dir, "cases.jsonl"), { idOf: (r) => r.id });
    return runEach(
      cases,
      (c) => c.row.id,
      (c) => {
        const row = c.row;
        const exp = row.expected;
        let out: string;
        try {
          out = render(row, sprig, helm);
        } catch (err) {
          if (!(err instanceof TemplateError)) throw err;
          if (!exp.error) return `unexpected ${err.phase} error: ${err.message}`;
          const same = err.message === exp.message && err.phase === exp.phase;
          return {
            id: row.id,
            ok: true,
            message: same
              ? "error text matches"
              : `error text differs: got ${err.phase} ${JSON.stringify(err.message)}`,
          };
        }
        if (exp.error)
          return `expected error ${JSON.stringify(exp.message)}, got output ${JSON.stringify(out)}`;
        if (exp.invalidUtf8) {
          const got = base64(encodeGoString(out));
          return got === exp.outputBase64 ? undefined : `expected bytes ${exp.outputBase64}, got ${got}`;
        }
        if (out === exp.output) return undefined;
        if (row.note && exp.output?.startsWith('["error') && isErrorList(out)) return undefined;
        return `expected ${JSON.stringify(exp.output)}, got ${JSON.stringify(out)}`;
      },
    );
  },
};

export default corpus;

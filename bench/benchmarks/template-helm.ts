/**
 * `template-helm`: the Helm-idiom templates of the gotemplate corpus (toYaml, include, tpl, fullname and
 * deployment idioms, snippets...), each rendered the way the oracle renders it — a fresh template set with
 * Sprig and Helm's functions per request — many times over. Ours renders in-process; the reference is the
 * Go oracle (`shared/oracles/gotemplate`, Go text/template + Sprig) reading the same requests as JSON lines.
 * Both sides print one `{"output":...}` line per request, so the outputs are compared byte for byte.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type HelmFactory, type Row, render } from "../../conformance/corpora/gotemplate.js";
import { optionalExport, readJsonl } from "../../conformance/lib.js";
import type { Benchmark } from "./types.js";

const CASES = fileURLToPath(new URL("../../../shared/conformance/gotemplate/cases.jsonl", import.meta.url));
const ORACLE = process.env.GOTEMPLATE_ORACLE ?? "/tmp/gitops-oracles/gotemplate";
/** How many times the set of Helm-idiom requests is repeated in one run. */
const REPEAT = 20;

/** Deterministic Helm-idiom rows that render (no error, valid UTF-8, exact text), in corpus order. */
function helmRows(): Row[] {
  return (
    readJsonl<Row>(CASES)
      .map((r) => r.row)
      .filter(
        (r) => (r.group.startsWith("helm.") || r.group === "missingkey.helm-strip") && !r.expected.error,
      )
      // Rows with a note accept another YAML parser's error text; keep only byte-comparable ones.
      .filter((r) => r.group !== "helm.lookup" && !r.expected.invalidUtf8 && !r.note)
  );
}

export const templateHelm: Benchmark = {
  name: "template-helm",
  description: `Helm-idiom templates of the gotemplate corpus x${REPEAT}: Template + Sprig + Helm funcs vs the Go oracle`,
  async unavailable() {
    if (!existsSync(CASES)) return `the gotemplate corpus is not at ${CASES}`;
    if (!existsSync(ORACLE)) return `the Go oracle is not built at ${ORACLE} (see shared/oracles/README.md)`;
    if (!(await optionalExport<HelmFactory>("@gitops-kit/helm", "helmFuncMap")))
      return "@gitops-kit/helm does not export helmFuncMap yet";
    return undefined;
  },
  async prepare() {
    const helm = await optionalExport<HelmFactory>("@gitops-kit/helm", "helmFuncMap");
    const { quoteJsonString, sprigFuncs } = await import("@gitops-kit/template");
    const rows = helmRows();
    const requests: Row[] = [];
    for (let i = 0; i < REPEAT; i++) requests.push(...rows);
    const dir = mkdtempSync(join(tmpdir(), "gitops-kit-bench-template-"));
    const input = join(dir, "requests.jsonl");
    writeFileSync(
      input,
      requests
        .map((r) =>
          JSON.stringify({
            template: r.template,
            data: r.data,
            ...(r.missingkey ? { missingkey: r.missingkey } : {}),
            ...(r.stripNoValue ? { stripNoValue: true } : {}),
          }),
        )
        .join("\n") + "\n",
    );
    return {
      ours: () => {
        let out = "";
        for (const row of requests)
          out += `{"output":${quoteJsonString(render(row, sprigFuncs, helm), false)}}\n`;
        return out;
      },
      reference: { command: "bash", args: ["-c", `exec "$0" < "$1"`, ORACLE, input] },
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

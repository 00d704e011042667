/**
 * Conformance runner: `npm run conformance -- [corpus ...] [--json FILE] [--check-baseline] [--update-baseline] [--verbose]`.
 *
 * Runs the corpora of `../shared/conformance` (or `$CONFORMANCE_DIR`) through the modules of
 * `conformance/corpora/` and prints `<corpus>: N passed, N failed` per corpus, then the total.
 * Every corpus in {@link CORPORA} is always reported: a module that is missing or throws counts as a
 * failed corpus, never as an absent one. Failing cases are not a runner error (exit 0); only a
 * baseline regression under `--check-baseline` (exit 1) or bad arguments (exit 2) are.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { errorText } from "./lib.js";
import type { CaseResult, Corpus } from "./types.js";

/** Every corpus, in report order. The module for `a/b` is `conformance/corpora/a-b.ts`. */
export const CORPORA = [
  "kustomize",
  "kustomize-data",
  "yaml-roundtrip",
  "gotemplate",
  "semver",
  "envsubst",
  "regexp",
  "helm",
  "flux/image-policy",
  "flux/image-update",
  "flux/envsubst",
  "flux/flux-kustomization",
  "flux/source",
  "flux/notify",
] as const;

export interface CorpusReport {
  passed: number;
  failed: number;
  cases: CaseResult[];
  /** Set when the corpus could not be loaded or run at all. */
  error?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..");
const baselineFile = join(here, "baseline.json");

/** The conformance root: `$CONFORMANCE_DIR`, else `../shared/conformance` next to the repository. */
export function conformanceRoot(): string {
  const fromEnv = process.env.CONFORMANCE_DIR;
  return fromEnv ? resolve(fromEnv) : resolve(repoRoot, "../shared/conformance");
}

function moduleFile(name: string): string {
  return join(here, "corpora", `${name.replaceAll("/", "-")}.ts`);
}

function isCorpus(value: unknown): value is Corpus {
  const c = value as Corpus | undefined;
  return (
    typeof c === "object" &&
    c !== null &&
    typeof c.name === "string" &&
    typeof c.folder === "string" &&
    typeof c.run === "function"
  );
}

/** Load and run one corpus; every failure mode becomes a report with an `error`. */
export async function runCorpus(name: string, root: string): Promise<CorpusReport> {
  const file = moduleFile(name);
  const failedWith = (error: string): CorpusReport => ({
    passed: 0,
    failed: 1,
    cases: [{ id: "(corpus)", ok: false, message: error }],
    error,
  });
  if (!existsSync(file)) return failedWith(`no corpus module: ${relative(repoRoot, file)} does not exist`);
  let corpus: unknown;
  try {
    corpus = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } catch (err) {
    return failedWith(`corpus module failed to load: ${errorText(err)}`);
  }
  if (!isCorpus(corpus)) return failedWith(`${relative(repoRoot, file)} does not default-export a Corpus`);
  if (corpus.name !== name) return failedWith(`${relative(repoRoot, file)} names itself "${corpus.name}"`);
  const dir = join(root, corpus.folder);
  if (!existsSync(dir)) return failedWith(`corpus folder not found: ${dir}`);
  let cases: CaseResult[];
  try {
    cases = await corpus.run(dir);
  } catch (err) {
    return failedWith(`corpus run failed: ${errorText(err)}`);
  }
  if (cases.length === 0) return failedWith("corpus reported no cases (a layout change?)");
  const passed = cases.filter((c) => c.ok).length;
  return { passed, failed: cases.length - passed, cases };
}

function readBaseline(): Record<string, number> {
  if (!existsSync(baselineFile)) return {};
  return JSON.parse(readFileSync(baselineFile, "utf8")) as Record<string, number>;
}

/** Corpus names given on the command line; `flux-notify` is accepted for `flux/notify`. */
function selectCorpora(names: string[]): string[] | string {
  if (names.length === 0) return [...CORPORA];
  const selected: string[] = [];
  for (const raw of names) {
    const name = CORPORA.find((c) => c === raw || c.replaceAll("/", "-") === raw);
    if (!name) return `unknown corpus "${raw}"; known: ${CORPORA.join(", ")}`;
    if (!selected.includes(name)) selected.push(name);
  }
  return CORPORA.filter((c) => selected.includes(c));
}

const USAGE = `usage: npm run conformance -- [corpus ...] [--json FILE] [--check-baseline] [--update-baseline] [--verbose]

Runs the conformance corpora (default: all) and prints "<corpus>: N passed, N failed" per corpus.
  --json FILE         write every case result as JSON
  --check-baseline    exit 1 when a corpus passes fewer cases than conformance/baseline.json
  --update-baseline   rewrite conformance/baseline.json with the pass counts of this run
  --verbose           list each failing case under its corpus
Corpus folder: $CONFORMANCE_DIR, else ../shared/conformance beside the repository.`;

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (err) {
    console.error(`${errorText(err)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const selection = selectCorpora(positionals);
  if (typeof selection === "string") {
    console.error(`${selection}\n\n${USAGE}`);
    return 2;
  }
  const root = conformanceRoot();
  if (!existsSync(root)) {
    console.log(`conformance corpora not found at ${root} (set CONFORMANCE_DIR); nothing to run`);
    return 0;
  }

  const reports: Record<string, CorpusReport> = {};
  let passed = 0;
  let failed = 0;
  for (const name of selection) {
    const report = await runCorpus(name, root);
    reports[name] = report;
    passed += report.passed;
    failed += report.failed;
    console.log(`${name}: ${report.passed} passed, ${report.failed} failed`);
    if (report.error) console.error(`  error: ${report.error}`);
    else if (values.verbose) {
      for (const c of report.cases) if (!c.ok) console.log(`  ✗ ${c.id}: ${c.message ?? "failed"}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);

  if (values.json) writeJson(values.json, reports);

  const baseline = readBaseline();
  if (values["update-baseline"]) {
    const next: Record<string, number> = {};
    for (const name of CORPORA) {
      const count = reports[name]?.passed ?? baseline[name];
      if (count !== undefined) next[name] = count;
      if (reports[name] && reports[name].passed < (baseline[name] ?? 0)) {
        console.error(`baseline: ${name} lowered from ${baseline[name]} to ${reports[name].passed}`);
      }
    }
    writeFileSync(baselineFile, `${JSON.stringify(next, null, 2)}\n`);
    console.log(`baseline written: ${relative(process.cwd(), baselineFile)}`);
  }
  if (values["check-baseline"]) {
    const drops = selection.filter((name) => reports[name].passed < (baseline[name] ?? 0));
    for (const name of drops) {
      console.error(
        `baseline: ${name} passed ${reports[name].passed}, below the baseline of ${baseline[name]}`,
      );
    }
    if (drops.length > 0) return 1;
    console.log("baseline: no corpus below its baseline");
  }
  return 0;
}

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "string" },
      "check-baseline": { type: "boolean" },
      "update-baseline": { type: "boolean" },
      verbose: { type: "boolean", short: "v" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function writeJson(file: string, reports: Record<string, CorpusReport>): void {
  const corpora: Record<string, Omit<CorpusReport, "error">> = {};
  for (const [name, { passed, failed, cases }] of Object.entries(reports))
    corpora[name] = { passed, failed, cases };
  const target = resolve(file);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify({ corpora }, null, 2)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}

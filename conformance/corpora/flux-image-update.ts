/**
 * Corpus `flux/image-update`: the Setters strategy tree cases (`cases/<name>`: input tree, policies,
 * expected tree) and one case per row of `commit-templates.jsonl`, `push-summary.jsonl` and
 * `errors.jsonl` (see `flux/image-update/README.md` and SPEC.md).
 *
 * Tree cases copy `input/` into memory, run the update and compare every file byte for byte with
 * `expected/` (the whole tree, or only the written files, as `case.json.expectedMode` says), and the
 * result model with `result.json` when there is one.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { basename, join } from "node:path";
import { type FileSystem, memFs, posixPath } from "@gitops-kit/core";
import {
  applyPolicies,
  type ObjectChanges,
  pushSummary,
  renderCommitMessage,
  type SetterPolicy,
  type UpdateAutomation,
  type UpdateResult,
  updateWithSetters,
} from "@gitops-kit/image";
import { diffSummary, errorText, jsonlCases, jsonlFiles, listDirs, readJson, runEach } from "../lib.js";
import type { CaseResult, Corpus } from "../types.js";

/** Every file under `dir` as relative path → bytes (symbolic links as `{ link }`). */
function readTree(dir: string, prefix = ""): Map<string, string | { link: string }> {
  const out = new Map<string, string | { link: string }>();
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix === "" ? name : `${prefix}/${name}`;
    const st = lstatSync(join(dir, rel));
    if (st.isSymbolicLink()) out.set(rel, { link: readlinkSync(join(dir, rel)) });
    else if (st.isDirectory()) for (const [k, v] of readTree(dir, rel)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, rel), "latin1"));
  }
  return out;
}

/** The tree under `root` in `fs` as relative path → bytes (latin1, so any bytes compare exactly). */
function memTree(fs: FileSystem, root: string, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of fs.readdir(posixPath.join(root, prefix))) {
    const rel = prefix === "" ? name : `${prefix}/${name}`;
    const path = posixPath.join(root, rel);
    const st = fs.lstat(path);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) for (const [k, v] of memTree(fs, root, rel)) out.set(k, v);
    else out.set(rel, Buffer.from(fs.readFile(path)).toString("latin1"));
  }
  return out;
}

interface PolicyRow {
  namespace: string;
  name: string;
  status?: { latestRef?: SetterPolicy["latestRef"] };
}

interface CaseJson {
  automation?: UpdateAutomation;
  expectedMode: "whole-tree-after-in-place-update" | "written-files-only";
}

function sortedResult(r: Record<string, ObjectChanges[]>): string {
  const files = Object.keys(r).sort();
  return JSON.stringify(
    files.map((f) => [
      f,
      [...r[f]].sort((a, b) => (JSON.stringify(a.object) < JSON.stringify(b.object) ? -1 : 1)),
    ]),
  );
}

function runTreeCase(dir: string): string | undefined {
  const spec = readJson<CaseJson>(join(dir, "case.json"));
  const policies: SetterPolicy[] = readJson<PolicyRow[]>(join(dir, "policies.json")).map((p) => ({
    namespace: p.namespace,
    name: p.name,
    latestRef: p.status?.latestRef,
  }));
  const input = readTree(join(dir, "input"));
  const fs = memFs();
  fs.mkdir("/repo");
  for (const [rel, content] of input) {
    fs.mkdir(posixPath.dirname(`/repo/${rel}`));
    if (typeof content === "string") fs.writeFile(`/repo/${rel}`, Buffer.from(content, "latin1"));
    else fs.symlink(content.link, `/repo/${rel}`);
  }
  const result: UpdateResult = spec.automation
    ? applyPolicies({ fs, root: "/repo", automation: spec.automation, policies })
    : updateWithSetters({ fs, path: "/repo", policies });

  const expected = readTree(join(dir, "expected"));
  const actual = memTree(fs, "/repo");
  const problems: string[] = [];
  const check = (rel: string, want: string | { link: string } | undefined) => {
    const got = actual.get(rel);
    if (typeof want !== "string") return;
    if (got === undefined) problems.push(`${rel}: missing`);
    else if (got !== want) problems.push(`${rel}: ${diffSummary(want, got)}`);
  };
  if (spec.expectedMode === "written-files-only") {
    const written = Object.keys(result.fileChanges).sort();
    const wantWritten = [...expected.keys()].sort();
    if (JSON.stringify(written) !== JSON.stringify(wantWritten))
      problems.push(`written files ${JSON.stringify(written)}, expected ${JSON.stringify(wantWritten)}`);
    for (const [rel, want] of expected) check(rel, want);
  } else {
    for (const [rel, want] of expected) check(rel, want);
    for (const rel of actual.keys()) if (!expected.has(rel)) problems.push(`${rel}: not in expected tree`);
  }
  const resultFile = join(dir, "result.json");
  if (existsSync(resultFile)) {
    const want = readJson<{ fileChanges: Record<string, ObjectChanges[]> }>(resultFile).fileChanges;
    if (sortedResult(want) !== sortedResult(result.fileChanges))
      problems.push(`result: expected ${sortedResult(want)}, got ${sortedResult(result.fileChanges)}`);
  }
  return problems.length > 0 ? problems.join("; ") : undefined;
}

type Row = Record<string, unknown> & { expected: Record<string, unknown> };

function expectOutcome(
  expected: Record<string, unknown>,
  key: string,
  run: () => string,
): string | undefined {
  let value: string;
  try {
    value = run();
  } catch (err) {
    if (expected.error !== true) return `unexpected error: ${errorText(err)}`;
    const message = (err as Error).message;
    if (typeof expected.message === "string" && message !== expected.message)
      return `message: expected ${JSON.stringify(expected.message)}, got ${JSON.stringify(message)}`;
    return undefined;
  }
  if (expected.error === true) return `expected an error, got ${JSON.stringify(value)}`;
  if (Array.isArray(expected.messageContains)) {
    const missing = (expected.messageContains as string[]).filter((s) => !value.includes(s));
    return missing.length > 0
      ? `output lacks ${JSON.stringify(missing)}: ${JSON.stringify(value)}`
      : undefined;
  }
  if (value !== expected[key]) return diffSummary(String(expected[key]), value);
  return undefined;
}

function runRow(file: string, row: Row): string | undefined {
  switch (file) {
    case "commit-templates": {
      const data = row.data as {
        automationObject: { namespace: string; name: string };
        fileChanges: Record<string, ObjectChanges[]>;
        values?: Record<string, string>;
      };
      return expectOutcome(row.expected, "message", () =>
        renderCommitMessage({
          template: row.template as string,
          automation: data.automationObject,
          result: { fileChanges: data.fileChanges },
          values: data.values,
        }),
      );
    }
    case "push-summary":
      return expectOutcome(row.expected, "summary", () =>
        pushSummary({
          branch: row.branch as string,
          revision: row.rev as string,
          message: row.commitMessage as string,
          refspecs: row.refspecs as string[],
        }),
      );
    case "errors":
      return expectOutcome(row.expected, "message", () => {
        const automation = {
          namespace: "ns",
          name: "auto",
          ...(row.automation as object),
        } as UpdateAutomation;
        applyPolicies({ fs: memFs({ "/repo/x.yaml": "a: b\n" }), root: "/repo", automation, policies: [] });
        return "no error";
      });
    default:
      return `no runner for ${file}.jsonl`;
  }
}

const corpus: Corpus = {
  name: "flux/image-update",
  folder: "flux/image-update",
  async run(dir) {
    const results: CaseResult[] = [];
    for (const path of jsonlFiles(dir)) {
      const file = basename(path).replace(/\.jsonl$/, "");
      results.push(
        ...(await runEach(
          jsonlCases<Row>(path),
          (c) => c.id,
          (c) => runRow(file, c.row),
        )),
      );
    }
    const trees = listDirs(join(dir, "cases"));
    results.push(
      ...(await runEach(
        trees,
        (name) => `cases/${name}`,
        (name) => runTreeCase(join(dir, "cases", name)),
      )),
    );
    return results;
  },
};

export default corpus;

/**
 * Helpers shared by the corpus modules: reading JSON lines with stable case ids, listing case folders,
 * reporting unimplemented engines, loading optional engines and summarising output differences.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { CaseResult } from "./types.js";

/** One row of a JSON-lines file, with the case id it is reported under. */
export interface JsonlCase<T = Record<string, unknown>> {
  id: string;
  row: T;
  /** 1-based line number in the file. */
  line: number;
}

/** Parse a JSON-lines file; blank lines are ignored; a malformed line throws naming file and line. */
export function readJsonl<T = Record<string, unknown>>(file: string): { row: T; line: number }[] {
  const rows: { row: T; line: number }[] = [];
  const lines = readFileSync(file, "utf8").split("\n");
  lines.forEach((text, i) => {
    if (text.trim() === "") return;
    try {
      rows.push({ row: JSON.parse(text) as T, line: i + 1 });
    } catch (err) {
      throw new Error(`${file}:${i + 1}: invalid JSON: ${(err as Error).message}`);
    }
  });
  return rows;
}

/** Read and parse a JSON file, naming the file when it is malformed. */
export function readJson<T = unknown>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}

/**
 * Make ids unique and stable: the first occurrence keeps its name, later duplicates get `#2`, `#3`...
 * in file order (some corpora reuse an upstream test name for several rows).
 */
export function uniqueIds(ids: string[]): string[] {
  const seen = new Map<string, number>();
  return ids.map((id) => {
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}#${n}`;
  });
}

/**
 * The rows of one JSON-lines file as cases with ids `<file stem>/<row id>`. A row's id is its `id`
 * field, else what `idOf` returns, else `line-<n>`.
 */
export function jsonlCases<T = Record<string, unknown>>(
  file: string,
  options: { idOf?: (row: T) => string | undefined } = {},
): JsonlCase<T>[] {
  const stem = basename(file).replace(/\.jsonl$/, "");
  const rows = readJsonl<T>(file);
  const ids = uniqueIds(
    rows.map(({ row, line }) => {
      const own = (row as { id?: unknown }).id;
      const id = typeof own === "string" && own !== "" ? own : (options.idOf?.(row) ?? `line-${line}`);
      return `${stem}/${id}`;
    }),
  );
  return rows.map(({ row, line }, i) => ({ id: ids[i], row, line }));
}

/** Names of the `.jsonl` files directly in `dir`, sorted. */
export function jsonlFiles(dir: string): string[] {
  return listEntries(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .map((name) => join(dir, name));
}

/** Sorted names of the sub-folders of `dir`; throws when `dir` does not exist (a corpus layout changed). */
export function listDirs(dir: string): string[] {
  return listEntries(dir).filter((name) => statSync(join(dir, name)).isDirectory());
}

/** Sorted entry names of `dir`; throws naming the folder when it is missing. */
export function listEntries(dir: string): string[] {
  if (!existsSync(dir)) throw new Error(`corpus folder not found: ${dir}`);
  return readdirSync(dir).sort();
}

/** Report every case as failed because its engine does not exist yet. */
export function notImplemented(ids: string[], engine: string): CaseResult[] {
  return ids.map((id) => ({ id, ok: false, message: `not implemented: ${engine}` }));
}

/** Run `check` for each case; an exception fails that case only, with its message. */
export async function runEach<T>(
  cases: T[],
  idOf: (c: T) => string,
  check: (c: T) => Promise<CaseResult | string | undefined> | CaseResult | string | undefined,
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    const id = idOf(c);
    try {
      const r = await check(c);
      if (r === undefined) results.push({ id, ok: true });
      else if (typeof r === "string") results.push({ id, ok: false, message: r });
      else results.push(r);
    } catch (err) {
      results.push({ id, ok: false, message: errorText(err) });
    }
  }
  return results;
}

/** One-line text of a thrown value (with its `code` when it has one). */
export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const head = typeof code === "string" ? `${code}: ` : "";
    return head + err.message.split("\n")[0];
  }
  return String(err);
}

/**
 * Import an export of a workspace package if the package and the export exist. Returns `undefined`
 * when the package has no entry yet (its engine is still to be written) or lacks the export; any
 * other load error (a syntax error, a throwing module) propagates so the runner reports it.
 */
export async function optionalExport<T>(specifier: string, name: string): Promise<T | undefined> {
  let mod: Record<string, unknown>;
  try {
    // A variable specifier keeps tsc from requiring the module to exist at type-check time.
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch (err) {
    if (isMissingEntry(err, specifier)) return undefined;
    throw err;
  }
  return mod[name] as T | undefined;
}

function isMissingEntry(err: unknown, specifier: string): boolean {
  const code = (err as { code?: unknown })?.code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") return false;
  // Only the package's own entry counts as "not written yet" (the message then names the package);
  // a missing file imported from inside the package is a real error.
  const message = err instanceof Error ? (err.message.split(" imported from ")[0] ?? "") : "";
  return message.includes(`${specifier}/`) || message.includes(`'${specifier}'`);
}

/** A short description of where two texts first differ, for case messages. */
export function diffSummary(expected: string, actual: string): string {
  if (expected === actual) return "identical";
  const e = expected.split("\n");
  const a = actual.split("\n");
  let i = 0;
  while (i < e.length && i < a.length && e[i] === a[i]) i++;
  const show = (s: string | undefined) => (s === undefined ? "<end>" : JSON.stringify(truncate(s, 80)));
  return `line ${i + 1}: expected ${show(e[i])}, got ${show(a[i])} (${e.length} vs ${a.length} lines)`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** Case ids `<folder>/<case>` for each sub-folder of `dir/<folder>` (corpora with one case per tree). */
export function treeCaseIds(dir: string, folder: string): string[] {
  return listDirs(join(dir, folder)).map((name) => `${folder}/${name}`);
}

/**
 * Every case id of a corpus made of JSON-lines files (each `*.jsonl` directly in `dir`, one case per
 * row) and tree folders (each sub-folder of `trees[i]`, one case per sub-folder).
 */
export function vectorCaseIds(
  dir: string,
  options: {
    trees?: string[];
    idOf?: Record<string, (row: Record<string, unknown>) => string | undefined>;
  } = {},
): string[] {
  const ids: string[] = [];
  for (const file of jsonlFiles(dir)) {
    const idOf = options.idOf?.[basename(file).replace(/\.jsonl$/, "")];
    ids.push(...jsonlCases(file, idOf ? { idOf } : {}).map((c) => c.id));
  }
  for (const tree of options.trees ?? []) ids.push(...treeCaseIds(dir, tree));
  return ids;
}

/** Every file under `dir` as memFs input, mounted at `mount`. */
export function readTree(dir: string, mount: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, readTree(path, `${mount}/${name}`));
    else out[`${mount}/${name}`] = readFileSync(path);
  }
  return out;
}

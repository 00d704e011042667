/**
 * Corpus `flux/source`: source-controller building blocks (see `flux/source/README.md` and SPEC.md): one
 * case per row of `revisions.jsonl`, `ignore.jsonl` (a whole tree with its path verdicts) and
 * `helm-index.jsonl`, and one per folder of `artifacts/`.
 *
 * Artifact cases compare what is portable: the uncompressed tar's sha256 and size, every header, and
 * the gzip header bytes. The compressed digest is Go-deflate specific (our gzip is fflate's), so it is
 * not compared.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { memFs, posixPath, sha256Hex } from "@gitops-kit/core";
import {
  archiveDirectory,
  bucketIgnoreFilter,
  bucketIndexText,
  bucketRevision,
  digestFromOciRevision,
  gitCommitRevision,
  gunzipBounded,
  helmChartRevision,
  normalizeGitRevision,
  ociRevision,
  readTar,
  selectChartVersion,
  sourceTreeIgnoreFilter,
  splitGitRevision,
} from "@gitops-kit/source";
import { jsonlCases, listDirs, readJson, runEach } from "../lib.js";
import type { CaseResult, Corpus } from "../types.js";

// biome-ignore lint/suspicious/noExplicitAny: corpus lines are free-form JSON.
type Json = any;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function mismatch(what: string, expected: unknown, actual: unknown): string | undefined {
  return same(expected, actual)
    ? undefined
    : `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function checkRevision(row: Json): string | undefined {
  const e = row.expected;
  if (row.kind === "GitRepository" && row.op === "format") {
    return mismatch(
      "revision",
      [e["revision (spec.ref.branch/tag/semver/commit)"], e["revision (spec.ref.name set)"]],
      [
        gitCommitRevision({ reference: row.reference, hash: row.hash }),
        gitCommitRevision({ reference: row.reference, hash: row.hash, absolute: true }),
      ],
    );
  }
  if (row.kind === "GitRepository" && row.op === "parse") {
    const parts = splitGitRevision(row.revision);
    return mismatch("parse", e, {
      transformed: normalizeGitRevision(row.revision),
      namedPointer: parts.pointer,
      hash: parts.hash,
      algorithm: parts.algorithm,
      digest: parts.digest,
    });
  }
  if (row.kind === "OCIRepository" && row.op === "format") {
    const tag = row.ref.tag ?? (row.ref.semver ? row.selectedTag : undefined);
    return mismatch("revision", e.revision, ociRevision({ tag, digest: row.manifestDigest }));
  }
  if (row.kind === "OCIRepository" && row.op === "parse") {
    return mismatch("digest", e.digest, digestFromOciRevision(row.revision));
  }
  if (row.kind === "Bucket") {
    return mismatch(
      "index",
      [e.canonicalText, e.revision],
      [bucketIndexText(row.index), bucketRevision(row.index)],
    );
  }
  if (row.kind === "HelmChart") {
    return mismatch("revision", e.revision, helmChartRevision(row.input));
  }
  return `unknown row kind ${row.kind}/${row.op}`;
}

function checkIgnore(row: Json): string | undefined {
  const verdicts: Json[] = row.expected.paths;
  let actual: { path: string; isDir: boolean; ignored: boolean }[];
  if (row.kind === "bucket") {
    const filter = bucketIgnoreFilter({
      sourceIgnore: row.files[".sourceignore"],
      ignore: row.specIgnore ?? undefined,
    });
    actual = verdicts.map((v) => ({ path: v.path, isDir: v.isDir, ignored: filter(v.path) }));
  } else {
    const fs = memFs();
    fs.mkdir("/src");
    for (const [path, content] of Object.entries<string>(row.files)) {
      fs.mkdir(posixPath.dirname(`/src/${path}`));
      fs.writeFile(`/src/${path}`, content);
    }
    for (const dir of row.emptyDirs ?? []) fs.mkdir(`/src/${dir}`);
    const filter = sourceTreeIgnoreFilter({ fs, dir: "/src", ignore: row.specIgnore ?? undefined });
    actual = verdicts.map((v) => ({ path: v.path, isDir: v.isDir, ignored: filter(v.path, v.isDir) }));
  }
  const wrong = actual.filter((a, i) => a.ignored !== verdicts[i].ignored).map((a) => a.path);
  return wrong.length === 0 ? undefined : `wrong verdict for ${wrong.join(", ")}`;
}

function checkHelmIndex(row: Json): string | undefined {
  try {
    const entry = selectChartVersion({ chart: row.chart, entries: row.entries, version: row.specVersion });
    return mismatch("result", row.expected, { chosen: entry.version });
  } catch (err) {
    return mismatch("result", row.expected, { error: (err as Error).message });
  }
}

/** Copy a case tree from disk into memory, keeping only the execute bit (as a Git checkout does). */
function loadTree(dir: string) {
  const fs = memFs();
  fs.mkdir("/tree");
  const copy = (from: string, to: string) => {
    for (const name of readdirSync(from).sort()) {
      const src = join(from, name);
      const st = statSync(src);
      const dest = `${to}/${name}`;
      if (st.isDirectory()) {
        fs.mkdir(dest);
        copy(src, dest);
      } else {
        fs.writeFile(dest, readFileSync(src), { mode: st.mode & 0o100 ? 0o755 : 0o644 });
      }
    }
  };
  copy(dir, "/tree");
  return fs;
}

function checkArtifact(caseDir: string): string | undefined {
  const { expected } = readJson<Json>(join(caseDir, "expected.json"));
  const fs = loadTree(join(caseDir, "tree"));
  const archive = archiveDirectory({
    fs,
    dir: "/tree",
    filter: sourceTreeIgnoreFilter({ fs, dir: "/tree" }),
  });
  const tar = gunzipBounded(archive.tarGz, { maxBytes: 1 << 30 });
  const headerHex = Buffer.from(archive.tarGz.subarray(0, 10)).toString("hex");
  const entries = readTar(tar).map((e) => ({
    name: e.name,
    type: e.kind,
    mode: `0o${e.mode.toString(8)}`,
    size: e.size,
    uid: e.uid,
    gid: e.gid,
    uname: e.uname,
    gname: e.gname,
    mtime: e.mtime,
    paxHeaders: e.paxHeaders,
  }));
  return (
    mismatch("tarSha256", expected.tarSha256, `sha256:${sha256Hex(tar)}`) ??
    mismatch("tarDigest", expected.tarSha256, archive.tarDigest) ??
    mismatch("tarSize", expected.tarSize, archive.tarSize) ??
    mismatch("gzip header", expected.gzipHeaderHex, headerHex) ??
    mismatch("entries", expected.entries, entries)
  );
}

const corpus: Corpus = {
  name: "flux/source",
  folder: "flux/source",
  async run(dir) {
    const results: CaseResult[] = [];
    const files: [string, (row: Json) => string | undefined][] = [
      ["helm-index.jsonl", checkHelmIndex],
      ["ignore.jsonl", checkIgnore],
      ["revisions.jsonl", checkRevision],
    ];
    for (const [file, check] of files) {
      const cases = jsonlCases<Json>(join(dir, file));
      results.push(
        ...(await runEach(
          cases,
          (c) => c.id,
          (c) => check(c.row),
        )),
      );
    }
    const artifacts = listDirs(join(dir, "artifacts"));
    results.push(
      ...(await runEach(
        artifacts,
        (name) => `artifacts/${name}`,
        (name) => checkArtifact(join(dir, "artifacts", name)),
      )),
    );
    return results;
  },
};

export default corpus;

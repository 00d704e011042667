/**
 * Corpus `semver`: Masterminds/semver v3.2.0 constraints, tag sorting with Flux's parser and policy pick,
 * and version parsing (see `semver/README.md`). Each case is answered the way the oracle answers it.
 */
import { join } from "node:path";
import {
  latestSemverTag,
  parseSemverConstraint,
  SemverError,
  sortSemverTags,
  tryParseSemver,
  tryParseStrictSemver,
} from "@gitops-kit/core";
import { jsonlCases, runEach } from "../lib.js";
import type { CaseResult, Corpus } from "../types.js";

// biome-ignore lint/suspicious/noExplicitAny: corpus lines are free-form JSON.
type Json = any;

/** Deep equality on plain JSON values, with key order ignored. */
function sameJson(a: Json, b: Json): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k])]),
    );
  }
  return v;
}

/** What the oracle answers for a constraint + version request. */
function constraintAnswer(constraint: string, version: string): Json {
  let c: ReturnType<typeof parseSemverConstraint>;
  try {
    c = parseSemverConstraint(constraint);
  } catch (err) {
    if (err instanceof SemverError) return { error: true, errorKind: "constraint", message: err.message };
    throw err;
  }
  const v = tryParseSemver(version);
  if (!v.ok) return { error: true, errorKind: "version", message: v.message };
  const validation = c.validate(v.version);
  // The oracle reports the two APIs disagreeing (upstream `!=` quirk) instead of an answer.
  if (validation.matches !== c.check(v.version)) {
    return { error: true, errorKind: "internal", message: "Check/Validate disagree" };
  }
  return validation.matches ? { matches: true } : { matches: false, reasons: validation.reasons };
}

function sortAnswer(tags: string[], constraint: string | undefined): Json {
  const lenient = sortSemverTags({ tags });
  const flux = sortSemverTags({ tags, parser: "flux" });
  const out: Json = {
    sorted: lenient.sorted,
    invalid: lenient.invalid,
    fluxValid: flux.sorted,
    fluxInvalid: flux.invalid,
  };
  if (constraint !== undefined) {
    try {
      out.latest = latestSemverTag({ tags, constraint }) ?? null;
    } catch (err) {
      if (err instanceof SemverError) return { error: err.message, errorKind: "constraint" };
      throw err;
    }
  }
  return out;
}

function parseAnswer(input: string): Json {
  const v = tryParseSemver(input);
  if (!v.ok) return { error: true, message: v.message };
  const out: Json = {
    version: v.version.toString(),
    original: v.version.original,
    // JSON numbers: the corpus holds uint64 values that only compare equal as (lossy) doubles.
    major: Number(v.version.major),
    minor: Number(v.version.minor),
    patch: Number(v.version.patch),
    prerelease: v.version.prerelease,
    metadata: v.version.metadata,
  };
  const strict = tryParseStrictSemver(input);
  if (!strict.ok) out.strictError = strict.message;
  return out;
}

function judge(got: Json, expected: Json): string | undefined {
  if (sameJson(got, expected)) return undefined;
  return `expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`;
}

const corpus: Corpus = {
  name: "semver",
  folder: "semver",
  async run(dir) {
    const results: CaseResult[] = [];
    const answers: Record<string, (row: Json) => Json> = {
      constraints: (row) => constraintAnswer(row.constraint, row.version),
      sort: (row) => sortAnswer(row.tags, row.constraint),
      parse: (row) => parseAnswer(row.input),
    };
    for (const [stem, answer] of Object.entries(answers)) {
      const cases = jsonlCases<Json>(join(dir, `${stem}.jsonl`));
      results.push(
        ...(await runEach(
          cases,
          (c) => c.id,
          (c) => judge(answer(c.row), c.row.expected),
        )),
      );
    }
    return results;
  },
};

export default corpus;

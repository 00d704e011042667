/**
 * Corpus `flux/image-policy`: one case per row of each `*.jsonl` in `flux/image-policy/` (see its README
 * and SPEC.md): tag selection by semver / alphabetical / numerical policies with filterTags, exclusion
 * lists, latestTags, Flux's version parsing, policy validation and the Ready message.
 */
import { basename } from "node:path";
import {
  createPolicer,
  excludeTags,
  filteredTagValues,
  type ImagePolicyChoice,
  type ImageRef,
  imagePolicyReadyMessage,
  latestTags,
  parseTagVersion,
  selectLatestTag,
  type TagFilter,
} from "@gitops-kit/image";
import { errorText, jsonlCases, jsonlFiles, runEach } from "../lib.js";
import type { CaseResult, Corpus } from "../types.js";

type Row = Record<string, unknown> & {
  tags?: string[];
  tag?: string;
  policy?: ImagePolicyChoice;
  filterTags?: Partial<TagFilter>;
  exclusionList?: string[];
  latestRef?: ImageRef;
  observedPreviousRef?: ImageRef | null;
  expected: Record<string, unknown>;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Compare an outcome (a value or a thrown error) with `expected`; `undefined` when it matches. */
function judge(expected: Record<string, unknown>, key: string, run: () => unknown): string | undefined {
  let value: unknown;
  try {
    value = run();
  } catch (err) {
    if (expected.error !== true) return `unexpected error: ${errorText(err)}`;
    const message = (err as Error).message;
    if (typeof expected.message === "string" && message !== expected.message)
      return `message: expected ${JSON.stringify(expected.message)}, got ${JSON.stringify(message)}`;
    if (typeof expected.messageContains === "string" && !message.includes(expected.messageContains))
      return `message ${JSON.stringify(message)} lacks ${JSON.stringify(expected.messageContains)}`;
    if (typeof expected.reason === "string" && (err as { reason?: unknown }).reason !== expected.reason)
      return `reason: expected ${expected.reason}, got ${String((err as { reason?: unknown }).reason)}`;
    return undefined;
  }
  if (expected.error === true) return `expected an error, got ${JSON.stringify(value)}`;
  if (!same(value, expected[key]))
    return `expected ${JSON.stringify(expected[key])}, got ${JSON.stringify(value)}`;
  return undefined;
}

function check(file: string, row: Row): string | undefined {
  const e = row.expected;
  switch (file) {
    case "selection.upstream":
    case "selection.derived":
      return judge(e, "latest", () =>
        selectLatestTag({ tags: row.tags ?? [], policy: row.policy ?? {}, filterTags: row.filterTags }),
      );
    case "filter-tags":
      return judge(e, "items", () =>
        filteredTagValues({ tags: row.tags ?? [], filterTags: row.filterTags ?? {} }).sort(),
      );
    case "exclusion-list":
      return judge(e, "tags", () => excludeTags({ tags: row.tags ?? [], exclusionList: row.exclusionList }));
    case "latest-tags": {
      // Go returns a nil slice (null in JSON) for no tags.
      const want = { latestTags: e.latestTags ?? [] };
      return judge(want, "latestTags", () => latestTags({ tags: row.tags ?? [] }));
    }
    case "parse-version":
      return judge(e, "valid", () => parseTagVersion(row.tag ?? "") !== undefined);
    case "policy-validation":
      return judge(e, "valid", () => {
        createPolicer({ policy: row.policy ?? {} });
        return true;
      });
    case "ready-message":
      return judge(e, "message", () =>
        imagePolicyReadyMessage({
          latestRef: row.latestRef as ImageRef,
          observedPreviousRef: row.observedPreviousRef,
        }),
      );
    default:
      return `no runner for ${file}.jsonl`;
  }
}

const corpus: Corpus = {
  name: "flux/image-policy",
  folder: "flux/image-policy",
  async run(dir) {
    const results: CaseResult[] = [];
    for (const path of jsonlFiles(dir)) {
      const file = basename(path).replace(/\.jsonl$/, "");
      const cases = jsonlCases<Row>(path);
      results.push(
        ...(await runEach(
          cases,
          (c) => c.id,
          (c) => check(file, c.row),
        )),
      );
    }
    return results;
  },
};

export default corpus;

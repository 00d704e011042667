import { readdirSync, readFileSync } from "node:fs";
import { GitOpsError, memFs, printYamlStream } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import { buildKustomization } from "../src/index.js";

interface RecordedCase {
  root: string;
  files: Record<string, { text?: string; base64?: string }>;
  /** kubectl's stdout; absent when kubectl failed. */
  expected?: string;
  error?: boolean;
}

/** Small trees recorded with `kubectl kustomize` (Kustomize v5.5.0): output, or the fact that it failed. */
const dir = new URL("./fixtures/kubectl/", import.meta.url);
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(new URL(f, dir), "utf8")) as RecordedCase] as const);

function bytes(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

describe("builds recorded with kubectl kustomize", () => {
  it.each(cases)("%s", (_name, c) => {
    const files: Record<string, string | Uint8Array> = {};
    for (const [p, f] of Object.entries(c.files))
      files[`/case/${p}`] = f.base64 !== undefined ? bytes(f.base64) : (f.text ?? "");
    const run = () =>
      printYamlStream(buildKustomization({ fs: memFs(files), path: `/case/${c.root}` }).resources);
    if (c.error) {
      expect(run).toThrow(GitOpsError);
      return;
    }
    expect(run()).toBe(c.expected);
  });
});

/**
 * Every ```ts block of the docs (docs/**\/*.md, packages/*\/README.md, README.md) runs here: written to a
 * temporary file inside the repository (so `@gitops-kit/*` resolve to the sources through the `source`
 * condition) and executed with tsx. A block must exit with code 0. Lines written `// => text` state what
 * the block prints: those lines must appear in its stdout, in that order. A block opts out only with
 * `no-run` on its fence (```ts no-run), and the skipped blocks are counted in the output.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = join(root, "node_modules", ".bin", "tsx");

interface Snippet {
  /** `file:line` of the opening fence, for test names and failure messages. */
  where: string;
  code: string;
  skip: boolean;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)(.*)$/;

/** The ```ts / ```typescript blocks of one Markdown text, with their `no-run` markers. */
function extractSnippets(markdown: string, file: string): Snippet[] {
  const lines = markdown.split("\n");
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang, rest] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = lines[j].trim();
      if (close.startsWith(fence) && close.slice(fence.length).trim() === "" && close[0] === fence[0]) break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    if (lang === "ts" || lang === "typescript") {
      out.push({ where: `${file}:${i + 1}`, code: `${body.join("\n")}\n`, skip: /\bno-run\b/.test(rest) });
    }
    i = j;
  }
  return out;
}

/** The `// => text` lines of a block: what it must print, in order. */
function expectedOutput(code: string): string[] {
  const out: string[] = [];
  for (const line of code.split("\n")) {
    const m = /\/\/ => ?(.*)$/.exec(line);
    if (m) out.push(m[1].trimEnd());
  }
  return out;
}

/** Whether `wanted` appears in `lines` as a subsequence (each wanted line after the previous one). */
function inOrder(lines: string[], wanted: string[]): string | undefined {
  let at = 0;
  for (const w of wanted) {
    while (at < lines.length && lines[at] !== w) at++;
    if (at === lines.length) return w;
    at++;
  }
  return undefined;
}

function markdownFiles(): string[] {
  const files = [join(root, "README.md")];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      // docs/api is typedoc's generated output, not documentation we write.
      if (entry.isDirectory() && path !== join(root, "docs", "api")) walk(path);
      else if (entry.isFile() && entry.name.endsWith(".md")) files.push(path);
    }
  };
  walk(join(root, "docs"));
  for (const pkg of readdirSync(join(root, "packages")).sort()) {
    try {
      readFileSync(join(root, "packages", pkg, "README.md"));
      files.push(join(root, "packages", pkg, "README.md"));
    } catch {
      // a package without a README has no snippets
    }
  }
  return files;
}

const snippets = markdownFiles().flatMap((file) =>
  extractSnippets(readFileSync(file, "utf8"), relative(root, file)),
);
const runnable = snippets.filter((s) => !s.skip);
const skipped = snippets.filter((s) => s.skip);

let workDir: string | undefined;
function tempDir(): string {
  workDir ??= mkdtempSync(join(root, ".docs-snippets-"));
  return workDir;
}

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  console.log(
    `docs snippets: ${runnable.length} run, ${skipped.length} skipped (no-run)` +
      (skipped.length > 0 ? `: ${skipped.map((s) => s.where).join(", ")}` : ""),
  );
});

function run(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      ["--conditions=source", file],
      { cwd: root, timeout: 120_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("extractSnippets", () => {
  it("finds ts blocks, their no-run marker and their expected output", () => {
    const md = [
      "text",
      "```ts",
      'console.log("a"); // => a',
      "```",
      "```sh",
      "echo no",
      "```",
      "````ts no-run",
      "```",
      "````",
    ].join("\n");
    const found = extractSnippets(md, "x.md");
    expect(found.map((s) => [s.where, s.skip])).toEqual([
      ["x.md:2", false],
      ["x.md:8", true],
    ]);
    expect(expectedOutput(found[0].code)).toEqual(["a"]);
    expect(inOrder(["a", "b", "c"], ["a", "c"])).toBeUndefined();
    expect(inOrder(["a", "b", "c"], ["c", "a"])).toBe("a");
  });
});

describe.concurrent("docs snippets", () => {
  it("finds snippets in the docs", () => {
    expect(runnable.length).toBeGreaterThan(10);
  });

  it.each(runnable.map((s, i) => [s.where, s, i] as const))(
    "%s",
    async (_where, snippet, index) => {
      const file = join(tempDir(), `snippet-${index}.ts`);
      writeFileSync(file, snippet.code);
      const { code, stdout, stderr } = await run(file);
      expect(code, `${snippet.where} exited with ${code}\n${stderr}\n${stdout}`).toBe(0);
      const wanted = expectedOutput(snippet.code);
      if (wanted.length > 0) {
        const missing = inOrder(
          stdout.split("\n").map((l) => l.trimEnd()),
          wanted,
        );
        expect(
          missing,
          `${snippet.where}: "${missing}" not printed in order; stdout:\n${stdout}`,
        ).toBeUndefined();
      }
    },
    180_000,
  );
});

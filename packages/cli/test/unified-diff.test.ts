import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffLines, unifiedDiff } from "../src/unified-diff.js";

/** What GNU `diff -u` prints for the two texts, without its timestamped header lines. */
function gnuDiff(before: string, after: string): string {
  const dir = mkdtempSync(join(tmpdir(), "gitops-kit-diff-"));
  writeFileSync(join(dir, "a"), before);
  writeFileSync(join(dir, "b"), after);
  try {
    execFileSync("diff", ["-u", join(dir, "a"), join(dir, "b")], { encoding: "utf8" });
    return "";
  } catch (err) {
    return (err as { stdout: string }).stdout.split("\n").slice(2).join("\n");
  }
}

const body = (text: string) => text.split("\n").slice(2).join("\n");

describe("unifiedDiff", () => {
  it("prints nothing for equal texts", () => {
    expect(unifiedDiff({ before: "a\nb\n", after: "a\nb\n", beforeName: "x", afterName: "y" })).toBe("");
  });

  it("prints headers and hunks with three lines of context, as diff -u", () => {
    const before = `${["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"].join("\n")}\n`;
    const after = `${["a", "B", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"].join("\n")}\n`;
    const out = unifiedDiff({ before, after, beforeName: "live", afterName: "merged" });
    expect(out).toBe(
      "--- live\n+++ merged\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -11,3 +11,4 @@\n k\n l\n m\n+n\n",
    );
    expect(body(out)).toBe(gnuDiff(before, after));
  });

  it("rebuilds both texts with as few edits as GNU diff (shortest scripts are not unique, so sizes are compared)", () => {
    const line = fc.constantFrom("a", "b", "c", "d");
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), (xs, ys) => {
        const before = xs.map((x) => `${x}\n`).join("");
        const after = ys.map((y) => `${y}\n`).join("");
        const script = diffLines(xs, ys);
        // The script rebuilds both texts.
        expect(script.filter((l) => l.op !== "+").map((l) => l.text)).toEqual(xs);
        expect(script.filter((l) => l.op !== "-").map((l) => l.text)).toEqual(ys);
        // And it is as short as GNU diff's.
        const ours = body(unifiedDiff({ before, after, beforeName: "a", afterName: "b" }));
        const theirs = gnuDiff(before, after);
        const edits = (t: string) => t.split("\n").filter((l) => /^[-+]/.test(l)).length;
        expect(edits(ours)).toBe(edits(theirs));
      }),
      { numRuns: 60 },
    );
  });

  it("stays bounded on large unrelated inputs", () => {
    const xs = Array.from({ length: 20000 }, (_, i) => `old ${i}`);
    const ys = Array.from({ length: 20000 }, (_, i) => `new ${i}`);
    const started = Date.now();
    const script = diffLines(xs, ys);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(script.length).toBe(40000);
  });
});

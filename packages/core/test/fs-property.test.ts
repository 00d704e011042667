/**
 * memFs against the real disk: random sequences of operations (files, directories, relative and
 * absolute links, loops, removals) applied to both must give the same results and the same errno.
 *
 * Left out on purpose, where memFs follows Linux and Go rather than Node's JavaScript helpers: `..` in
 * a caller's path (memFs cleans it lexically, there is no working directory), `realpath` through a
 * link target holding `..` (Node's realpathSync resolves it lexically) and `rm` of `link/`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { FileNotFoundError, type FileSystem, FileSystemError, memFs } from "../src/index.js";
import { nodeFs } from "../src/node.js";

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

/** The work root sits a few directories down so that link targets climbing with `..` stay in the sandbox. */
const NEST = "s1/s2/s3/work";

type Op =
  | { op: "writeFile"; path: string; text: string; mode: number }
  | { op: "mkdir"; path: string }
  | { op: "symlink"; target: string; path: string }
  | { op: "rm"; path: string; recursive: boolean; force: boolean }
  | { op: "readFile" | "readdir" | "stat" | "lstat" | "exists" | "readlink" | "realpath"; path: string };

const segment = fc.constantFrom("a", "b", "l", "m");
const path = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([parts, slash]) => parts.join("/") + (slash ? "/" : ""));
const plainPath = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/"));
const target = fc.oneof(
  plainPath,
  fc.constantFrom(
    "..",
    "../..",
    "../a",
    "../../s3",
    "../l",
    ".",
    "./a/",
    "missing",
    "a/../b",
    "@/a",
    "@/l",
    "@",
  ),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant("writeFile" as const),
    path,
    text: fc.string({ maxLength: 6 }),
    // Modes a umask of 022, 002 or 077 leaves alone, so the disk reports them as given.
    mode: fc.constantFrom(0o600, 0o700),
  }),
  fc.record({ op: fc.constant("mkdir" as const), path }),
  fc.record({ op: fc.constant("symlink" as const), target, path: plainPath }),
  fc.record({
    op: fc.constant("rm" as const),
    path: plainPath,
    recursive: fc.boolean(),
    force: fc.boolean(),
  }),
  fc.record({
    op: fc.constantFrom("readFile", "readdir", "stat", "lstat", "exists", "readlink", "realpath" as const),
    path,
  }),
);

/** Apply one operation; the outcome names the root `@` so both file systems can be compared. */
function apply(fs: FileSystem, root: string, o: Op, linksWithDotDot: boolean): unknown {
  const p = `${root}/${o.path}`;
  const hide = (s: string) => s.split(root).join("@");
  try {
    switch (o.op) {
      case "writeFile":
        return fs.writeFile(p, o.text, { mode: o.mode });
      case "mkdir":
        return fs.mkdir(p);
      case "symlink":
        return fs.symlink(o.target.replace(/^@/, root), p);
      case "rm":
        return fs.rm(p, { recursive: o.recursive, force: o.force });
      case "readFile":
        return fs.readFile(p, "utf8");
      case "readdir":
        return fs.readdir(p);
      case "stat":
      case "lstat": {
        const st = fs[o.op](p);
        const kind = st.isFile() ? "file" : st.isDirectory() ? "dir" : st.isSymbolicLink() ? "link" : "?";
        // Directory sizes and link permission bits are the platform's business; file sizes are not.
        return {
          kind,
          type: st.mode & 0o170000,
          ...(kind === "file" ? { mode: st.mode, size: st.size } : {}),
        };
      }
      case "exists":
        return fs.exists(p);
      case "readlink":
        return hide(fs.readlink(p));
      case "realpath":
        return linksWithDotDot ? "skipped" : hide(fs.realpath(p));
    }
  } catch (err) {
    if (err instanceof FileNotFoundError || err instanceof FileSystemError) return `error ${err.errno}`;
    throw err;
  }
}

describe("memFs behaves as the disk", () => {
  it("for random sequences of operations", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        const disk = mkdtempSync(join(tmpdir(), "gitops-kit-fs-prop-"));
        tempDirs.push(disk);
        const sides = [
          { fs: memFs(), root: `/sandbox/${NEST}` },
          { fs: nodeFs(), root: `${disk}/${NEST}` },
        ];
        for (const side of sides) side.fs.mkdir(side.root);
        let linksWithDotDot = false;
        const log: string[] = [];
        for (const o of ops) {
          if (o.op === "symlink" && o.target.split("/").includes("..")) linksWithDotDot = true;
          const [mem, real] = sides.map((s) => apply(s.fs, s.root, o, linksWithDotDot));
          log.push(`${JSON.stringify(o)} -> ${JSON.stringify(real)}`);
          expect(mem, log.join("\n")).toEqual(real);
        }
        rmSync(disk, { recursive: true, force: true });
      }),
      { numRuns: 300 },
    );
  });
});

import { memFs, posixPath } from "@gitops-kit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArchiveError, archiveDirectory, extractArchive, readTar } from "../src/index.js";
import { tarOf } from "./helpers/tar.js";

const segment = fc
  .oneof(
    fc.stringMatching(/^[a-z0-9._-]{1,12}$/),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }),
    fc.constant("x".repeat(90)),
  )
  .filter((s) => s !== "." && s !== ".." && !s.includes("/") && !s.includes("\0") && !s.includes("\\"));

const relPath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));

function tarOfFiles(entries: { name: string; data: Uint8Array }[]): Uint8Array {
  return tarOf((w) => {
    for (const e of entries) w.add({ name: e.name, type: "file", mode: 0o600 }, e.data);
  });
}

describe("archive properties", () => {
  it("reads back every name and byte the writer wrote", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: relPath, data: fc.uint8Array({ maxLength: 700 }) }), { maxLength: 6 }),
        (entries) => {
          const read = readTar(tarOfFiles(entries));
          expect(read.map((e) => e.name)).toEqual(entries.map((e) => e.name));
          expect(read.map((e) => e.data)).toEqual(entries.map((e) => e.data));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("archives and extracts a tree to the same files", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(relPath, { maxLength: 6 }),
        fc.string({ maxLength: 40 }),
        (paths, content) => {
          const fs = memFs();
          fs.mkdir("/t");
          const written: string[] = [];
          for (const p of paths) {
            const parent = posixPath.dirname(`/t/${p}`);
            // Skip paths that collide with a file written earlier (a file cannot also be a directory).
            if (written.some((w) => `/t/${p}`.startsWith(`/t/${w}/`) || `/t/${w}`.startsWith(`/t/${p}/`)))
              continue;
            fs.mkdir(parent);
            fs.writeFile(`/t/${p}`, content + p);
            written.push(p);
          }
          const archive = archiveDirectory({ fs, dir: "/t" });
          const out = memFs();
          const result = extractArchive({ fs: out, dir: "/o", data: archive.tarGz });
          expect(result.files.sort()).toEqual([...written].sort());
          for (const p of written) expect(out.readFile(`/o/${p}`, "utf8")).toBe(content + p);
          expect(archiveDirectory({ fs: out, dir: "/o" }).digest).toBe(archive.digest);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("never writes outside the target, whatever the entry names", () => {
    const hostile = fc
      .array(fc.oneof(segment, fc.constantFrom("..", ".", "", "/", "\\..")), { minLength: 1, maxLength: 5 })
      .map((parts) => parts.join("/"));
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 5 }), (names) => {
        const fs = memFs();
        fs.mkdir("/sandbox/target");
        const data = tarOfFiles(names.map((name) => ({ name, data: new Uint8Array([1]) })));
        try {
          extractArchive({ fs, dir: "/sandbox/target", data });
        } catch (err) {
          expect(err).toBeInstanceOf(ArchiveError);
        }
        // Nothing appeared next to the target or at the root.
        expect(fs.readdir("/sandbox")).toEqual(["target"]);
        expect(fs.readdir("/")).toEqual(["sandbox"]);
      }),
      { numRuns: 200 },
    );
  });
});

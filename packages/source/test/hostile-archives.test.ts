import { memFs } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { describe, expect, it } from "vitest";
import { FIELD, headerChecksum, octalField } from "../src/artifact/tar-format.js";
import {
  ArchiveError,
  extractArchive,
  gzipDeterministic,
  readTar,
  type TarHeader,
  TarWriter,
} from "../src/index.js";
import { tempDir } from "./helpers/git-repo.js";

const text = (s: string) => new TextEncoder().encode(s);

type Item = { header: TarHeader; data?: Uint8Array; typeflag?: string };

/** Build a tar; `typeflag` overrides the written type flag (devices, FIFOs, unknown types). */
function tar(items: Item[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const w = new TarWriter((c) => chunks.push(c));
  for (const item of items) {
    const start = chunks.length;
    w.add(item.header, item.data);
    if (item.typeflag) {
      const block = chunks[start].slice();
      block[FIELD.typeflag[0]] = item.typeflag.charCodeAt(0);
      const sum = octalField(7, headerChecksum(block));
      for (let i = 0; i < 6; i++) block[FIELD.checksum[0] + i] = sum.charCodeAt(i);
      chunks[start] = block;
    }
  }
  w.finish();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

const file = (name: string, content = "x"): Item => ({
  header: { name, type: "file", mode: 0o644 },
  data: text(content),
});
const link = (name: string, target: string): Item => ({
  header: { name, type: "symlink", mode: 0o777, linkname: target },
});

function refused(
  data: Uint8Array,
  options: Partial<Parameters<typeof extractArchive>[0]> = {},
): ArchiveError {
  const fs = options.fs ?? memFs();
  try {
    extractArchive({ fs, dir: "/out", data, ...options });
  } catch (err) {
    expect(err).toBeInstanceOf(ArchiveError);
    return err as ArchiveError;
  }
  throw new Error("archive was accepted");
}

describe("hostile archives", () => {
  it.each([
    ["../evil.txt", "contains '..'"],
    ["a/../../evil.txt", "contains '..'"],
    ["/etc/passwd", "is absolute"],
    ["a\\..\\evil", "backslash"],
  ])("refuses the entry name %s", (name, why) => {
    const err = refused(gzipDeterministic(tar([file(name)])));
    expect(err.code).toBe("ARCHIVE_UNSAFE_PATH");
    expect(err.entry).toBe(name);
    expect(err.message).toContain(why);
  });

  it("refuses a traversal hidden in a PAX path record", () => {
    const name = `../${"y".repeat(120)}`;
    const err = refused(tar([file(name)]));
    expect(err.entry).toBe(name);
  });

  it("refuses links pointing outside, and files written through links", () => {
    expect(refused(tar([link("l", "../../outside")]), { symlinks: "within" }).code).toBe(
      "ARCHIVE_UNSAFE_LINK",
    );
    expect(refused(tar([link("l", "/etc")]), { symlinks: "within" }).code).toBe("ARCHIVE_UNSAFE_LINK");
    expect(refused(tar([link("l", "x")]), { symlinks: "error" }).code).toBe("ARCHIVE_UNSAFE_LINK");

    // A link inside is allowed with "within", but nothing is ever written through a link that leaves.
    const fs = memFs();
    extractArchive({
      fs,
      dir: "/out",
      data: tar([file("d/a.txt", "a"), link("l", "d/a.txt")]),
      symlinks: "within",
    });
    expect(fs.readlink("/out/l")).toBe("d/a.txt");
    expect(fs.readFile("/out/l", "utf8")).toBe("a");
  });

  it("does not follow a pre-existing link out of the target", () => {
    const disk = tempDir();
    try {
      const fs = nodeFs();
      fs.mkdir(`${disk.path}/out`);
      fs.mkdir(`${disk.path}/outside`);
      fs.symlink("../outside", `${disk.path}/out/escape`);
      const err = refused(tar([file("escape/pwned.txt")]), { fs, dir: `${disk.path}/out` });
      expect(err.code).toBe("ARCHIVE_UNSAFE_PATH");
      expect(fs.exists(`${disk.path}/outside/pwned.txt`)).toBe(false);
    } finally {
      disk.remove();
    }
  });

  it("skips symlinks by default and replaces, not follows, a link with a file", () => {
    const fs = memFs();
    const result = extractArchive({ fs, dir: "/out", data: tar([link("l", "../../x"), file("ok.txt")]) });
    expect(result.symlinks.skipped).toEqual(["l"]);
    expect(fs.exists("/out/l")).toBe(false);
    fs.mkdir("/elsewhere");
    fs.writeFile("/elsewhere/target", "keep");
    fs.symlink("/elsewhere/target", "/out/f");
    extractArchive({ fs, dir: "/out", data: tar([file("f", "new")]) });
    expect(fs.readFile("/elsewhere/target", "utf8")).toBe("keep");
    expect(fs.readFile("/out/f", "utf8")).toBe("new");
  });

  it.each([
    ["1", "hard link"],
    ["3", "character device"],
    ["4", "block device"],
    ["6", "FIFO"],
    ["Z", "entry of type 'Z'"],
  ])("refuses entries of type %s", (typeflag, what) => {
    const err = refused(tar([{ ...file("dev"), data: undefined, typeflag }]));
    expect(err.code).toBe("ARCHIVE_UNSUPPORTED_ENTRY");
    expect(err.message).toContain(what);
    expect(err.entry).toBe("dev");
  });

  it("enforces size and entry-count limits, also against decompression bombs", () => {
    const big = tar([file("big", "z".repeat(10_000))]);
    expect(refused(big, { maxSize: 5_000 }).code).toBe("ARCHIVE_TOO_LARGE");
    const bomb = gzipDeterministic(new Uint8Array(50_000_000));
    expect(bomb.length).toBeLessThan(100_000);
    const err = refused(bomb, { maxSize: 1_000_000, maxEntries: 10 });
    expect(err.code).toBe("ARCHIVE_TOO_LARGE");
    const many = tar(Array.from({ length: 20 }, (_, i) => file(`f${i}`)));
    const tooMany = refused(many, { maxEntries: 10 });
    expect(tooMany.code).toBe("ARCHIVE_TOO_MANY_ENTRIES");
  });

  it("reports malformed archives", () => {
    const good = tar([file("a.txt", "hello")]);
    const badSum = good.slice();
    badSum[0] = "b".charCodeAt(0);
    expect(refused(badSum).message).toMatch(/checksum/);
    expect(refused(good.subarray(0, 515)).message).toMatch(/past the end/);
    const badPax = tar([file(`${"q".repeat(120)}`)]);
    badPax[512] = "9".charCodeAt(0);
    expect(refused(badPax).code).toBe("ARCHIVE_INVALID");
  });

  it("reads GNU long names and V7 directories", () => {
    // A GNU 'L' record carries the next entry's name.
    const longName = `gnu/${"n".repeat(150)}`;
    const archive = tar([
      {
        header: { name: "././@LongLink", type: "file", mode: 0 },
        data: text(`${longName}\0`),
        typeflag: "L",
      },
      file("short"),
      { header: { name: "olddir/", type: "file", mode: 0o755 }, typeflag: "\0" },
    ]);
    const entries = readTar(archive);
    expect(entries.map((e) => [e.name, e.kind])).toEqual([
      [longName, "file"],
      ["olddir/", "dir"],
    ]);
  });
});

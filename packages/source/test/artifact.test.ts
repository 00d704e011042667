import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { memFs, sha256Hex } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { describe, expect, it } from "vitest";
import {
  archiveDirectory,
  crc32,
  extractArchive,
  gunzipBounded,
  gzipDeterministic,
  readTar,
  sourceTreeIgnoreFilter,
} from "../src/index.js";
import { tempDir } from "./helpers/git-repo.js";
import { tarOf } from "./helpers/tar.js";

const text = (s: string) => new TextEncoder().encode(s);

describe("archiveDirectory", () => {
  // The tree of Flux's `long-name` artifact vector; its uncompressed tar is byte-identical to Flux's.
  const longName = `dir/${"x".repeat(120)}.yaml`;

  it("writes Flux's tar layout byte for byte (PAX header for a long name)", () => {
    const fs = memFs({ [`/t/${longName}`]: "long\n", "/t/short.yaml": "s\n" });
    const archive = archiveDirectory({ fs, dir: "/t", filter: sourceTreeIgnoreFilter({ fs, dir: "/t" }) });
    expect(archive.tarDigest).toBe("sha256:875cd87219e82734332aff19512f469d326b2eb872a153d416e6560ada63f3a1");
    expect(archive.tarSize).toBe(5120);
    expect(archive.entries).toEqual([".", "dir", longName, "short.yaml"]);
    expect([...archive.tarGz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    const tar = gunzipBounded(archive.tarGz, { maxBytes: 1 << 20 });
    expect(`sha256:${sha256Hex(tar)}`).toBe(archive.tarDigest);
    const entries = readTar(tar);
    expect(entries[2].paxHeaders).toEqual({ path: longName });
    // The PAX header block is named <dir>/PaxHeaders.0/<file>, truncated to 100 bytes, mode 0.
    const paxName = new TextDecoder().decode(tar.subarray(1024, 1124)).replace(/\0+$/, "");
    expect(paxName).toBe(`dir/PaxHeaders.0/${"x".repeat(83)}`);
  });

  it("normalises modes, owners and times, and skips symlinks", () => {
    const fs = memFs({ "/t/a.txt": "a", "/t/sub/b.txt": "b" });
    fs.writeFile("/t/run.sh", "#!/bin/sh\n", { mode: 0o751 });
    fs.symlink("a.txt", "/t/link");
    const entries = readTar(gunzipBounded(archiveDirectory({ fs, dir: "/t" }).tarGz, { maxBytes: 1 << 20 }));
    expect(entries.map((e) => [e.name, e.kind, e.mode.toString(8), e.uid, e.gid, e.uname, e.mtime])).toEqual([
      [".", "dir", "750", 0, 0, "", 0],
      ["a.txt", "file", "600", 0, 0, "", 0],
      ["run.sh", "file", "700", 0, 0, "", 0],
      ["sub", "dir", "750", 0, 0, "", 0],
      ["sub/b.txt", "file", "600", 0, 0, "", 0],
    ]);
  });

  it("gives the same digest for the same tree in memFs() and on disk, and a new one for any change", () => {
    const files = { "deploy/app.yaml": "kind: Deployment\n", "README.md": "hi\n" };
    const mem = memFs(Object.fromEntries(Object.entries(files).map(([k, v]) => [`/t/${k}`, v])));
    const a = archiveDirectory({ fs: mem, dir: "/t" });
    const disk = tempDir();
    try {
      for (const [k, v] of Object.entries(files)) {
        mkdirSync(`${disk.path}/t/${k.split("/").slice(0, -1).join("/")}`, { recursive: true });
        writeFileSync(`${disk.path}/t/${k}`, v);
      }
      const b = archiveDirectory({ fs: nodeFs(), dir: `${disk.path}/t` });
      expect(b.digest).toBe(a.digest);
      expect(b.tarGz).toEqual(a.tarGz);
    } finally {
      disk.remove();
    }
    mem.writeFile("/t/README.md", "hi!\n");
    expect(archiveDirectory({ fs: mem, dir: "/t" }).digest).not.toBe(a.digest);
  });

  it("visits children of an ignored directory unless the filter allows pruning", () => {
    const fs = memFs({ "/t/secret/key.txt": "k", "/t/secret/pub.txt": "p" });
    const withNegation = sourceTreeIgnoreFilter({ fs, dir: "/t", ignore: "secret/\n!secret/pub.txt\n" });
    expect(withNegation.prunable).toBe(false);
    expect(archiveDirectory({ fs, dir: "/t", filter: withNegation }).entries).toEqual([
      ".",
      "secret/pub.txt",
    ]);
    const plain = sourceTreeIgnoreFilter({ fs, dir: "/t", ignore: "secret/\n" });
    expect(plain.prunable).toBe(true);
    expect(archiveDirectory({ fs, dir: "/t", filter: plain }).entries).toEqual(["."]);
  });

  it("is readable by GNU tar, long names included", () => {
    const fs = memFs({ [`/t/${longName}`]: "long\n", [`/t/${"p/".repeat(60)}f.txt`]: "deep\n" });
    const disk = tempDir();
    try {
      writeFileSync(`${disk.path}/a.tar.gz`, archiveDirectory({ fs, dir: "/t" }).tarGz);
      mkdirSync(`${disk.path}/out`);
      execFileSync("tar", ["-xzf", `${disk.path}/a.tar.gz`, "-C", `${disk.path}/out`]);
      expect(readFileSync(`${disk.path}/out/${longName}`, "utf8")).toBe("long\n");
      expect(readFileSync(`${disk.path}/out/${"p/".repeat(60)}f.txt`, "utf8")).toBe("deep\n");
    } finally {
      disk.remove();
    }
  });
});

describe("TarWriter", () => {
  it("splits long ASCII paths into USTAR prefix and name like Go", () => {
    const name = `${"d".repeat(120)}/file.txt`;
    const tar = tarOf((w) => w.add({ name, type: "file", mode: 0o600 }, text("x")));
    const prefix = new TextDecoder().decode(tar.subarray(345, 500)).replace(/\0+$/, "");
    expect(prefix).toBe("d".repeat(120));
    expect(readTar(tar)[0].name).toBe(name);
    expect(readTar(tar)[0].paxHeaders).toBeNull();
  });

  it("uses PAX records for non-ASCII names and link targets", () => {
    const tar = tarOf((w) => {
      w.add({ name: "héllo.txt", type: "file", mode: 0o600 }, text("h"));
      w.add({ name: "l", type: "symlink", mode: 0o777, linkname: "t".repeat(101) });
    });
    const [file, link] = readTar(tar);
    expect(file.name).toBe("héllo.txt");
    expect(file.paxHeaders).toEqual({ path: "héllo.txt" });
    expect(link.linkname).toBe("t".repeat(101));
  });

  it("refuses NUL bytes and sizes that do not match", () => {
    expect(() => tarOf((w) => w.add({ name: "a\0b", type: "file", mode: 0o600 }))).toThrow(/NUL/);
    expect(() => tarOf((w) => w.add({ name: "a", type: "file", mode: 0o600, size: 3 }, text("x")))).toThrow(
      /size/,
    );
  });
});

describe("gzip", () => {
  it("round-trips deterministically and checks the trailer", () => {
    const data = text("hello ".repeat(1000));
    const a = gzipDeterministic(data);
    expect(gzipDeterministic(data)).toEqual(a);
    expect(gunzipBounded(a, { maxBytes: 10_000 })).toEqual(data);
    const corrupt = a.slice();
    corrupt[corrupt.length - 8] ^= 0xff;
    expect(() => gunzipBounded(corrupt, { maxBytes: 10_000 })).toThrow(/checksum/);
    expect(() => gunzipBounded(a.subarray(0, a.length - 4), { maxBytes: 10_000 })).toThrow();
    expect(() => gunzipBounded(text("not gzip at all......"), { maxBytes: 10 })).toThrow(/not gzip/);
  });

  it("computes CRC-32 as the gzip trailer does", () => {
    expect(crc32(text("123456789")).toString(16)).toBe("cbf43926");
  });
});

describe("extractArchive", () => {
  it("restores an artifact, optionally only a sub-path", () => {
    const src = memFs({ "/t/a/b.txt": "b", "/t/a/c/d.txt": "d" });
    src.writeFile("/t/e.txt", "e", { mode: 0o755 });
    const { tarGz } = archiveDirectory({ fs: src, dir: "/t" });
    const fs = memFs();
    const all = extractArchive({ fs, dir: "/out", data: tarGz });
    expect(all.files.sort()).toEqual(["a/b.txt", "a/c/d.txt", "e.txt"]);
    expect(fs.readFile("/out/a/c/d.txt", "utf8")).toBe("d");
    expect(fs.stat("/out/e.txt").mode & 0o777).toBe(0o700);
    extractArchive({ fs, dir: "/sub", data: tarGz, subPath: "a" });
    expect(fs.readdir("/sub")).toEqual(["b.txt", "c"]);
  });
});

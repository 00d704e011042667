import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import {
  FileNotFoundError,
  type FileSystem,
  FileSystemError,
  memFs,
  NotFoundError,
  PathEscapeError,
  resolveWithin,
} from "../src/index.js";
import { nodeFs } from "../src/node.js";

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

/** Each implementation gets a fresh root directory to work in. */
const implementations: Array<[string, () => { fs: FileSystem; root: string }]> = [
  ["memFs", () => ({ fs: memFs(), root: "/work" })],
  [
    "nodeFs",
    () => {
      const root = mkdtempSync(join(tmpdir(), "gitops-kit-fs-"));
      tempDirs.push(root);
      return { fs: nodeFs(), root: `${root}/work` };
    },
  ],
];

describe.each(implementations)("%s", (_name, make) => {
  function setup() {
    const { fs, root } = make();
    fs.mkdir(`${root}/repo/apps/base`);
    fs.writeFile(`${root}/repo/apps/base/kustomization.yaml`, "resources: []\n");
    fs.writeFile(`${root}/secret.txt`, "outside");
    return { fs, root, repo: `${root}/repo` };
  }

  it("reads bytes and text, writes, stats", () => {
    const { fs, repo } = setup();
    fs.writeFile(`${repo}/bin`, new Uint8Array([0, 255, 10]));
    const bytes = fs.readFile(`${repo}/bin`);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    expect([...bytes]).toEqual([0, 255, 10]);
    fs.writeFile(`${repo}/t.txt`, "héllo\n");
    expect(fs.readFile(`${repo}/t.txt`, "utf8")).toBe("héllo\n");
    expect(fs.readFile(`${repo}/t.txt`).length).toBe(7);
    const st = fs.stat(`${repo}/t.txt`);
    expect(st.isFile()).toBe(true);
    expect(st.isDirectory()).toBe(false);
    expect(st.size).toBe(7);
    expect(fs.stat(`${repo}/apps`).isDirectory()).toBe(true);
    expect(fs.exists(`${repo}/t.txt`)).toBe(true);
    expect(fs.exists(`${repo}/nope`)).toBe(false);
  });

  it("keeps a byte order mark in text reads", () => {
    const { fs, repo } = setup();
    fs.writeFile(`${repo}/bom.yaml`, "\ufeffa: 1\n");
    expect(fs.readFile(`${repo}/bom.yaml`, "utf8")).toBe("\ufeffa: 1\n");
  });

  it("lists directories sorted by code point", () => {
    const { fs, repo } = setup();
    for (const n of ["b", "B", "a", "_x", "ä", "10", "9"]) fs.writeFile(`${repo}/apps/${n}`, "");
    expect(fs.readdir(`${repo}/apps`)).toEqual(["10", "9", "B", "_x", "a", "b", "base", "ä"]);
  });

  it("mkdir is recursive and idempotent; rm needs recursive for directories", () => {
    const { fs, repo } = setup();
    fs.mkdir(`${repo}/x/y/z`);
    fs.mkdir(`${repo}/x/y/z`);
    fs.writeFile(`${repo}/x/y/z/f`, "1");
    expect(() => fs.rm(`${repo}/x`)).toThrow(FileSystemError);
    fs.rm(`${repo}/x`, { recursive: true });
    expect(fs.exists(`${repo}/x`)).toBe(false);
    expect(() => fs.rm(`${repo}/x`)).toThrow(FileNotFoundError);
    fs.rm(`${repo}/x`, { force: true });
  });

  it("reports typed errors naming the path", () => {
    const { fs, repo } = setup();
    const missing = `${repo}/missing.yaml`;
    try {
      fs.readFile(missing, "utf8");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FileNotFoundError);
      expect(err).toBeInstanceOf(NotFoundError);
      expect((err as FileNotFoundError).code).toBe("NOT_FOUND");
      expect((err as Error).message).toContain(missing);
    }
    try {
      fs.readFile(`${repo}/apps`);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FileSystemError);
      expect((err as FileSystemError).errno).toBe("EISDIR");
      expect((err as Error).message).toContain(`${repo}/apps`);
    }
    expect(() => fs.writeFile(`${repo}/no/such/dir/f`, "x")).toThrow(FileNotFoundError);
  });

  it("handles symlinks: lstat, readlink, realpath, dangling links", () => {
    const { fs, repo } = setup();
    fs.symlink("apps/base", `${repo}/link`);
    expect(fs.lstat(`${repo}/link`).isSymbolicLink()).toBe(true);
    expect(fs.stat(`${repo}/link`).isDirectory()).toBe(true);
    expect(fs.readlink(`${repo}/link`)).toBe("apps/base");
    expect(fs.readFile(`${repo}/link/kustomization.yaml`, "utf8")).toBe("resources: []\n");
    expect(fs.realpath(`${repo}/link/kustomization.yaml`)).toBe(
      fs.realpath(`${repo}/apps/base/kustomization.yaml`),
    );
    fs.symlink("nowhere", `${repo}/dangling`);
    expect(fs.exists(`${repo}/dangling`)).toBe(false);
    expect(fs.lstat(`${repo}/dangling`).isSymbolicLink()).toBe(true);
    fs.rm(`${repo}/link`);
    expect(fs.exists(`${repo}/apps/base/kustomization.yaml`)).toBe(true);
  });

  function errnoOf(call: () => unknown): string {
    try {
      call();
    } catch (err) {
      if (err instanceof FileNotFoundError || err instanceof FileSystemError) return err.errno;
      throw err;
    }
    return "none";
  }

  it("reports link loops as ELOOP and follows at most 40 links per path", () => {
    const { fs, repo } = setup();
    fs.symlink("loop-b", `${repo}/loop-a`);
    fs.symlink("loop-a", `${repo}/loop-b`);
    for (const call of [
      () => fs.stat(`${repo}/loop-a`),
      () => fs.readFile(`${repo}/loop-a`),
      () => fs.readdir(`${repo}/loop-a`),
      () => fs.realpath(`${repo}/loop-a`),
      () => fs.writeFile(`${repo}/loop-a`, "x"),
      () => fs.mkdir(`${repo}/loop-a/x`),
      () => fs.readFile(`${repo}/loop-a/x`),
    ]) {
      expect(errnoOf(call)).toBe("ELOOP");
    }
    expect(fs.exists(`${repo}/loop-a`)).toBe(false);
    expect(fs.lstat(`${repo}/loop-a`).isSymbolicLink()).toBe(true);
    expect(fs.readlink(`${repo}/loop-a`)).toBe("loop-b");
    // A chain of n links ending at a file: 40 resolve, 41 do not (Linux's MAXSYMLINKS).
    fs.mkdir(`${repo}/chain`);
    fs.writeFile(`${repo}/chain/end`, "end");
    for (let i = 0; i < 41; i++) fs.symlink(i === 40 ? "end" : `l${i + 1}`, `${repo}/chain/l${i}`);
    expect(fs.readFile(`${repo}/chain/l1`, "utf8")).toBe("end");
    expect(errnoOf(() => fs.readFile(`${repo}/chain/l0`))).toBe("ELOOP");
  });

  it("refuses to put a directory or link where something exists (EEXIST) or under a file (ENOTDIR)", () => {
    const { fs, repo } = setup();
    fs.writeFile(`${repo}/file`, "f");
    fs.symlink("file", `${repo}/file-link`);
    fs.symlink("nowhere", `${repo}/dangling`);
    expect(errnoOf(() => fs.mkdir(`${repo}/file`))).toBe("EEXIST");
    expect(errnoOf(() => fs.mkdir(`${repo}/file-link`))).toBe("EEXIST");
    expect(errnoOf(() => fs.mkdir(`${repo}/file/sub`))).toBe("ENOTDIR");
    expect(errnoOf(() => fs.mkdir(`${repo}/dangling/sub`))).toBe("ENOENT");
    for (const taken of ["file", "apps", "dangling"]) {
      expect(
        errnoOf(() => fs.symlink("x", `${repo}/${taken}`)),
        taken,
      ).toBe("EEXIST");
    }
    expect(errnoOf(() => fs.symlink("x", `${repo}/no/such/link`))).toBe("ENOENT");
    expect(errnoOf(() => fs.readdir(`${repo}/file`))).toBe("ENOTDIR");
    expect(errnoOf(() => fs.readFile(`${repo}/file/x`))).toBe("ENOTDIR");
    expect(errnoOf(() => fs.writeFile(`${repo}/file/x`, ""))).toBe("ENOTDIR");
    expect(errnoOf(() => fs.writeFile(`${repo}/apps`, ""))).toBe("EISDIR");
    expect(errnoOf(() => fs.readlink(`${repo}/file`))).toBe("EINVAL");
    expect(errnoOf(() => fs.rm(`${repo}/file/x`, { force: true }))).toBe("ENOTDIR");
    fs.rm(`${repo}/no/such/parent`, { force: true });
    // Nothing was changed by the refusals.
    expect(fs.readFile(`${repo}/file`, "utf8")).toBe("f");
    expect(fs.readdir(`${repo}/apps`)).toEqual(["base"]);
  });

  it("rm of a link removes the link, never the directory or file behind it", () => {
    const { fs, repo } = setup();
    fs.symlink("apps/base", `${repo}/to-dir`);
    fs.symlink(`${repo}/apps/base`, `${repo}/to-dir-abs`);
    fs.symlink("apps/base/kustomization.yaml", `${repo}/to-file`);
    fs.rm(`${repo}/to-dir`);
    fs.rm(`${repo}/to-dir-abs`, { recursive: true });
    fs.rm(`${repo}/to-file`);
    for (const gone of ["to-dir", "to-dir-abs", "to-file"]) {
      expect(
        errnoOf(() => fs.lstat(`${repo}/${gone}`)),
        gone,
      ).toBe("ENOENT");
    }
    expect(fs.readdir(`${repo}/apps/base`)).toEqual(["kustomization.yaml"]);
    expect(fs.readFile(`${repo}/apps/base/kustomization.yaml`, "utf8")).toBe("resources: []\n");
    expect(errnoOf(() => fs.rm(`${repo}/apps/base`))).toBe("EISDIR");
    fs.mkdir(`${repo}/empty`);
    expect(errnoOf(() => fs.rm(`${repo}/empty`))).toBe("EISDIR");
  });

  it("reports mode bits with the file type bits", () => {
    const { fs, repo } = setup();
    fs.writeFile(`${repo}/private`, "x", { mode: 0o600 });
    expect(fs.stat(`${repo}/private`).mode).toBe(0o100600);
    // Replacing a file keeps its mode, as on disk.
    fs.writeFile(`${repo}/private`, "xy", { mode: 0o644 });
    expect(fs.stat(`${repo}/private`).mode).toBe(0o100600);
    fs.writeFile(`${repo}/script`, "#!/bin/sh\n", { mode: 0o755 });
    expect(fs.stat(`${repo}/script`).mode).toBe(0o100755);
    expect(fs.stat(`${repo}/apps`).mode & 0o170000).toBe(0o040000);
    fs.symlink("private", `${repo}/link`);
    expect(fs.lstat(`${repo}/link`).mode).toBe(0o120777);
    expect(fs.lstat(`${repo}/link`).size).toBe("private".length);
    expect(fs.stat(`${repo}/link`).mode).toBe(0o100600);
  });

  it("writes through links: a linked directory, a linked file, a dangling link", () => {
    const { fs, repo } = setup();
    fs.symlink("apps/base", `${repo}/linked-dir`);
    fs.writeFile(`${repo}/linked-dir/new.yaml`, "new\n");
    expect(fs.readFile(`${repo}/apps/base/new.yaml`, "utf8")).toBe("new\n");
    fs.mkdir(`${repo}/linked-dir/sub/dir`);
    expect(fs.stat(`${repo}/apps/base/sub/dir`).isDirectory()).toBe(true);
    fs.symlink("apps/base/new.yaml", `${repo}/linked-file`);
    fs.writeFile(`${repo}/linked-file`, "replaced\n");
    expect(fs.readFile(`${repo}/apps/base/new.yaml`, "utf8")).toBe("replaced\n");
    expect(fs.lstat(`${repo}/linked-file`).isSymbolicLink()).toBe(true);
    fs.symlink("apps/created.yaml", `${repo}/dangling`);
    fs.writeFile(`${repo}/dangling`, "created\n");
    expect(fs.readFile(`${repo}/apps/created.yaml`, "utf8")).toBe("created\n");
    expect(fs.readlink(`${repo}/dangling`)).toBe("apps/created.yaml");
  });

  it("resolves a link target from the link's directory, .. from where the link leads", () => {
    const { fs, repo } = setup();
    fs.writeFile(`${repo}/apps/top.yaml`, "top\n");
    fs.symlink("../top.yaml", `${repo}/apps/base/up`);
    expect(fs.readFile(`${repo}/apps/base/up`, "utf8")).toBe("top\n");
    // `to-base/..` climbs from apps/base (where the link leads), not from the link's own directory.
    fs.symlink("apps/base", `${repo}/to-base`);
    fs.symlink("to-base/..", `${repo}/parent-of-base`);
    expect(fs.readdir(`${repo}/parent-of-base`)).toEqual(["base", "top.yaml"]);
    expect(fs.readFile(`${repo}/parent-of-base/top.yaml`, "utf8")).toBe("top\n");
    expect(fs.realpath(`${repo}/to-base/up`)).toBe(fs.realpath(`${repo}/apps/top.yaml`));
  });

  it("treats a trailing slash as naming a directory", () => {
    const { fs, repo } = setup();
    fs.writeFile(`${repo}/file`, "f");
    fs.symlink("apps", `${repo}/dir-link`);
    expect(errnoOf(() => fs.readFile(`${repo}/file/`))).toBe("ENOTDIR");
    expect(errnoOf(() => fs.stat(`${repo}/file/`))).toBe("ENOTDIR");
    expect(fs.exists(`${repo}/file/`)).toBe(false);
    expect(fs.readdir(`${repo}/apps/`)).toEqual(["base"]);
    expect(fs.lstat(`${repo}/dir-link/`).isDirectory()).toBe(true);
    expect(fs.lstat(`${repo}/dir-link`).isSymbolicLink()).toBe(true);
    expect(errnoOf(() => fs.writeFile(`${repo}/new/`, "x"))).toBe("EISDIR");
    expect(errnoOf(() => fs.rm(`${repo}/file/`))).toBe("ENOTDIR");
  });

  it("does not climb above /", () => {
    const { fs, root } = setup();
    const up = "/..".repeat(root.split("/").length + 5);
    expect(fs.realpath(`${root}${up}`)).toBe("/");
    expect(fs.stat(`${root}${up}`).isDirectory()).toBe(true);
    expect(fs.readFile(`${root}${up}${root}/secret.txt`, "utf8")).toBe("outside");
  });

  it("copies data in and out: callers cannot change the stored bytes", () => {
    const { fs, repo } = setup();
    const data = new Uint8Array([1, 2, 3]);
    fs.writeFile(`${repo}/bin`, data);
    data[0] = 9;
    const read = fs.readFile(`${repo}/bin`);
    read[1] = 9;
    expect([...fs.readFile(`${repo}/bin`)]).toEqual([1, 2, 3]);
    // A view into a larger buffer stores just the view's bytes.
    fs.writeFile(`${repo}/view`, new Uint8Array([0, 1, 2, 3, 4]).subarray(1, 3));
    expect([...fs.readFile(`${repo}/view`)]).toEqual([1, 2]);
    const names = fs.readdir(`${repo}/apps`);
    names.push("added");
    expect(fs.readdir(`${repo}/apps`)).toEqual(["base"]);
  });

  it("writes text as UTF-8: sizes in bytes, a lone surrogate becomes U+FFFD", () => {
    const { fs, repo } = setup();
    fs.writeFile(`${repo}/t`, "a\u00e9\u20ac\u{1f600}");
    expect(fs.stat(`${repo}/t`).size).toBe(1 + 2 + 3 + 4);
    expect([...fs.readFile(`${repo}/t`)].slice(0, 3)).toEqual([0x61, 0xc3, 0xa9]);
    fs.writeFile(`${repo}/lone`, "x\ud800y");
    expect(fs.readFile(`${repo}/lone`, "utf8")).toBe("x\ufffdy");
    expect(fs.stat(`${repo}/lone`).size).toBe(5);
    fs.writeFile(`${repo}/invalid`, new Uint8Array([0x61, 0xff, 0x62]));
    expect(fs.readFile(`${repo}/invalid`, "utf8")).toBe("a\ufffdb");
    expect(fs.stat(`${repo}/invalid`).size).toBe(3);
  });

  it("stamps modification times at write", () => {
    const { fs, repo } = setup();
    const before = Date.now();
    fs.writeFile(`${repo}/stamped`, "x");
    const after = Date.now();
    const { mtimeMs } = fs.stat(`${repo}/stamped`);
    // Disk clocks may round down to the file system's granularity.
    expect(mtimeMs).toBeGreaterThanOrEqual(before - 1000);
    expect(mtimeMs).toBeLessThanOrEqual(after + 1);
  });

  describe("resolveWithin", () => {
    it("resolves paths inside the root, existing or not", () => {
      const { fs, repo } = setup();
      const r = resolveWithin({ fs, root: repo, path: "apps/base/kustomization.yaml" });
      expect(r.exists).toBe(true);
      expect(r.path).toBe(`${repo}/apps/base/kustomization.yaml`);
      expect(r.realPath).toBe(fs.realpath(`${repo}/apps/base/kustomization.yaml`));
      const n = resolveWithin({ fs, root: repo, path: "apps/new/file.yaml" });
      expect(n.exists).toBe(false);
      expect(n.realPath).toBe(`${r.realRoot}/apps/new/file.yaml`);
      expect(resolveWithin({ fs, root: repo, path: "apps/../apps/./base" }).exists).toBe(true);
      expect(resolveWithin({ fs, root: repo, path: "." }).realPath).toBe(r.realRoot);
      expect(resolveWithin({ fs, root: repo, path: `${repo}/apps` }).exists).toBe(true);
    });

    it("refuses .. escapes", () => {
      const { fs, repo } = setup();
      for (const p of ["../secret.txt", "apps/../../secret.txt", "..", "apps/base/../../../x"]) {
        expect(() => resolveWithin({ fs, root: repo, path: p }), p).toThrow(PathEscapeError);
      }
      try {
        resolveWithin({ fs, root: repo, path: "../secret.txt" });
      } catch (err) {
        expect((err as PathEscapeError).code).toBe("PATH_ESCAPE");
        expect((err as PathEscapeError).path).toBe("../secret.txt");
        expect((err as Error).message).toContain('"../secret.txt"');
      }
    });

    it("refuses absolute paths outside the root", () => {
      const { fs, root, repo } = setup();
      expect(() => resolveWithin({ fs, root: repo, path: `${root}/secret.txt` })).toThrow(PathEscapeError);
      expect(() => resolveWithin({ fs, root: repo, path: "/etc/passwd" })).toThrow(PathEscapeError);
      expect(() => resolveWithin({ fs, root: repo, path: `${repo}2/x` })).toThrow(PathEscapeError);
    });

    it("refuses symlinks to outside: direct, absolute, chained, via parents, dangling", () => {
      const { fs, root, repo } = setup();
      fs.symlink("../secret.txt", `${repo}/direct`);
      fs.symlink(`${root}/secret.txt`, `${repo}/absolute`);
      fs.symlink("hop2", `${repo}/hop1`);
      fs.symlink("apps/hop3", `${repo}/hop2`);
      fs.symlink("../../secret.txt", `${repo}/apps/hop3`);
      fs.symlink("..", `${repo}/parent`);
      fs.symlink("../nonexistent-outside", `${repo}/dangling`);
      const cases = ["direct", "absolute", "hop1", "parent/secret.txt", "dangling", "dangling/child.yaml"];
      for (const p of cases) {
        expect(() => resolveWithin({ fs, root: repo, path: p }), p).toThrow(PathEscapeError);
      }
      fs.mkdir(`${root}/outside-dir`);
      fs.symlink("../../outside-dir", `${repo}/apps/linked-parent`);
      expect(() => resolveWithin({ fs, root: repo, path: "apps/linked-parent/new.yaml" })).toThrow(
        PathEscapeError,
      );
    });

    it("follows symlinks that stay inside, including through the root being a link", () => {
      const { fs, root, repo } = setup();
      fs.symlink("apps/base", `${repo}/inside`);
      fs.symlink("inside", `${repo}/chain`);
      const r = resolveWithin({ fs, root: repo, path: "chain/kustomization.yaml" });
      expect(r.exists).toBe(true);
      expect(r.realPath).toBe(fs.realpath(`${repo}/apps/base/kustomization.yaml`));
      expect(r.path).toBe(`${repo}/chain/kustomization.yaml`);
      fs.symlink("repo", `${root}/repo-link`);
      const viaLink = resolveWithin({ fs, root: `${root}/repo-link`, path: "inside/kustomization.yaml" });
      expect(viaLink.realPath).toBe(r.realPath);
      // A link that leaves through the root link's name and comes back in is still inside.
      fs.symlink("../repo-link/apps", `${repo}/roundtrip`);
      expect(resolveWithin({ fs, root: repo, path: "roundtrip/base" }).exists).toBe(true);
    });

    it("reports link loops as ELOOP instead of hanging", () => {
      const { fs, repo } = setup();
      fs.symlink("loop-b", `${repo}/loop-a`);
      fs.symlink("loop-a", `${repo}/loop-b`);
      try {
        resolveWithin({ fs, root: repo, path: "loop-a/x" });
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(FileSystemError);
        expect((err as FileSystemError).errno).toBe("ELOOP");
      }
    });

    it("does not follow a link reached again after climbing out of a missing directory", () => {
      const { fs, root, repo } = setup();
      fs.symlink(`${root}`, `${repo}/out`);
      fs.symlink("missing/../out/secret.txt", `${repo}/tricky`);
      expect(() => resolveWithin({ fs, root: repo, path: "tricky" })).toThrow(PathEscapeError);
    });
  });
});

describe("resolveWithin with a relative root", () => {
  it("resolves the root as the file system does (memFs: from /)", () => {
    const fs = memFs({ "/repo/a.yaml": "" });
    expect(resolveWithin({ fs, root: "repo", path: "a.yaml" }).realPath).toBe("/repo/a.yaml");
    expect(() => resolveWithin({ fs, root: "repo", path: "../x" })).toThrow(PathEscapeError);
  });

  it("resolves the root as the file system does (nodeFs: from the working directory)", () => {
    const root = mkdtempSync(join(tmpdir(), "gitops-kit-rel-"));
    tempDirs.push(root);
    const fs = nodeFs();
    fs.mkdir(`${root}/repo`);
    fs.writeFile(`${root}/repo/a.yaml`, "");
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect(resolveWithin({ fs, root: "repo", path: "a.yaml" }).realPath).toBe(
        `${fs.realpath(root)}/repo/a.yaml`,
      );
      expect(() => resolveWithin({ fs, root: "repo", path: "../x" })).toThrow(PathEscapeError);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe("memFs", () => {
  it("creates initial files with their parents, relative paths from /", () => {
    const fs = memFs({ "/a/b/c.yaml": "x: 1\n", "rel/d.txt": new Uint8Array([65]) });
    expect(fs.readFile("/a/b/c.yaml", "utf8")).toBe("x: 1\n");
    expect(fs.readFile("/rel/d.txt", "utf8")).toBe("A");
    expect(fs.readFile("rel/d.txt", "utf8")).toBe("A");
    expect(fs.readdir("/")).toEqual(["a", "rel"]);
  });

  it("realpath climbs .. in a link target from where the link leads, as the kernel and Go do", () => {
    // Node's JavaScript realpathSync resolves such a target lexically (to /repo), so this is memFs only.
    const fs = memFs({ "/repo/apps/base/k.yaml": "" });
    fs.symlink("apps/base", "/repo/to-base");
    fs.symlink("to-base/..", "/repo/parent-of-base");
    expect(fs.realpath("/repo/parent-of-base")).toBe("/repo/apps");
    expect(fs.realpath("/repo/parent-of-base/base/k.yaml")).toBe("/repo/apps/base/k.yaml");
  });

  it("resolves .. in a caller's path lexically, from /", () => {
    const fs = memFs({ "/a/f": "1" });
    fs.symlink("/a", "/link");
    // There is no working directory: `link/..` is `/`, and `/missing/..` need not exist.
    expect(fs.readdir("/link/..")).toEqual(["a", "link"]);
    expect(fs.readFile("/missing/../a/f", "utf8")).toBe("1");
    expect(fs.readFile("../../a/./f", "utf8")).toBe("1");
    expect(fs.realpath("")).toBe("/");
  });

  it("has default modes 0644 for files and 0755 for directories, and refuses to remove /", () => {
    const fs = memFs({ "/d/f": "" });
    expect(fs.stat("/d/f").mode).toBe(0o100644);
    expect(fs.stat("/d").mode).toBe(0o040755);
    expect(fs.stat("/").mode).toBe(0o040755);
    expect(() => fs.rm("/", { recursive: true })).toThrow(FileSystemError);
    expect(fs.exists("/d/f")).toBe(true);
  });

  it("moves a directory's modification time when its entries change", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const fs = memFs({ "/d/f": "" });
      expect(Math.floor(fs.stat("/d").mtimeMs)).toBe(1_000_000);
      vi.setSystemTime(2_000_000);
      fs.writeFile("/d/f", "same entry, new content");
      expect(Math.floor(fs.stat("/d").mtimeMs)).toBe(1_000_000);
      expect(fs.stat("/d/f").mtimeMs).toBe(2_000_000);
      vi.setSystemTime(3_000_000);
      fs.rm("/d/f");
      expect(fs.stat("/d").mtimeMs).toBe(3_000_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it("moves mtimeMs on every write, even within one millisecond (as nanosecond disk stamps do)", () => {
    vi.useFakeTimers({ now: 5_000_000 });
    try {
      const fs = memFs();
      const stamps: number[] = [];
      for (const content of ["1.0.0", "1.1.0", "1.2.0"]) {
        fs.writeFile("/same-size", content);
        stamps.push(fs.stat("/same-size").mtimeMs);
      }
      expect(stamps[0]).toBeLessThan(stamps[1]);
      expect(stamps[1]).toBeLessThan(stamps[2]);
      expect(stamps.map(Math.floor)).toEqual([5_000_000, 5_000_000, 5_000_000]);
      vi.setSystemTime(6_000_000);
      fs.writeFile("/same-size", "1.3.0");
      expect(fs.stat("/same-size").mtimeMs).toBe(6_000_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it("is isolated per call", () => {
    const a = memFs({ "/f": "1" });
    const b = memFs();
    expect(a.exists("/f")).toBe(true);
    expect(b.exists("/f")).toBe(false);
  });
});

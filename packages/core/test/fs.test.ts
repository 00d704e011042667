import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
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

  it("is isolated per call", () => {
    const a = memFs({ "/f": "1" });
    const b = memFs();
    expect(a.exists("/f")).toBe(true);
    expect(b.exists("/f")).toBe(false);
  });
});

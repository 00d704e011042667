import { type FileSystem, memFs } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fetchGitRepository,
  GitAuthError,
  GitRefNotFoundError,
  type GitRepositoryFetched,
  GitRepositoryNotFoundError,
  GitRepositorySpecError,
  gunzipBounded,
  IncludeError,
  isomorphicGitAdapter,
  readTar,
  type SourceArtifact,
} from "../src/index.js";
import { gitCliAdapter } from "../src/node.js";
import { git, TestRepo, tempDir } from "./helpers/git-repo.js";
import { type GitHttpServer, startGitHttpServer } from "./servers/git-http.js";

const AUTH = { username: "flux", password: "s3cr3t-passw0rd" };

let root: ReturnType<typeof tempDir>;
let server: GitHttpServer;
let app: TestRepo;
const commits: Record<string, string> = {};

function entriesOf(artifact: SourceArtifact | undefined) {
  const tar = gunzipBounded(artifact!.tarGz, { maxBytes: 1 << 26 });
  return readTar(tar).map((e) => ({ name: e.name, mode: e.mode.toString(8) }));
}

function fetched(result: Awaited<ReturnType<typeof fetchGitRepository>>): GitRepositoryFetched {
  if (!result.changed) throw new Error(`expected a fetch, got: ${result.message}`);
  return result;
}

beforeAll(async () => {
  root = tempDir();
  app = new TestRepo(root.path, "app");
  app.write(
    {
      "README.md": "# app\n",
      "deploy/app.yaml": "kind: Deployment\n",
      "scripts/run.sh": "#!/bin/sh\necho hi\n",
      "docs/logo.png": "png",
      ".github/workflows/ci.yaml": "on: push\n",
    },
    { executable: ["scripts/run.sh"] },
  );
  commits.first = app.commit("first", "2024-01-01T00:00:00Z");
  app.tag("v1.0.0", "release 1.0.0", "2024-01-01T00:00:00Z");
  app.write({ "deploy/app.yaml": "kind: Deployment\nspec: {}\n" });
  commits.second = app.commit("second", "2024-01-02T00:00:00Z");
  app.tag("v1.1.0");
  app.tag("v2.0.0-rc.1");
  // Two tags differing only in build metadata: the newer commit wins.
  app.write({ "build.txt": "a\n" });
  commits.buildA = app.commit("build a", "2024-01-03T00:00:00Z");
  app.tag("v1.2.0+build.a");
  app.write({ "build.txt": "b\n" });
  commits.buildB = app.commit("build b", "2024-01-04T00:00:00Z");
  app.tag("v1.2.0+build.b");
  app.branch("feature/x");
  app.write({ "feature.txt": "x\n" });
  commits.feature = app.commit("feature", "2024-01-05T00:00:00Z");
  app.branch("main");
  app.push();
  // A pull-request style ref that no branch contains.
  app.branch("pr");
  app.write({ "pr.txt": "pr\n" });
  commits.pr = app.commit("pr", "2024-01-06T00:00:00Z");
  app.push("HEAD:refs/pull/1/head");
  app.branch("main");

  const lib = new TestRepo(root.path, "lib");
  lib.write({ "manifests/lib.yaml": "kind: ConfigMap\n", "other/x.txt": "x\n" });
  commits.lib = lib.commit("lib");
  lib.push();

  server = await startGitHttpServer({ root: root.path, auth: AUTH });
});

afterAll(async () => {
  await server?.close();
  root?.remove();
});

const url = () => `${server.url}/app.git`;

describe("fetchGitRepository over git http-backend", () => {
  it("checks out a branch shallowly and builds a filtered artifact", async () => {
    const fs = memFs();
    const result = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { branch: "main" } },
        fs,
        dir: "/src",
        auth: AUTH,
      }),
    );
    expect(result.revision).toBe(`main@sha1:${commits.buildB}`);
    expect(result.reference).toBe("refs/heads/main");
    expect(fs.readFile("/src/build.txt", "utf8")).toBe("b\n");
    expect(fs.exists("/src/feature.txt")).toBe(false);
    expect(fs.readFile("/src/.git/shallow", "utf8").trim()).toBe(commits.buildB);
    // Defaults: .git, .github and *.png are left out; the exec bit gives 0700.
    expect(entriesOf(result.artifact)).toEqual([
      { name: ".", mode: "750" },
      { name: "README.md", mode: "600" },
      { name: "build.txt", mode: "600" },
      { name: "deploy", mode: "750" },
      { name: "deploy/app.yaml", mode: "600" },
      { name: "docs", mode: "750" },
      { name: "scripts", mode: "750" },
      { name: "scripts/run.sh", mode: "700" },
    ]);
    expect(result.artifact?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("defaults to the master branch", async () => {
    await expect(
      fetchGitRepository({ spec: { url: url() }, fs: memFs(), dir: "/src", auth: AUTH }),
    ).rejects.toThrow(GitRefNotFoundError);
  });

  it("checks out a branch with a slash", async () => {
    const fs = memFs();
    const result = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { branch: "feature/x" } },
        fs,
        dir: "/src",
        auth: AUTH,
      }),
    );
    expect(result.revision).toBe(`feature/x@sha1:${commits.feature}`);
    expect(fs.readFile("/src/feature.txt", "utf8")).toBe("x\n");
  });

  it("checks out an annotated tag at its commit", async () => {
    const fs = memFs();
    const result = fetched(
      await fetchGitRepository({ spec: { url: url(), ref: { tag: "v1.0.0" } }, fs, dir: "/src", auth: AUTH }),
    );
    expect(result.revision).toBe(`v1.0.0@sha1:${commits.first}`);
    expect(fs.readFile("/src/deploy/app.yaml", "utf8")).toBe("kind: Deployment\n");
  });

  it("picks the highest tag matching a semver range, prereleases only when asked", async () => {
    const fs = memFs();
    const stable = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { semver: ">=1.0.0 <1.2.0" } },
        fs,
        dir: "/a",
        auth: AUTH,
      }),
    );
    expect(stable.revision).toBe(`v1.1.0@sha1:${commits.second}`);
    const pre = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { semver: ">=2.0.0-0" } },
        fs,
        dir: "/b",
        auth: AUTH,
      }),
    );
    expect(pre.revision).toBe(`v2.0.0-rc.1@sha1:${commits.second}`);
  });

  it("breaks a build-metadata tie by commit time", async () => {
    const fs = memFs();
    const result = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { semver: "1.2.x" } },
        fs,
        dir: "/src",
        auth: AUTH,
      }),
    );
    expect(result.revision).toBe(`v1.2.0+build.b@sha1:${commits.buildB}`);
    expect(fs.readFile("/src/build.txt", "utf8")).toBe("b\n");
  });

  it("reports a semver range nothing matches, and an invalid range", async () => {
    await expect(
      fetchGitRepository({
        spec: { url: url(), ref: { semver: ">=9" } },
        fs: memFs(),
        dir: "/s",
        auth: AUTH,
      }),
    ).rejects.toThrow(/semver '>=9' not found .*no match found for semver: >=9/);
    await expect(
      fetchGitRepository({ spec: { url: url(), ref: { semver: "!!" } }, fs: memFs(), dir: "/s", auth: AUTH }),
    ).rejects.toThrow(GitRepositorySpecError);
  });

  it("checks out any ref by name and keeps the full reference in the revision", async () => {
    const fs = memFs();
    const pr = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { name: "refs/pull/1/head" } },
        fs,
        dir: "/pr",
        auth: AUTH,
      }),
    );
    expect(pr.revision).toBe(`refs/pull/1/head@sha1:${commits.pr}`);
    expect(fs.readFile("/pr/pr.txt", "utf8")).toBe("pr\n");
    const tag = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { name: "refs/tags/v1.0.0^{}" } },
        fs,
        dir: "/tag",
        auth: AUTH,
      }),
    );
    expect(tag.revision).toBe(`refs/tags/v1.0.0^{}@sha1:${commits.first}`);
    await expect(
      fetchGitRepository({
        spec: { url: url(), ref: { name: "refs/pull/9/head" } },
        fs,
        dir: "/x",
        auth: AUTH,
      }),
    ).rejects.toThrow(GitRefNotFoundError);
  });

  it("checks out a commit, with and without a branch", async () => {
    const fs = memFs();
    const bare = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { commit: commits.first } },
        fs,
        dir: "/a",
        auth: AUTH,
      }),
    );
    expect(bare.revision).toBe(`sha1:${commits.first}`);
    expect(fs.readFile("/a/deploy/app.yaml", "utf8")).toBe("kind: Deployment\n");
    const onBranch = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { branch: "feature/x", commit: commits.second } },
        fs,
        dir: "/b",
        auth: AUTH,
      }),
    );
    expect(onBranch.revision).toBe(`feature/x@sha1:${commits.second}`);
    const elsewhere = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { commit: commits.feature } },
        fs,
        dir: "/f",
        auth: AUTH,
      }),
    );
    expect(fs.readFile("/f/feature.txt", "utf8")).toBe("x\n");
    expect(elsewhere.revision).toBe(`sha1:${commits.feature}`);
    await expect(
      fetchGitRepository({
        spec: { url: url(), ref: { commit: "0123456789012345678901234567890123456789" } },
        fs,
        dir: "/c",
        auth: AUTH,
      }),
    ).rejects.toThrow(GitRefNotFoundError);
  });

  it("does no work when the revision did not change, and says so", async () => {
    const fs = memFs();
    const start = server.requests.length;
    const first = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { branch: "main" } },
        fs,
        dir: "/src",
        auth: AUTH,
      }),
    );
    const fetchRequests = server.requests.length - start;
    const before = server.requests.length;
    const again = await fetchGitRepository({
      spec: { url: url(), ref: { branch: "main" } },
      fs,
      dir: "/src",
      auth: AUTH,
      lastRevision: first.revision,
      lastObserved: first.observed,
    });
    expect(again).toEqual({
      changed: false,
      revision: first.revision,
      message: `artifact up-to-date with remote revision: '${first.revision}'`,
      includedArtifacts: [],
    });
    // Only the refs were listed (advertisement + ls-refs); a checkout needs more round trips.
    const noopRequests = server.requests.length - before;
    expect(noopRequests).toBeLessThanOrEqual(2);
    expect(fetchRequests).toBeGreaterThan(noopRequests);
    // The legacy revision form is understood, and a changed spec.ignore forces a rebuild.
    const legacy = await fetchGitRepository({
      spec: { url: url(), ref: { branch: "main" } },
      fs,
      dir: "/src",
      auth: AUTH,
      lastRevision: `main/${commits.buildB}`,
      lastObserved: first.observed,
    });
    expect(legacy.changed).toBe(false);
    const changedIgnore = await fetchGitRepository({
      spec: { url: url(), ref: { branch: "main" }, ignore: "*.md\n" },
      fs,
      dir: "/src",
      auth: AUTH,
      lastRevision: first.revision,
      lastObserved: first.observed,
    });
    expect(changedIgnore.changed).toBe(true);
  });

  it("a known commit needs no network at all", async () => {
    const before = server.requests.length;
    const result = await fetchGitRepository({
      spec: { url: url(), ref: { commit: commits.first } },
      fs: memFs(),
      dir: "/src",
      auth: AUTH,
      lastRevision: `sha1:${commits.first}`,
      lastObserved: {},
    });
    expect(result.changed).toBe(false);
    expect(server.requests.length).toBe(before);
  });

  it("fails authentication with a typed error that does not carry the secret", async () => {
    const wrong = { username: "flux", password: "wrong-secret-value" };
    const err = await fetchGitRepository({ spec: { url: url() }, fs: memFs(), dir: "/s", auth: wrong }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(GitAuthError);
    expect(err.code).toBe("GIT_AUTH");
    expect(err.message).not.toContain("wrong-secret-value");
    expect(JSON.stringify(err)).not.toContain("wrong-secret-value");
    const none = await fetchGitRepository({ spec: { url: url() }, fs: memFs(), dir: "/s" }).catch((e) => e);
    expect(none).toBeInstanceOf(GitAuthError);
  });

  it("authenticates with a bearer token", async () => {
    const tokenRoot = tempDir();
    const repo = new TestRepo(tokenRoot.path, "t");
    repo.write({ "a.yaml": "a: 1\n" });
    const commit = repo.commit("a");
    repo.push();
    const tokenServer = await startGitHttpServer({ root: tokenRoot.path, auth: { token: "tok-123456" } });
    try {
      const spec = { url: `${tokenServer.url}/t.git`, ref: { branch: "main" } };
      const ok = fetched(
        await fetchGitRepository({ spec, fs: memFs(), dir: "/s", auth: { token: "tok-123456" } }),
      );
      expect(ok.revision).toBe(`main@sha1:${commit}`);
      const bad = await fetchGitRepository({
        spec,
        fs: memFs(),
        dir: "/s",
        auth: { token: "tok-bad999" },
      }).catch((e) => e);
      expect(bad).toBeInstanceOf(GitAuthError);
      expect(bad.message).not.toContain("tok-bad999");
    } finally {
      await tokenServer.close();
      tokenRoot.remove();
    }
  });

  it("reports a missing repository", async () => {
    await expect(
      fetchGitRepository({ spec: { url: `${server.url}/nope.git` }, fs: memFs(), dir: "/s", auth: AUTH }),
    ).rejects.toThrow(GitRepositoryNotFoundError);
  });

  it("applies spec.ignore and .sourceignore, dropping the defaults", async () => {
    const fs = memFs();
    const result = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { branch: "main" }, ignore: "/scripts/\n*.md\n" },
        fs,
        dir: "/src",
        auth: AUTH,
      }),
    );
    expect(entriesOf(result.artifact).map((e) => e.name)).toEqual([
      ".",
      ".github",
      ".github/workflows",
      ".github/workflows/ci.yaml",
      "build.txt",
      "deploy",
      "deploy/app.yaml",
      "docs",
      "docs/logo.png",
    ]);
  });

  it("includes another repository's artifact at toPath", async () => {
    const fs = memFs();
    const lib = fetched(
      await fetchGitRepository({
        spec: { url: `${server.url}/lib.git`, ref: { branch: "main" } },
        fs,
        dir: "/lib",
        auth: AUTH,
      }),
    );
    const spec = {
      url: url(),
      ref: { branch: "main" },
      include: [{ repository: { name: "lib" }, fromPath: "manifests", toPath: "vendor/lib" }],
    };
    const result = fetched(
      await fetchGitRepository({ spec, fs, dir: "/src", auth: AUTH, includes: { lib: lib.artifact! } }),
    );
    expect(fs.readFile("/src/vendor/lib/lib.yaml", "utf8")).toBe("kind: ConfigMap\n");
    expect(fs.exists("/src/vendor/lib/other")).toBe(false);
    expect(entriesOf(result.artifact).map((e) => e.name)).toContain("vendor/lib/lib.yaml");
    expect(result.includedArtifacts).toEqual([{ revision: lib.revision, digest: lib.artifact!.digest }]);

    // Unchanged revision and includes: no work; a changed include: work.
    const same = await fetchGitRepository({
      spec,
      fs,
      dir: "/src",
      auth: AUTH,
      includes: { lib: lib.artifact! },
      lastRevision: result.revision,
      lastObserved: result.observed,
    });
    expect(same.changed).toBe(false);
    const otherLib = { ...lib.artifact!, revision: "main@sha1:other", digest: "sha256:00" };
    const changed = await fetchGitRepository({
      spec,
      fs,
      dir: "/src",
      auth: AUTH,
      includes: { lib: otherLib },
      lastRevision: result.revision,
      lastObserved: result.observed,
    });
    expect(changed.changed).toBe(true);

    await expect(fetchGitRepository({ spec, fs, dir: "/src", auth: AUTH, includes: {} })).rejects.toThrow(
      IncludeError,
    );
    const escaping = { ...spec, include: [{ repository: { name: "lib" }, toPath: "../../etc" }] };
    await expect(
      fetchGitRepository({ spec: escaping, fs, dir: "/src", auth: AUTH, includes: { lib: lib.artifact! } }),
    ).rejects.toThrow(IncludeError);
  });

  it("gives the same digest for the same tree, wherever and whenever it is checked out", async () => {
    const a = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { tag: "v1.1.0" } },
        fs: memFs(),
        dir: "/x",
        auth: AUTH,
      }),
    );
    await new Promise((r) => setTimeout(r, 1100));
    const disk = tempDir();
    try {
      const b = fetched(
        await fetchGitRepository({
          spec: { url: url(), ref: { commit: commits.second } },
          fs: nodeFs(),
          dir: `${disk.path}/checkout`,
          auth: AUTH,
        }),
      );
      expect(b.artifact?.digest).toBe(a.artifact?.digest);
      expect(b.artifact?.tarDigest).toBe(a.artifact?.tarDigest);
    } finally {
      disk.remove();
    }
    const c = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { tag: "v1.0.0" } },
        fs: memFs(),
        dir: "/y",
        auth: AUTH,
      }),
    );
    expect(c.artifact?.digest).not.toBe(a.artifact?.digest);
  });

  it("replaces a previous checkout but refuses to wipe any other directory", async () => {
    const fs = memFs({ "/home/notes.txt": "keep me\n" });
    await expect(
      fetchGitRepository({ spec: { url: url(), ref: { branch: "main" } }, fs, dir: "/home", auth: AUTH }),
    ).rejects.toThrow(/refusing to replace/);
    expect(fs.readFile("/home/notes.txt", "utf8")).toBe("keep me\n");
    await fetchGitRepository({ spec: { url: url(), ref: { tag: "v1.0.0" } }, fs, dir: "/co", auth: AUTH });
    fs.writeFile("/co/stale.txt", "old\n");
    await fetchGitRepository({ spec: { url: url(), ref: { branch: "main" } }, fs, dir: "/co", auth: AUTH });
    expect(fs.exists("/co/stale.txt")).toBe(false);
    expect(fs.readFile("/co/build.txt", "utf8")).toBe("b\n");
  });

  it("validates the spec with the CRD's rules", async () => {
    await expect(fetchGitRepository({ spec: { url: "ftp://x" }, fs: memFs(), dir: "/s" })).rejects.toThrow(
      /spec.url: should match/,
    );
    await expect(
      fetchGitRepository({ spec: { url: url(), timeout: "1d" }, fs: memFs(), dir: "/s" }),
    ).rejects.toThrow(/spec.timeout/);
  });
});

describe("hostile repositories", () => {
  /** Push a commit whose root tree holds one blob under `name` (git mktree does not check names). */
  function pushTree(branch: string, lines: (blob: string) => string[]): void {
    const blob = git(app.work, ["hash-object", "-w", "--stdin"], { input: "x\n" });
    const tree = git(app.work, ["mktree"], { input: `${lines(blob).join("\n")}\n` });
    const commit = git(app.work, ["commit-tree", tree, "-m", "evil"]);
    app.push(`${commit}:refs/heads/${branch}`);
  }

  it.each([
    ["dotdot", ".."],
    ["dotgit", ".GIT"],
  ])("refuses a tree entry named %s", async (branch, name) => {
    pushTree(branch, (blob) => [`100644 blob ${blob}\t${name}`]);
    const fs = memFs();
    await expect(
      fetchGitRepository({ spec: { url: url(), ref: { branch } }, fs, dir: "/src", auth: AUTH }),
    ).rejects.toThrow(/unsafe/);
    expect(fs.exists("/x")).toBe(false);
  });

  it("applies packfile deltas when checking out an older commit", async () => {
    const deltaRoot = tempDir();
    const repo = new TestRepo(deltaRoot.path, "d");
    const lines = Array.from({ length: 800 }, (_, i) => `line ${i} ${"abcdefgh".repeat(i % 7)}`);
    const versions: string[] = [];
    const ids: string[] = [];
    for (let v = 0; v < 4; v++) {
      lines[v * 100] = `changed in version ${v}`;
      versions.push(`${lines.join("\n")}\n`);
      repo.write({ "big.txt": versions[v], [`v${v}.txt`]: `${v}\n` });
      ids.push(repo.commit(`v${v}`, `2024-03-0${v + 1}T00:00:00Z`));
    }
    repo.push();
    const deltaServer = await startGitHttpServer({ root: deltaRoot.path });
    try {
      const fs = memFs();
      await fetchGitRepository({
        spec: { url: `${deltaServer.url}/d.git`, ref: { commit: ids[0] } },
        fs,
        dir: "/d",
      });
      expect(fs.readFile("/d/big.txt", "utf8")).toBe(versions[0]);
      // The pack really held deltas (otherwise this test would not exercise them).
      const pack = fs.readdir("/d/.git/objects/pack").find((n) => n.endsWith(".pack"))!;
      const { writeFileSync } = await import("node:fs");
      writeFileSync(`${deltaRoot.path}/p.pack`, fs.readFile(`/d/.git/objects/pack/${pack}`));
      git(deltaRoot.path, ["index-pack", "p.pack"]);
      expect(git(deltaRoot.path, ["verify-pack", "-v", "p.idx"])).toMatch(/chain length = [1-9]/);
    } finally {
      await deltaServer.close();
      deltaRoot.remove();
    }
  });

  it("checks out symlinks as links and leaves them out of the artifact", async () => {
    pushTree("links", (blob) => [
      `120000 blob ${git(app.work, ["hash-object", "-w", "--stdin"], { input: "../../../etc/passwd" })}\tlink`,
      `100644 blob ${blob}\tfile.txt`,
    ]);
    const fs = memFs();
    const result = fetched(
      await fetchGitRepository({
        spec: { url: url(), ref: { branch: "links" } },
        fs,
        dir: "/src",
        auth: AUTH,
      }),
    );
    expect(fs.readlink("/src/link")).toBe("../../../etc/passwd");
    expect(result.artifact?.entries).toEqual([".", "file.txt"]);
  });
});

describe("git CLI adapter", () => {
  it("clones over HTTP with credentials from the environment", async () => {
    const disk = tempDir();
    try {
      const result = fetched(
        await fetchGitRepository({
          spec: { url: url(), ref: { semver: "~1.1" } },
          fs: nodeFs(),
          dir: `${disk.path}/src`,
          git: gitCliAdapter(),
          auth: AUTH,
        }),
      );
      expect(result.revision).toBe(`v1.1.0@sha1:${commits.second}`);
      const viaIsomorphic = fetched(
        await fetchGitRepository({
          spec: { url: url(), ref: { tag: "v1.1.0" } },
          fs: memFs(),
          dir: "/s",
          auth: AUTH,
        }),
      );
      expect(result.artifact?.tarDigest).toBe(viaIsomorphic.artifact?.tarDigest);
      // A commit only one non-default branch contains: every branch is fetched.
      const onFeature = fetched(
        await fetchGitRepository({
          spec: { url: url(), ref: { commit: commits.feature } },
          fs: nodeFs(),
          dir: `${disk.path}/commit`,
          git: gitCliAdapter(),
          auth: AUTH,
        }),
      );
      expect(onFeature.revision).toBe(`sha1:${commits.feature}`);
      const err = await fetchGitRepository({
        spec: { url: url() },
        fs: nodeFs(),
        dir: `${disk.path}/bad`,
        git: gitCliAdapter(),
        auth: { username: "flux", password: "cli-wrong-secret" },
      }).catch((e) => e);
      expect(err).toBeInstanceOf(GitAuthError);
      expect(err.message).not.toContain("cli-wrong-secret");
    } finally {
      disk.remove();
    }
  });

  it("runs ssh with the given key and known_hosts for SSH URLs", async () => {
    const disk = tempDir();
    try {
      // A stand-in `ssh` on PATH: records its arguments and key, then runs the remote command locally.
      const bin = `${disk.path}/bin`;
      const log = `${disk.path}/ssh.log`;
      const { mkdirSync, writeFileSync, readFileSync } = await import("node:fs");
      mkdirSync(bin);
      writeFileSync(
        `${bin}/ssh`,
        [
          "#!/bin/sh",
          `echo "$@" >> ${log}`,
          'while [ $# -gt 1 ]; do case "$1" in -i) cat "$2" >> ' + log + "; shift 2;; *) shift;; esac; done",
          'exec sh -c "$1"',
          "",
        ].join("\n"),
        { mode: 0o755 },
      );
      const adapter = gitCliAdapter({
        env: { PATH: `${bin}:${process.env.PATH}` },
        ssh: {
          privateKey: "-----BEGIN TEST KEY-----\nabc\n-----END TEST KEY-----",
          knownHosts: "host ssh-ed25519 AAAA\n",
        },
      });
      const result = fetched(
        await fetchGitRepository({
          spec: { url: `ssh://git@example.test${app.bare}`, ref: { branch: "main" } },
          fs: nodeFs(),
          dir: `${disk.path}/src`,
          git: adapter,
        }),
      );
      expect(result.revision).toBe(`main@sha1:${commits.buildB}`);
      const recorded = readFileSync(log, "utf8");
      expect(recorded).toContain("BEGIN TEST KEY");
      expect(recorded).toMatch(/StrictHostKeyChecking=yes/);
      expect(recorded).toMatch(/IdentitiesOnly=yes/);
      // The key file is gone after the command.
      const keyPath = /-i (\S+)/.exec(recorded)?.[1];
      expect(keyPath && (await import("node:fs")).existsSync(keyPath)).toBe(false);
    } finally {
      disk.remove();
    }
  });

  it("is refused for SSH URLs by the default adapter", async () => {
    await expect(
      fetchGitRepository({ spec: { url: "ssh://git@example.test/repo.git" }, fs: memFs(), dir: "/s" }),
    ).rejects.toThrow(/SSH URL/);
  });
});

describe("isomorphic-git adapter", () => {
  it("commits and pushes through the core GitAdapter contract", async () => {
    const fs: FileSystem = memFs();
    const adapter = isomorphicGitAdapter({ fs });
    const pushRoot = tempDir();
    const repo = new TestRepo(pushRoot.path, "p");
    repo.write({ "a.txt": "1\n" });
    repo.commit("one");
    repo.push();
    git(repo.bare, ["config", "http.receivepack", "true"]);
    const pushServer = await startGitHttpServer({ root: pushRoot.path });
    try {
      await adapter.clone({ url: `${pushServer.url}/p.git`, dir: "/w", ref: "main" });
      expect(
        await adapter.commit({ dir: "/w", message: "nothing", author: { name: "a", email: "a@x" } }),
      ).toBe(undefined);
      fs.writeFile("/w/a.txt", "2\n");
      const oid = await adapter.commit({
        dir: "/w",
        message: "update a",
        author: { name: "bot", email: "bot@example.com", date: new Date("2024-02-01T00:00:00Z") },
      });
      expect(oid).toMatch(/^[0-9a-f]{40}$/);
      await adapter.push({ dir: "/w", ref: "main" });
      expect(repo.revParse("refs/heads/main")).toBe(oid);
      const commit = await adapter.readCommit({ dir: "/w", ref: "HEAD" });
      expect(commit.message).toBe("update a\n");
      expect(commit.author.date.toISOString()).toBe("2024-02-01T00:00:00.000Z");
      expect((await adapter.readTree({ dir: "/w", ref: "HEAD" })).map((e) => e.path)).toEqual(["a.txt"]);
    } finally {
      await pushServer.close();
      pushRoot.remove();
    }
  });
});

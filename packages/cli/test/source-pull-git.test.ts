import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestRepo, tempDir } from "../../source/test/helpers/git-repo.js";
import { type GitHttpServer, startGitHttpServer } from "../../source/test/servers/git-http.js";
import { main } from "../src/index.js";
import { captureIO, withEnv } from "./helpers.js";

let root: ReturnType<typeof tempDir>;
let server: GitHttpServer;
let commit: string;

beforeAll(async () => {
  root = tempDir();
  const repo = new TestRepo(root.path, "app");
  repo.write({ "deploy/app.yaml": "kind: Deployment\n", "logo.png": "png", "notes.md": "n\n" });
  commit = repo.commit("first");
  repo.tag("v1.2.3");
  repo.push();
  server = await startGitHttpServer({ root: root.path, auth: { username: "u", password: "pw-123456" } });
});

afterAll(async () => {
  await server?.close();
  root?.remove();
});

describe("gitops-kit source pull git", () => {
  it("writes the artifact's files and prints the revision and digest", async () => {
    const out = tempDir();
    const io = captureIO("", out.path);
    try {
      const code = await withEnv({ GITOPS_KIT_GIT_PASSWORD: "pw-123456" }, () =>
        main(
          [
            "source",
            "pull",
            "git",
            `${server.url}/app.git`,
            "--tag-semver",
            "1.x",
            "--username",
            "u",
            "--out",
            "src",
            "--archive",
            "a.tgz",
            "--ignore",
            "*.md",
          ],
          { io },
        ),
      );
      expect(io.err).toBe("");
      expect(code).toBe(0);
      expect(io.out).toMatch(
        new RegExp(`^revision: v1\\.2\\.3@sha1:${commit}\\ndigest: sha256:[0-9a-f]{64}\\n`),
      );
      expect(readFileSync(`${out.path}/src/deploy/app.yaml`, "utf8")).toBe("kind: Deployment\n");
      // spec.ignore replaces the defaults: the image stays, the markdown goes.
      expect(existsSync(`${out.path}/src/logo.png`)).toBe(true);
      expect(existsSync(`${out.path}/src/notes.md`)).toBe(false);
      expect(existsSync(`${out.path}/src/.git`)).toBe(false);
      expect(readFileSync(`${out.path}/a.tgz`).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    } finally {
      out.remove();
    }
  });

  it("prints the result as JSON with -o json, and draws progress on a terminal's stderr unless --quiet", async () => {
    const out = tempDir();
    const pull = (argv: string[], io: ReturnType<typeof captureIO>) =>
      withEnv({ GITOPS_KIT_GIT_PASSWORD: "pw-123456" }, () => main(argv, { io }));
    try {
      const args = ["source", "pull", "git", `${server.url}/app.git`, "--tag", "v1.2.3", "--username", "u"];
      const tty = Object.assign(captureIO("", out.path), { terminal: { stderr: true, columns: 120 } });
      expect(await pull([...args, "--out", "a", "-o", "json"], tty)).toBe(0);
      expect(JSON.parse(tty.out)).toMatchObject({
        revision: `v1.2.3@sha1:${commit}`,
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        out: "a",
        entries: expect.any(Number),
      });
      // The bar is drawn and then cleared, on stderr only.
      expect(tty.err).toMatch(/^\r.*\x1b\[K/);
      expect(tty.err.endsWith("\r\x1b[K")).toBe(true);
      const quiet = Object.assign(captureIO("", out.path), { terminal: { stderr: true } });
      expect(await pull([...args, "--out", "b", "--quiet"], quiet)).toBe(0);
      expect(quiet.err).toBe("");
    } finally {
      out.remove();
    }
  });

  it("fails with exit code 1 and no secret on bad credentials, 2 on bad usage", async () => {
    const io = captureIO();
    const code = await withEnv({ GITOPS_KIT_GIT_PASSWORD: "wrong-pw-999" }, () =>
      main(
        [
          "source",
          "pull",
          "git",
          `${server.url}/app.git`,
          "--ref",
          "main",
          "--username",
          "u",
          "--out",
          "/tmp/x",
        ],
        { io },
      ),
    );
    expect(code).toBe(1);
    expect(io.err).toMatch(/^error \[GIT_AUTH\]/);
    expect(io.err).not.toContain("wrong-pw-999");
    const usage = captureIO();
    expect(await main(["source", "pull", "git", `${server.url}/app.git`], { io: usage })).toBe(2);
    expect(
      await main(["source", "pull", "git", "u", "--out", "x", "--tag", "a", "--branch", "b"], { io: usage }),
    ).toBe(2);
  });
});

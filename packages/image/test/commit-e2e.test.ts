import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memFs } from "@gitops-kit/core";
import { isomorphicGitAdapter } from "@gitops-kit/source";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHttpServer, startGitHttpServer } from "../../source/test/servers/git-http.js";
import { applyPolicies, CommitTemplateError, commitAndPush, type SetterPolicy } from "../src/index.js";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_DATE: "2024-01-01T00:00:00Z",
      GIT_COMMITTER_DATE: "2024-01-01T00:00:00Z",
    },
  });

const DEPLOY = [
  "apiVersion: apps/v1",
  "kind: Deployment",
  "metadata:",
  "  name: web # keep this comment",
  "spec:",
  "  template:",
  "    spec:",
  "      containers:",
  '        - image: "registry.local/web:1.0.0" # {"$imagepolicy": "flux:web"}',
  "",
].join("\n");

let root: string;
let server: GitHttpServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "image-e2e-"));
  const work = join(root, "work");
  git(root, "init", "-q", "-b", "main", work);
  git(work, "config", "user.email", "t@example.com");
  git(work, "config", "user.name", "t");
  writeFileSync(join(work, "deploy.yaml"), DEPLOY);
  git(work, "add", ".");
  git(work, "commit", "-q", "-m", "init");
  git(root, "clone", "-q", "--bare", work, join(root, "app.git"));
  git(join(root, "app.git"), "config", "http.receivepack", "true");
  server = await startGitHttpServer({ root });
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

const automation = { namespace: "flux", name: "auto", spec: { update: { strategy: "Setters" } } };
const policies: SetterPolicy[] = [
  { namespace: "flux", name: "web", latestRef: { name: "registry.local/web", tag: "1.1.0" } },
];

async function cloneInto(dir: string) {
  const fs = memFs();
  const adapter = isomorphicGitAdapter({ fs });
  await adapter.clone({ url: `${server.url}/app.git`, dir, ref: "main" });
  return { fs, adapter };
}

/** Commit `result` in the `/repo` checkout of `main` with `spec`. */
function commitFromRepo(
  adapter: ReturnType<typeof isomorphicGitAdapter>,
  result: ReturnType<typeof applyPolicies>,
  spec: Parameters<typeof commitAndPush>[0]["spec"],
) {
  return commitAndPush({ git: adapter, dir: "/repo", branch: "main", automation, result, spec });
}

describe("update, commit and push over git http-backend", () => {
  it("a template error commits nothing", async () => {
    const { fs, adapter } = await cloneInto("/repo");
    const result = applyPolicies({ fs, root: "/repo", automation, policies });
    const before = await adapter.resolveRef({ dir: "/repo", ref: "HEAD" });
    await expect(
      commitFromRepo(adapter, result, {
        commit: { author: { name: "bot", email: "bot@x" }, messageTemplate: "{{ .Updated.Files }}" },
      }),
    ).rejects.toBeInstanceOf(CommitTemplateError);
    expect(await adapter.resolveRef({ dir: "/repo", ref: "HEAD" })).toBe(before);
  });

  it("commits the minimal change with the rendered message and pushes it", async () => {
    const { fs, adapter } = await cloneInto("/repo");
    const result = applyPolicies({ fs, root: "/repo", automation, policies });
    const pushed = await commitFromRepo(adapter, result, {
      commit: {
        author: { name: "bot", email: "bot@example.com" },
        messageTemplate:
          "Automation: {{ .AutomationObject }} ({{ .Values.env }})\n{{ range .Changed.Changes }}- {{ .OldValue }} -> {{ .NewValue }}\n{{ end }}",
        messageTemplateValues: { env: "prod" },
      },
      push: { branch: "auto" },
    });
    expect(pushed.committed).toBe(true);
    if (!pushed.committed) return;
    const message = "Automation: flux/auto (prod)\n- registry.local/web:1.0.0 -> registry.local/web:1.1.0\n";
    expect(pushed.message).toBe(message);
    expect(pushed.summary).toBe(
      `pushed commit '${pushed.revision.slice(0, 7)}' to branch 'auto'\n${message}`,
    );

    // A fresh clone of the pushed branch has the file with one changed scalar and the message.
    const again = memFs();
    const other = isomorphicGitAdapter({ fs: again });
    await other.clone({ url: `${server.url}/app.git`, dir: "/check", ref: "auto" });
    expect(again.readFile("/check/deploy.yaml", "utf8")).toBe(
      DEPLOY.replace('"registry.local/web:1.0.0"', '"registry.local/web:1.1.0"'),
    );
    const commit = await other.readCommit({ dir: "/check", ref: "HEAD" });
    expect(commit.oid).toBe(pushed.revision);
    expect(commit.message).toBe(message);
    expect(commit.author.name).toBe("bot");
  });

  it("does nothing when nothing changed", async () => {
    const { fs, adapter } = await cloneInto("/repo");
    const result = applyPolicies({
      fs,
      root: "/repo",
      automation,
      policies: [{ namespace: "flux", name: "web", latestRef: { name: "registry.local/web", tag: "1.0.0" } }],
    });
    const outcome = await commitFromRepo(adapter, result, {
      commit: { author: { name: "bot", email: "bot@x" } },
    });
    expect(outcome).toEqual({ committed: false, reason: "no changes" });
  });
});

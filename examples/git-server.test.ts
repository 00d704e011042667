import { memFs } from "@gitops-kit/core";
import { fetchGitRepository, isomorphicGitAdapter } from "@gitops-kit/source";
import { describe, expect, it } from "vitest";
import { cloneFleet, createFleetRepository, fleetHead, pushChange } from "./fleet-repo.js";

const files = {
  "apps/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  color: blue\n",
  "README.md": "# fleet\n",
};
const author = { name: "Test", email: "test@example.com" };

describe("in-process Git server", () => {
  it("serves a shallow clone, then a no-op check, then the pushed commit", async () => {
    const repo = await createFleetRepository({ files });
    const head = await fleetHead(repo);
    const fs = memFs();
    const spec = { url: repo.url, ref: { branch: "main" } };
    const first = await fetchGitRepository({ spec, fs, dir: "/src", fetch: repo.server.fetch });
    expect(first).toMatchObject({ changed: true, revision: `main@sha1:${head}`, commit: head });
    expect(fs.readFile("/src/apps/app.yaml", "utf8")).toBe(files["apps/app.yaml"]);

    const again = await fetchGitRepository({
      spec,
      fs,
      dir: "/src",
      fetch: repo.server.fetch,
      lastRevision: first.revision,
      lastObserved: first.changed ? first.observed : undefined,
    });
    expect(again.changed).toBe(false);

    const pushed = await pushChange(repo, {
      message: "green\n",
      author,
      edit: (f, dir) => f.writeFile(`${dir}/apps/app.yaml`, files["apps/app.yaml"].replace("blue", "green")),
    });
    expect(await fleetHead(repo)).toBe(pushed);
    const next = await fetchGitRepository({
      spec,
      fs,
      dir: "/src",
      fetch: repo.server.fetch,
      lastRevision: first.revision,
    });
    expect(next).toMatchObject({ changed: true, revision: `main@sha1:${pushed}` });
    expect(fs.readFile("/src/apps/app.yaml", "utf8")).toContain("color: green");
    // A depth-1 clone: the new commit's parent stays on the server.
    expect(fs.readFile("/src/.git/shallow", "utf8").trim()).toBe(pushed);
    expect(repo.server.stats.pushes).toBe(1);
  });

  it("rejects a push that is not a fast-forward", async () => {
    const repo = await createFleetRepository({ files });
    const stale = await cloneFleet(repo, "stale");
    await pushChange(repo, {
      message: "one\n",
      author,
      edit: (f, d) => f.writeFile(`${d}/README.md`, "one\n"),
    });
    const git = isomorphicGitAdapter({ fs: repo.fs, fetch: repo.server.fetch });
    repo.fs.writeFile(`${stale}/README.md`, "two\n");
    await git.commit({ dir: stale, message: "two\n", author });
    const before = await fleetHead(repo);
    await expect(git.push({ dir: stale, ref: "main" })).rejects.toThrow(/fast-forward|fetch first/);
    expect(await fleetHead(repo)).toBe(before);
  });

  it("answers 404 outside the repository and refuses the dumb protocol", async () => {
    const repo = await createFleetRepository({ files });
    expect(
      (await repo.server.fetch("http://git.localhost/other.git/info/refs?service=git-upload-pack")).status,
    ).toBe(404);
    expect((await repo.server.fetch(`${repo.url}/info/refs`)).status).toBe(403);
    const refs = await repo.server.fetch(`${repo.url}/info/refs?service=git-upload-pack`);
    expect(refs.headers.get("content-type")).toBe("application/x-git-upload-pack-advertisement");
    const text = await refs.text();
    expect(text.startsWith("001e# service=git-upload-pack\n0000")).toBe(true);
    expect(text).toContain(`${await fleetHead(repo)} HEAD\0`);
    expect(text).toContain("symref=HEAD:refs/heads/main");
  });
});

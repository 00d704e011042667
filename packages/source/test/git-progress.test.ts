import { memFs } from "@gitops-kit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchGitRepository, type TransferProgress } from "../src/index.js";
import { TestRepo, tempDir } from "./helpers/git-repo.js";
import { type GitHttpServer, startGitHttpServer } from "./servers/git-http.js";

const AUTH = { username: "flux", password: "s3cr3t-passw0rd" };

let root: ReturnType<typeof tempDir>;
let server: GitHttpServer;

beforeAll(async () => {
  root = tempDir();
  const repo = new TestRepo(root.path, "many");
  // Enough distinct objects that receiving the pack takes several steps.
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`dir${i % 4}/file${i}.txt`] = `content ${i}\n`.repeat(i + 1);
  repo.write(files);
  repo.commit("many files");
  repo.push();
  server = await startGitHttpServer({ root: root.path, auth: AUTH });
});

afterAll(async () => {
  await server?.close();
  root?.remove();
});

describe("fetchGitRepository onProgress", () => {
  it("reports objects received, counting up to the total, without credentials", async () => {
    const events: TransferProgress[] = [];
    const url = `${server.url}/many.git`;
    const result = await fetchGitRepository({
      spec: { url, ref: { branch: "main" } },
      fs: memFs(),
      dir: "/src",
      auth: AUTH,
      onProgress: (p) => events.push(p),
    });
    expect(result.changed).toBe(true);

    const receiving = events.filter((e) => e.what === `${url}: receiving objects`);
    expect(receiving.length).toBeGreaterThan(1);
    for (let i = 1; i < receiving.length; i++) {
      expect(receiving[i].done).toBeGreaterThan(receiving[i - 1].done);
    }
    // Forty blobs and their trees arrive: one total for the phase, reached by the last event.
    const total = receiving[0].total!;
    expect(total).toBeGreaterThanOrEqual(40);
    expect(receiving.every((e) => e.unit === "objects" && e.total === total)).toBe(true);
    expect(receiving[receiving.length - 1].done).toBe(total);
    for (const e of events) {
      expect(e.what.startsWith(`${url}: `)).toBe(true);
      expect(e.what).not.toContain(AUTH.password);
    }
  });
});

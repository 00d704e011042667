import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memFs } from "@gitops-kit/core";
import { isomorphicGitAdapter, OciClient, pushArtifact } from "@gitops-kit/source";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHttpServer, startGitHttpServer } from "../../source/test/servers/git-http.js";
import { type RegistryServer, startRegistry } from "../../source/test/servers/registry.js";
import {
  applyPolicies,
  commitAndPush,
  ImagePolicyError,
  reflectDigest,
  scanImageRepository,
  selectLatestTag,
} from "../src/index.js";

const TAGS = ["1.0.0", "1.1.0", "1.2.0-rc.1", "2.0.0", "sha256-abc.sig", "latest"];

let registry: RegistryServer;
let gitServer: GitHttpServer;
let root: string;
let image: string;

beforeAll(async () => {
  registry = await startRegistry({ paginateTags: true });
  image = `${registry.host}/team/web`;
  const fs = memFs({ "/s/app.txt": "x\n" });
  for (const tag of TAGS) {
    fs.writeFile("/s/app.txt", tag);
    await pushArtifact({
      url: `oci://${image}:${tag}`,
      fs,
      path: "/s",
      created: "2024-01-01T00:00:00Z",
      insecure: true,
    });
  }
  root = mkdtempSync(join(tmpdir(), "image-scan-"));
  const work = join(root, "work");
  const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" });
  git(root, "init", "-q", "-b", "main", work);
  git(work, "config", "user.email", "t@example.com");
  git(work, "config", "user.name", "t");
  writeFileSync(
    join(work, "web.yaml"),
    `kind: Deployment\nmetadata:\n  name: web\nspec:\n  image: ${image}:1.0.0 # {"$imagepolicy": "apps:web"}\n`,
  );
  git(work, "add", ".");
  git(work, "commit", "-q", "-m", "init");
  git(root, "clone", "-q", "--bare", work, join(root, "repo.git"));
  git(join(root, "repo.git"), "config", "http.receivepack", "true");
  gitServer = await startGitHttpServer({ root });
}, 120_000);

afterAll(async () => {
  await gitServer?.close();
  await registry?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("scan, select, update, commit and push", () => {
  it("scans with pagination and the default exclusion list", async () => {
    const scan = await scanImageRepository({
      image,
      insecure: true,
      pageSize: 2,
      now: () => new Date("2024-05-01T00:00:00Z"),
    });
    expect([...scan.tags].sort()).toEqual(TAGS.filter((t) => !t.endsWith(".sig")).sort());
    expect(scan.canonicalImageName).toBe(image);
    expect(scan.lastScanResult).toEqual({
      tagCount: 5,
      scanTime: "2024-05-01T00:00:00.000Z",
      latestTags: ["latest", "2.0.0", "1.2.0-rc.1", "1.1.0", "1.0.0"],
    });
    await expect(
      scanImageRepository({ image, insecure: true, exclusionList: ["[="] }),
    ).rejects.toBeInstanceOf(ImagePolicyError);
  });

  it("reflects digests per digestReflectionPolicy", async () => {
    const client = new OciClient({ insecure: true });
    const latest = { name: image, tag: "1.1.0" };
    const digest = await client.resolveDigest({ reference: `${image}:1.1.0` });
    expect(await reflectDigest({ client, latest })).toEqual(latest);
    expect(await reflectDigest({ client, latest, policy: "Always" })).toEqual({ ...latest, digest });
    const stored = { ...latest, digest: `sha256:${"0".repeat(64)}` };
    expect(await reflectDigest({ client, latest, policy: "IfNotPresent", previous: stored })).toEqual(stored);
    expect(
      await reflectDigest({ client, latest, policy: "IfNotPresent", previous: { ...stored, tag: "1.0.0" } }),
    ).toEqual({ ...latest, digest });
  });

  it("runs the whole pipeline and a fresh clone shows the change and the message", async () => {
    const scan = await scanImageRepository({ image, insecure: true });
    const tag = selectLatestTag({ tags: scan.tags, policy: { semver: { range: "^1.0" } } });
    expect(tag).toBe("1.1.0");
    const fs = memFs();
    const git = isomorphicGitAdapter({ fs });
    await git.clone({ url: `${gitServer.url}/repo.git`, dir: "/w", ref: "main" });
    const automation = { namespace: "apps", name: "auto", spec: { update: { strategy: "Setters" } } };
    const result = applyPolicies({
      fs,
      root: "/w",
      automation,
      policies: [{ namespace: "apps", name: "web", latestRef: { name: image, tag } }],
    });
    const pushed = await commitAndPush({
      git,
      dir: "/w",
      branch: "main",
      automation,
      result,
      spec: { commit: { author: { name: "bot", email: "bot@example.com" } } },
    });
    expect(pushed.committed).toBe(true);

    const check = memFs();
    const again = isomorphicGitAdapter({ fs: check });
    await again.clone({ url: `${gitServer.url}/repo.git`, dir: "/c", ref: "main" });
    expect(check.readFile("/c/web.yaml", "utf8")).toBe(
      `kind: Deployment\nmetadata:\n  name: web\nspec:\n  image: ${image}:1.1.0 # {"$imagepolicy": "apps:web"}\n`,
    );
    // isomorphic-git stores the message with a final newline (go-git stores it as given).
    expect((await again.readCommit({ dir: "/c", ref: "HEAD" })).message).toBe(
      "Update from image update automation\n",
    );
  });
});

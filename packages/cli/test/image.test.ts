import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/index.js";
import { captureIO } from "./helpers.js";

const POLICY = `apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImagePolicy
metadata: {name: web, namespace: flux-system}
spec:
  imageRepositoryRef: {name: web}
  policy: {semver: {range: "^1.0"}}
  filterTags: {pattern: '^v?(?P<v>.*)$', extract: '$v'}
status:
  latestRef: {name: reg/web, tag: 1.2.0}
`;
const DEPLOY =
  'kind: Deployment\nmetadata:\n  name: web\nspec:\n  image: reg/web:1.0.0 # {"$imagepolicy": "flux-system:web"}\n';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "image-cli-"));
  writeFileSync(join(dir, "policy.yaml"), POLICY);
  writeFileSync(join(dir, "tags.json"), JSON.stringify(["v1.0.0", "v1.3.0", "2.0.0", "v1.4.0.sig"]));
  writeFileSync(
    join(dir, "msg.tmpl"),
    "Bump {{ .AutomationObject }}{{ range .Changed.Changes }} {{ .NewValue }}{{ end }}",
  );
  const repo = join(dir, "repo");
  execFileSync("git", ["init", "-q", "-b", "main", repo]);
  writeFileSync(join(repo, "deploy.yaml"), DEPLOY);
  execFileSync("git", ["add", "."], { cwd: repo });
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "init"], { cwd: repo });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("gitops-kit image", () => {
  it("select prints the policy's latest tag", async () => {
    const io = captureIO("", dir);
    expect(await main(["image", "select", "--policy", "policy.yaml", "--tags", "tags.json"], { io })).toBe(0);
    expect(io.out).toBe("v1.3.0\n");
  });

  it("select needs exactly one tag source", async () => {
    const io = captureIO("", dir);
    expect(await main(["image", "select", "--policy", "policy.yaml"], { io })).toBe(2);
  });

  it("update rewrites the marked scalar and commits with the template", async () => {
    const io = captureIO("", dir);
    const code = await main(
      [
        "image",
        "update",
        "--path",
        "repo",
        "--policies",
        "policy.yaml",
        "--commit",
        "--message-template",
        "msg.tmpl",
      ],
      { io },
    );
    expect(code).toBe(0);
    expect(io.out).toBe("deploy.yaml: Deployment/web: reg/web:1.0.0 -> reg/web:1.2.0 (flux-system:web)\n");
    expect(readFileSync(join(dir, "repo/deploy.yaml"), "utf8")).toBe(DEPLOY.replace("1.0.0", "1.2.0"));
    const log = execFileSync("git", ["log", "-1", "--format=%B"], {
      cwd: join(dir, "repo"),
      encoding: "utf8",
    });
    expect(log.trim()).toBe("Bump flux-system/cli reg/web:1.2.0");
  });
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartPackage } from "../../source/test/helm-fixtures.js";
import { type RegistryServer, startRegistry } from "../../source/test/servers/registry.js";
import { type S3Server, startS3Server } from "../../source/test/servers/s3.js";
import { type StaticHttpServer, startStaticHttpServer } from "../../source/test/servers/static-http.js";
import { main } from "../src/index.js";
import { captureIO, withEnv } from "./helpers.js";

let work: string;
let registry: RegistryServer;
let charts: StaticHttpServer;
let s3: S3Server;

const PASSWORD = "cli-Pa55word-hidden";

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "gitops-kit-cli-source-"));
  registry = await startRegistry({ auth: { kind: "htpasswd", username: "cli", password: PASSWORD } });
  const pkg = chartPackage({
    name: "demo",
    version: "0.2.0",
    files: { "templates/cm.yaml": "kind: ConfigMap\n" },
  });
  charts = await startStaticHttpServer({
    auth: { username: "cli", password: PASSWORD },
    files: {
      "/index.yaml": `apiVersion: v1\nentries:\n  demo:\n  - name: demo\n    urls:\n    - demo-0.2.0.tgz\n    version: 0.2.0\n`,
      "/demo-0.2.0.tgz": pkg,
    },
  });
  s3 = await startS3Server({ buckets: ["manifests"], accessKeyId: "AKIACLITEST", secretAccessKey: PASSWORD });
  await s3.put("manifests", "prod/app.yaml", "kind: Deployment\n");
  await s3.put("manifests", "dev/app.yaml", "kind: Deployment\n");
}, 60_000);

afterAll(async () => {
  await registry?.close();
  await charts?.close();
  await s3?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("gitops-kit source push oci / pull oci", () => {
  it("pushes a directory and pulls it back", async () => {
    mkdirSync(join(work, "src/deploy"), { recursive: true });
    writeFileSync(join(work, "src/deploy/app.yaml"), "kind: Deployment\n");
    writeFileSync(join(work, "src/notes.md"), "notes\n");
    const url = `oci://${registry.host}/cli/app:v1.0.0`;
    const push = captureIO("", work);
    const pushed = await withEnv({ GITOPS_KIT_OCI_PASSWORD: PASSWORD }, () =>
      main(
        [
          "source",
          "push",
          "oci",
          "src",
          "--url",
          url,
          "--username",
          "cli",
          "--insecure",
          "--source",
          "https://example.com/app",
          "--revision",
          "main@sha1:0123456789012345678901234567890123456789",
          "--annotation",
          "team=a",
          "--ignore-paths",
          "*.md",
        ],
        { io: push },
      ),
    );
    expect(push.err).toBe("");
    expect(pushed).toBe(0);
    expect(push.out).toMatch(
      new RegExp(`^pushed: ${registry.host.replace(/\./g, "\\.")}/cli/app@sha256:[0-9a-f]{64}\\n$`),
    );
    const digest = push.out.trim().split("@")[1];

    const pull = captureIO("", work);
    const pulled = await withEnv({ GITOPS_KIT_OCI_PASSWORD: PASSWORD }, () =>
      main(
        [
          "source",
          "pull",
          "oci",
          `oci://${registry.host}/cli/app`,
          "--semver",
          "1.x",
          "--username",
          "cli",
          "--insecure",
          "--out",
          "out-oci",
          "--archive",
          "a.tgz",
        ],
        {
          io: pull,
        },
      ),
    );
    expect(pull.err).toBe("");
    expect(pulled).toBe(0);
    expect(pull.out).toMatch(
      new RegExp(
        `^revision: v1\\.0\\.0@${digest}\\ndigest: sha256:[0-9a-f]{64}\\nwrote 2 entries to out-oci\\n$`,
      ),
    );
    expect(readFileSync(join(work, "out-oci/deploy/app.yaml"), "utf8")).toBe("kind: Deployment\n");
    expect(existsSync(join(work, "out-oci/notes.md"))).toBe(false);
    expect(existsSync(join(work, "a.tgz"))).toBe(true);
  });

  it("uses a Docker config file for credentials and reports refusals without secrets", async () => {
    const config = {
      auths: { [registry.host]: { auth: Buffer.from(`cli:${PASSWORD}`).toString("base64") } },
    };
    writeFileSync(join(work, "config.json"), JSON.stringify(config));
    const ok = captureIO("", work);
    expect(
      await main(
        [
          "source",
          "pull",
          "oci",
          `oci://${registry.host}/cli/app`,
          "--tag",
          "v1.0.0",
          "--docker-config",
          "config.json",
          "--insecure",
          "--out",
          "out2",
        ],
        { io: ok },
      ),
    ).toBe(0);
    const bad = captureIO("", work);
    const code = await withEnv({ GITOPS_KIT_OCI_PASSWORD: "wrong-Secret-77" }, () =>
      main(
        [
          "source",
          "pull",
          "oci",
          `oci://${registry.host}/cli/app`,
          "--username",
          "cli",
          "--insecure",
          "--out",
          "out3",
        ],
        { io: bad },
      ),
    );
    expect(code).toBe(1);
    expect(bad.err).toContain("OCI_AUTH");
    expect(bad.err).not.toContain("wrong-Secret-77");
    const usage = captureIO("", work);
    expect(
      await main(["source", "pull", "oci", "oci://x/y", "--tag", "a", "--digest", "b", "--out", "o"], {
        io: usage,
      }),
    ).toBe(2);
  });
});

describe("gitops-kit source pull helm", () => {
  it("unpacks the resolved chart", async () => {
    const io = captureIO("", work);
    const code = await withEnv({ GITOPS_KIT_HELM_PASSWORD: PASSWORD }, () =>
      main(
        [
          "source",
          "pull",
          "helm",
          charts.url,
          "demo",
          "--version",
          "0.x",
          "--username",
          "cli",
          "--out",
          "charts",
        ],
        { io },
      ),
    );
    expect(io.err).toBe("");
    expect(code).toBe(0);
    expect(io.out).toMatch(/^revision: 0\.2\.0\ndigest: sha256:[0-9a-f]{64}\nwrote 3 files to charts\n$/);
    expect(readFileSync(join(work, "charts/demo/templates/cm.yaml"), "utf8")).toBe("kind: ConfigMap\n");
    const tgz = captureIO("", work);
    await withEnv({ GITOPS_KIT_HELM_PASSWORD: PASSWORD }, () =>
      main(["source", "pull", "helm", charts.url, "demo", "--username", "cli", "--out", "pkg", "--tgz"], {
        io: tgz,
      }),
    );
    expect(existsSync(join(work, "pkg/demo-0.2.0.tgz"))).toBe(true);
  });
});

describe("gitops-kit source pull bucket", () => {
  it("downloads the objects under a prefix", async () => {
    const io = captureIO("", work);
    const code = await withEnv({ AWS_ACCESS_KEY_ID: "AKIACLITEST", AWS_SECRET_ACCESS_KEY: PASSWORD }, () =>
      main(
        [
          "source",
          "pull",
          "bucket",
          "manifests",
          "--endpoint",
          s3.endpoint,
          "--insecure",
          "--prefix",
          "prod/",
          "--out",
          "bucket",
        ],
        { io },
      ),
    );
    expect(io.err).toBe("");
    expect(code).toBe(0);
    expect(io.out).toMatch(
      /^revision: sha256:[0-9a-f]{64}\ndigest: sha256:[0-9a-f]{64}\nwrote 1 objects to bucket\n$/,
    );
    expect(readFileSync(join(work, "bucket/prod/app.yaml"), "utf8")).toBe("kind: Deployment\n");
    expect(existsSync(join(work, "bucket/dev"))).toBe(false);
  });
});

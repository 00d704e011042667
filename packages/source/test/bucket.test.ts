import { createHash } from "node:crypto";
import { MemoryCluster, memFs } from "@gitops-kit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketIndexText, bucketRevision } from "../src/index.js";
import {
  BucketError,
  bucketCredentialsFromSecret,
  bucketObjectPath,
  fetchBucket,
  parseBucketSpec,
  parseListObjectsV2,
  S3Client,
} from "../src/node.js";
import { type S3Server, startS3Server } from "./servers/s3.js";

const ACCESS = "AKIAGITOPSKITTEST";
const SECRET = "wJalrXUtnFEMI-never-in-messages";
const credentials = { accessKeyId: ACCESS, secretAccessKey: SECRET };
const md5 = (text: string) => createHash("md5").update(text).digest("hex");

const OBJECTS: Record<string, string> = {
  ".sourceignore": "*.md\n# comment\n",
  "README.md": "# docs\n",
  "deploy/app.yaml": "kind: Deployment\n",
  "deploy/sub/cm.yaml": "kind: ConfigMap\n",
  "deploy/notes.md": "notes\n",
  "deploy/.sourceignore": "cm.yaml\n",
  "other/x.yaml": "x: 1\n",
};

describe("Bucket on s3rver (SigV4 verified)", () => {
  let s3: S3Server;

  beforeAll(async () => {
    s3 = await startS3Server({ buckets: ["flux", "paged"], ...credentials });
    for (const [key, body] of Object.entries(OBJECTS)) await s3.put("flux", key, body);
    for (let i = 0; i < 23; i++) await s3.put("paged", `obj/${String(i).padStart(2, "0")}.txt`, `n=${i}\n`);
  }, 60_000);
  afterAll(async () => {
    await s3?.close();
  });

  const spec = () => ({ bucketName: "flux", endpoint: s3.endpoint, insecure: true });

  it("downloads every object not ignored by the root .sourceignore, with Flux's revision", async () => {
    const fs = memFs();
    const result = await fetchBucket({ spec: spec(), fs, dir: "/out", credentials });
    if (!result.changed) throw new Error("expected a download");
    // Root .sourceignore only: deploy/.sourceignore is an ordinary object and does not apply.
    const kept = ["deploy/.sourceignore", "deploy/app.yaml", "deploy/sub/cm.yaml", "other/x.yaml"];
    expect(result.files).toEqual(kept);
    expect(Object.keys(result.index).sort()).toEqual(kept);
    for (const key of kept) {
      expect(fs.readFile(`/out/${key}`, "utf8")).toBe(OBJECTS[key]);
      expect(result.index[key]).toBe(md5(OBJECTS[key]));
    }
    expect(fs.exists("/out/README.md")).toBe(false);
    expect(fs.exists("/out/.sourceignore")).toBe(false);
    expect(result.revision).toBe(bucketRevision(Object.fromEntries(kept.map((k) => [k, md5(OBJECTS[k])]))));
    expect(bucketIndexText(result.index)).toBe(kept.map((k) => `${k} ${md5(OBJECTS[k])}\n`).join(""));
    expect(result.artifact.revision).toBe(result.revision);
    expect(result.artifact.entries).toEqual([
      ".",
      "deploy",
      "deploy/.sourceignore",
      "deploy/app.yaml",
      "deploy/sub",
      "deploy/sub/cm.yaml",
      "other",
      "other/x.yaml",
    ]);
    // Every request our client sent carried a signature the front verified.
    expect(s3.requests.filter((r) => r.method === "GET").every((r) => r.signed && r.status !== 403)).toBe(
      true,
    );
  });

  it("honours the prefix and spec.ignore, and does no work when the revision is unchanged", async () => {
    const fs = memFs();
    const first = await fetchBucket({
      spec: { ...spec(), prefix: "deploy/", ignore: "sub/\n" },
      fs,
      dir: "/p",
      credentials,
    });
    if (!first.changed) throw new Error("expected a download");
    expect(first.files).toEqual(["deploy/.sourceignore", "deploy/app.yaml"]);
    const gets = s3.requests.length;
    const again = await fetchBucket({
      spec: { ...spec(), prefix: "deploy/", ignore: "sub/\n" },
      fs,
      dir: "/p",
      credentials,
      lastRevision: first.revision,
      lastObserved: first.observed,
    });
    expect(again).toEqual({
      changed: false,
      revision: first.revision,
      message: `artifact up-to-date with remote revision: '${first.revision}'`,
    });
    // Only the .sourceignore object and the listing were requested.
    expect(s3.requests.slice(gets).map((r) => r.method + r.path.split("?")[0])).toEqual([
      "GET/flux/.sourceignore",
      "GET/flux/",
    ]);
    await s3.put("flux", "deploy/app.yaml", "kind: Deployment\nchanged: true\n");
    const changed = await fetchBucket({
      spec: { ...spec(), prefix: "deploy/", ignore: "sub/\n" },
      fs,
      dir: "/p",
      credentials,
      lastRevision: first.revision,
      lastObserved: first.observed,
    });
    expect(changed.changed).toBe(true);
    expect(changed.revision).not.toBe(first.revision);
    expect(fs.readFile("/p/deploy/app.yaml", "utf8")).toContain("changed: true");
    await s3.put("flux", "deploy/app.yaml", OBJECTS["deploy/app.yaml"]);
  });

  it("lists across continuation tokens", async () => {
    const client = new S3Client({ endpoint: s3.endpoint, bucket: "paged", insecure: true, credentials });
    const before = s3.requests.length;
    const objects = await client.listObjects({ pageSize: 10 });
    expect(objects.map((o) => o.key)).toEqual(
      Array.from({ length: 23 }, (_, i) => `obj/${String(i).padStart(2, "0")}.txt`),
    );
    const pages = s3.requests.slice(before).filter((r) => r.path.includes("list-type=2"));
    expect(pages.length).toBe(3);
    expect(pages[1].path).toContain("continuation-token=");
    const result = await fetchBucket({
      spec: { bucketName: "paged", endpoint: s3.endpoint, insecure: true },
      fs: memFs(),
      dir: "/o",
      credentials,
      concurrency: 4,
    });
    expect(result.changed && result.files.length).toBe(23);
  });

  it("refuses bad credentials and unknown buckets with typed errors and no secret in messages", async () => {
    const wrong = await fetchBucket({
      spec: spec(),
      fs: memFs(),
      dir: "/w",
      credentials: { accessKeyId: ACCESS, secretAccessKey: "not-the-Secret-999" },
    }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(BucketError);
    expect(wrong).toMatchObject({
      code: "BUCKET_AUTH",
      status: 403,
      message: expect.stringContaining("SignatureDoesNotMatch"),
    });
    expect((wrong as Error).message).not.toContain("not-the-Secret-999");
    await expect(fetchBucket({ spec: spec(), fs: memFs(), dir: "/w" })).rejects.toMatchObject({
      code: "BUCKET_AUTH",
    });
    await expect(
      fetchBucket({ spec: { ...spec(), bucketName: "nope" }, fs: memFs(), dir: "/w", credentials }),
    ).rejects.toMatchObject({
      code: "BUCKET_NOT_FOUND",
      message: "bucket 'nope' not found",
    });
    const down = await fetchBucket({
      spec: { ...spec(), endpoint: "127.0.0.1:1" },
      fs: memFs(),
      dir: "/w",
      credentials,
    }).catch((e: unknown) => e);
    expect(down).toMatchObject({ code: "BUCKET_NETWORK" });
    expect(JSON.stringify(down) + (down as Error).message).not.toContain(SECRET);
  });

  it("never writes a hostile key outside the target", async () => {
    // A key S3 accepts but that climbs out on a file system treating a backslash as a separator.
    const key = "deploy/..\\..\\escape.txt";
    await s3.put("flux", key, "owned\n");
    const fs = memFs();
    const err = await fetchBucket({
      spec: { ...spec(), prefix: "deploy/" },
      fs,
      dir: "/t/out",
      credentials,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BucketError);
    expect(err).toMatchObject({ code: "BUCKET_UNSAFE_KEY", key });
    // Every key is checked before anything is written.
    expect(fs.exists("/t")).toBe(false);
    await s3.remove("flux", key);
  });

  it("reads access keys from the Bucket's Secret", async () => {
    const cluster = new MemoryCluster({ namespaces: ["flux-system"] });
    await cluster.apply({
      fieldManager: "test",
      objects: [
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "minio", namespace: "flux-system" },
          data: {
            accesskey: Buffer.from(ACCESS).toString("base64"),
            secretkey: Buffer.from(SECRET).toString("base64"),
          },
        },
        { apiVersion: "v1", kind: "Secret", metadata: { name: "empty", namespace: "flux-system" }, data: {} },
      ],
    });
    const creds = await bucketCredentialsFromSecret({ cluster, name: "minio", namespace: "flux-system" });
    const result = await fetchBucket({
      spec: { ...spec(), prefix: "other/" },
      fs: memFs(),
      dir: "/s",
      credentials: creds,
    });
    expect(result.changed && result.files).toEqual(["other/x.yaml"]);
    await expect(
      bucketCredentialsFromSecret({ cluster, name: "empty", namespace: "flux-system" }),
    ).rejects.toThrow("key 'accesskey' or 'secretkey' not found");
  });
});

describe("Bucket building blocks", () => {
  it.each([
    ["a/b.yaml", "a/b.yaml"],
    ["a//b/./c", "a/b/c"],
  ])("maps key %j to %j", (key, path) => {
    expect(bucketObjectPath(key)).toBe(path);
  });

  it.each(["../x", "a/../../x", "/etc/passwd", "a\\..\\x", "a\0b", "./", "//"])("refuses key %j", (key) => {
    expect(() => bucketObjectPath(key)).toThrow(expect.objectContaining({ code: "BUCKET_UNSAFE_KEY", key }));
  });

  it("parses ListObjectsV2 results, URL-encoded keys and quoted ETags", () => {
    const xml = `<?xml version="1.0"?><ListBucketResult><Name>b</Name><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
      <Contents><Key>a%2Fb+c.yaml</Key><ETag>&quot;abc&quot;</ETag><Size>3</Size></Contents>
      <Contents><Key>x%26y</Key><ETag>"def"</ETag><Size>1</Size></Contents>
      <NextContinuationToken>tok&amp;1</NextContinuationToken></ListBucketResult>`;
    expect(parseListObjectsV2(xml, "b")).toEqual({
      objects: [
        { key: "a/b c.yaml", etag: "abc", size: 3 },
        { key: "x&y", etag: "def", size: 1 },
      ],
      next: "tok&1",
    });
    expect(() => parseListObjectsV2("<Error/>", "b")).toThrow(
      expect.objectContaining({ code: "BUCKET_INVALID_RESPONSE" }),
    );
  });

  it("validates the spec with Flux's defaults", () => {
    expect(parseBucketSpec({ bucketName: "b", endpoint: "minio:9000" })).toMatchObject({
      provider: "generic",
      timeout: "60s",
    });
    expect(() => parseBucketSpec({ endpoint: "x" })).toThrow(/spec\.bucketName/);
    expect(() => parseBucketSpec({ bucketName: "b", endpoint: "x", provider: "ftp" })).toThrow(
      /spec\.provider/,
    );
  });

  it("refuses providers other than S3-compatible ones", async () => {
    await expect(
      fetchBucket({ spec: { bucketName: "b", endpoint: "x", provider: "gcp" }, fs: memFs(), dir: "/x" }),
    ).rejects.toMatchObject({
      code: "UNSUPPORTED",
    });
  });
});

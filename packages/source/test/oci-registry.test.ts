import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { digestOf, type HttpFetch, MemoryCluster, memFs } from "@gitops-kit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ArchiveError,
  fetchOciRepository,
  gunzipBounded,
  gzipDeterministic,
  OciClient,
  OciError,
  pushArtifact,
  readTar,
  registryCredentialsFromSecret,
} from "../src/index.js";
import { tarOf } from "./helpers/tar.js";
import { type RegistryServer, startRegistry } from "./servers/registry.js";

const enc = (text: string) => new TextEncoder().encode(text);
const CREATED = "2024-05-01T12:00:00Z";

function sourceTree() {
  const fs = memFs();
  fs.mkdir("/src/deploy");
  fs.mkdir("/src/.git");
  fs.writeFile("/src/.git/config", "[core]\n");
  fs.writeFile("/src/deploy/app.yaml", "kind: Deployment\n", { mode: 0o644 });
  fs.writeFile("/src/deploy/secret.enc.yaml", "kind: Secret\n");
  fs.writeFile("/src/run.sh", "#!/bin/sh\n", { mode: 0o755 });
  fs.writeFile("/src/.sourceignore", "*.enc.yaml\n");
  return fs;
}

function tarGz(
  entries: { name: string; data?: string; type?: "file" | "dir" | "symlink"; linkname?: string }[],
): Uint8Array {
  const tar = tarOf((w) => {
    for (const e of entries) {
      w.add(
        {
          name: e.name,
          type: e.type ?? "file",
          mode: e.type === "dir" ? 0o755 : 0o644,
          linkname: e.linkname,
        },
        e.data !== undefined ? enc(e.data) : undefined,
      );
    }
  });
  return gzipDeterministic(tar);
}

/** Push a one-layer manifest with arbitrary layer content and media type. */
async function pushRaw(
  client: OciClient,
  ref: string,
  layer: Uint8Array,
  layerType: string,
  extra: object = {},
) {
  const repository = ref.slice(0, ref.lastIndexOf(":"));
  const config = enc("{}");
  await client.pushBlob({ repository, data: layer });
  await client.pushBlob({ repository, data: config });
  const manifest = enc(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {
        mediaType: "application/vnd.cncf.flux.config.v1+json",
        size: config.length,
        digest: digestOf(config),
      },
      layers: [{ mediaType: layerType, size: layer.length, digest: digestOf(layer) }],
      ...extra,
    }),
  );
  return client.putManifest({
    reference: ref,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    data: manifest,
  });
}

describe("OCI artifacts on docker-registry (no auth)", () => {
  let registry: RegistryServer;
  let client: OciClient;
  let repo: string;

  beforeAll(async () => {
    registry = await startRegistry();
    client = new OciClient({ insecure: true });
    repo = `${registry.host}/gitops/app`;
  }, 60_000);
  afterAll(async () => {
    await registry?.close();
  });

  it("pushes an artifact as flux push artifact does and pulls it back as an OCIRepository", async () => {
    const fs = sourceTree();
    const pushed = await pushArtifact({
      url: `oci://${repo}:v1.0.0`,
      fs,
      path: "/src",
      source: "https://github.com/org/app",
      revision: "main@sha1:0123456789abcdef0123456789abcdef01234567",
      created: CREATED,
      insecure: true,
    });
    expect(pushed.url).toBe(`${repo}@${pushed.digest}`);
    // The registry stored exactly our manifest bytes.
    const manifest = await client.getManifest({ reference: `${repo}:v1.0.0` });
    expect(manifest.digest).toBe(pushed.digest);
    expect(Buffer.from(manifest.data).equals(Buffer.from(pushed.manifest))).toBe(true);
    expect(manifest).toMatchObject({
      kind: "manifest",
      manifest: {
        config: { mediaType: "application/vnd.cncf.flux.config.v1+json" },
        layers: [{ mediaType: "application/vnd.cncf.flux.content.v1.tar+gzip", digest: pushed.layer.digest }],
        annotations: {
          "org.opencontainers.image.created": CREATED,
          "org.opencontainers.image.source": "https://github.com/org/app",
          "org.opencontainers.image.revision": "main@sha1:0123456789abcdef0123456789abcdef01234567",
        },
      },
    });
    // The default ignore patterns (VCS, archives) left .git out; .sourceignore is content.
    expect(pushed.layer.entries).toEqual([
      ".",
      ".sourceignore",
      "deploy",
      "deploy/app.yaml",
      "deploy/secret.enc.yaml",
      "run.sh",
    ]);

    const out = memFs();
    const result = await fetchOciRepository({
      spec: { url: `oci://${repo}`, ref: { tag: "v1.0.0" }, insecure: true },
      fs: out,
      dir: "/out",
    });
    if (!result.changed) throw new Error("expected a pull");
    expect(result.revision).toBe(`v1.0.0@${pushed.digest}`);
    expect(result.metadata["org.opencontainers.image.revision"]).toBe(
      "main@sha1:0123456789abcdef0123456789abcdef01234567",
    );
    expect(out.readFile("/out/deploy/app.yaml", "utf8")).toBe("kind: Deployment\n");
    expect(out.stat("/out/run.sh").mode & 0o111).not.toBe(0);
    // The artifact applies .sourceignore: the encrypted file is not in it.
    expect(result.artifact.entries).toEqual([".", ".sourceignore", "deploy", "deploy/app.yaml", "run.sh"]);
    expect(result.artifact.revision).toBe(result.revision);
    const tar = readTar(gunzipBounded(result.artifact.tarGz, { maxBytes: 1 << 20 }));
    expect(tar.find((e) => e.name === "run.sh")?.mode).toBe(0o700);

    // Same revision, same config: no work.
    const again = await fetchOciRepository({
      spec: { url: `oci://${repo}`, ref: { tag: "v1.0.0" }, insecure: true },
      fs: out,
      dir: "/out",
      lastRevision: result.revision,
      lastObserved: result.observed,
    });
    expect(again).toEqual({
      changed: false,
      revision: result.revision,
      message: `artifact up-to-date with remote revision: '${result.revision}'`,
    });
    // A new spec.ignore forces a rebuild.
    const rebuilt = await fetchOciRepository({
      spec: { url: `oci://${repo}`, ref: { tag: "v1.0.0" }, insecure: true, ignore: "run.sh\n" },
      fs: out,
      dir: "/out",
      lastRevision: result.revision,
      lastObserved: result.observed,
    });
    expect(rebuilt.changed && rebuilt.artifact.entries).toEqual([
      ".",
      ".sourceignore",
      "deploy",
      "deploy/app.yaml",
    ]);
  });

  it("resolves semver (with semverFilter) and digest references", async () => {
    const fs = memFs();
    fs.mkdir("/s");
    const digests: Record<string, string> = {};
    for (const tag of ["1.0.0", "1.1.0", "v1.2.0", "2.0.0-rc.1", "latest"]) {
      fs.writeFile("/s/version.txt", tag);
      digests[tag] = (
        await pushArtifact({
          url: `oci://${repo}-semver:${tag}`,
          fs,
          path: "/s",
          created: CREATED,
          insecure: true,
        })
      ).digest;
    }
    const url = `oci://${repo}-semver`;
    const pull = async (ref: object) => {
      const out = memFs();
      const r = await fetchOciRepository({ spec: { url, ref, insecure: true }, fs: out, dir: "/o" });
      return { r, text: out.readFile("/o/version.txt", "utf8") };
    };
    expect((await pull({ semver: ">=1.0.0" })).r.revision).toBe(`v1.2.0@${digests["v1.2.0"]}`);
    expect((await pull({ semver: ">=1.0.0", semverFilter: "^\\d" })).text).toBe("1.1.0");
    expect((await pull({ semver: ">=2.0.0-0" })).text).toBe("2.0.0-rc.1");
    const byDigest = await pull({ digest: digests["1.0.0"] });
    expect(byDigest.r.revision).toBe(digests["1.0.0"]);
    expect(byDigest.text).toBe("1.0.0");
    expect((await pull({})).text).toBe("latest");
    await expect(pull({ semver: ">=3.0.0" })).rejects.toMatchObject({ code: "OCI_NO_MATCHING_TAG" });
    await expect(pull({ tag: "missing" })).rejects.toMatchObject({ code: "OCI_NOT_FOUND", status: 404 });
  });

  it("selects layers by media type and copies them with operation copy", async () => {
    const layer = tarGz([{ name: "manifests/cm.yaml", data: "kind: ConfigMap\n" }]);
    const digest = await pushRaw(
      client,
      `${repo}-layers:v1`,
      layer,
      "application/vnd.example.custom.v1.tar+gzip",
    );
    const out = memFs();
    const copied = await fetchOciRepository({
      spec: {
        url: `oci://${repo}-layers`,
        ref: { tag: "v1" },
        insecure: true,
        layerSelector: { mediaType: "application/vnd.example.custom.v1.tar+gzip", operation: "copy" },
      },
      fs: out,
      dir: "/copy",
    });
    if (!copied.changed) throw new Error("expected a pull");
    expect(copied.artifactPath).toBe(`${digest}.tgz`);
    expect(out.readFile(`/copy/${digest}.tgz`)).toEqual(layer);
    expect(copied.artifact.digest).toBe(digestOf(layer));
    await expect(
      fetchOciRepository({
        spec: {
          url: `oci://${repo}-layers`,
          ref: { tag: "v1" },
          insecure: true,
          layerSelector: { mediaType: "application/x-none" },
        },
        fs: out,
        dir: "/none",
      }),
    ).rejects.toMatchObject({
      code: "OCI_LAYER_NOT_FOUND",
      message: expect.stringContaining("'application/x-none'"),
    });
  });

  it("refuses a hostile layer without writing outside the directory", async () => {
    const layer = tarGz([
      { name: "ok.yaml", data: "a: 1\n" },
      { name: "../escape.txt", data: "owned" },
    ]);
    await pushRaw(client, `${repo}-hostile:v1`, layer, "application/vnd.cncf.flux.content.v1.tar+gzip");
    const out = memFs();
    const err = await fetchOciRepository({
      spec: { url: `oci://${repo}-hostile`, ref: { tag: "v1" }, insecure: true },
      fs: out,
      dir: "/work/out",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArchiveError);
    expect(err).toMatchObject({ code: "ARCHIVE_UNSAFE_PATH", entry: "../escape.txt" });
    expect(out.exists("/work/escape.txt")).toBe(false);
  });

  it("verifies blob digests: content altered in storage is refused", async () => {
    const layer = tarGz([{ name: "a.yaml", data: "original\n" }]);
    await pushRaw(client, `${repo}-tamper:v1`, layer, "application/vnd.cncf.flux.content.v1.tar+gzip");
    const hex = digestOf(layer).slice(7);
    const file = join(registry.storage, "docker/registry/v2/blobs/sha256", hex.slice(0, 2), hex, "data");
    const tampered = tarGz([{ name: "a.yaml", data: "tampered\n" }]);
    expect(readFileSync(file).length).toBe(layer.length);
    writeFileSync(file, tampered.length === layer.length ? tampered : tampered.slice(0, layer.length));
    await expect(
      fetchOciRepository({
        spec: { url: `oci://${repo}-tamper`, ref: { tag: "v1" }, insecure: true },
        fs: memFs(),
        dir: "/x",
      }),
    ).rejects.toMatchObject({ code: "OCI_DIGEST_MISMATCH" });
  });

  it("lists tags across Link-paginated pages", async () => {
    const paging = await startRegistry({ paginateTags: true });
    const repo = `${paging.host}/gitops/app`;
    const fs = memFs();
    fs.mkdir("/p");
    fs.writeFile("/p/a", "a");
    const tags = ["a1", "a2", "b1", "b2", "c1", "c2", "d1"];
    try {
      for (const tag of tags)
        await pushArtifact({
          url: `oci://${repo}-paged:${tag}`,
          fs,
          path: "/p",
          created: CREATED,
          insecure: true,
        });
      const seen: string[] = [];
      const counting: HttpFetch = (input, init) => {
        const url = String(input);
        if (url.includes("/tags/list")) seen.push(url);
        return fetch(input, init);
      };
      const paged = new OciClient({ insecure: true, fetch: counting });
      expect((await paged.listTags({ repository: `${repo}-paged`, pageSize: 2 })).sort()).toEqual(tags);
      expect(seen.length).toBe(4);
      expect(seen[1]).toContain("last=");
      await expect(
        paged.listTags({ repository: `${repo}-paged`, pageSize: 2, maxTags: 3 }),
      ).rejects.toMatchObject({
        code: "OCI_TOO_LARGE",
      });
      // Without a page size the registry sends everything at once.
      expect((await paged.listTags({ repository: `${repo}-paged` })).length).toBe(7);
    } finally {
      await paging.close();
    }
  });

  it("resolves an image index by platform, with OCI and Docker media types", async () => {
    const repository = `${repo}-multi`;
    const children: Record<string, { digest: string; size: number }> = {};
    for (const [arch, mediaType, configType] of [
      ["amd64", "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.config.v1+json"],
      [
        "arm64",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.container.image.v1+json",
      ],
    ] as const) {
      const config = enc(
        JSON.stringify({ architecture: arch, os: "linux", rootfs: { type: "layers", diff_ids: [] } }),
      );
      await client.pushBlob({ repository, data: config });
      const data = enc(
        JSON.stringify({
          schemaVersion: 2,
          mediaType,
          config: { mediaType: configType, size: config.length, digest: digestOf(config) },
          layers: [],
        }),
      );
      await client.putManifest({ reference: `${repository}:${arch}`, mediaType, data });
      children[arch] = { digest: digestOf(data), size: data.length };
    }
    const index = enc(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: [
          {
            mediaType: "application/vnd.oci.image.manifest.v1+json",
            ...children.amd64,
            platform: { os: "linux", architecture: "amd64" },
          },
          {
            mediaType: "application/vnd.docker.distribution.manifest.v2+json",
            ...children.arm64,
            platform: { os: "linux", architecture: "arm64", variant: "v8" },
          },
        ],
      }),
    );
    const indexDigest = await client.putManifest({
      reference: `${repository}:multi`,
      mediaType: "application/vnd.oci.image.index.v1+json",
      data: index,
    });
    const raw = await client.getManifest({ reference: `${repository}:multi` });
    expect(raw.kind).toBe("index");
    const arm = await client.getManifest({
      reference: `${repository}:multi`,
      platform: { os: "linux", architecture: "arm64" },
    });
    expect(arm).toMatchObject({
      kind: "manifest",
      mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      digest: children.arm64.digest,
      indexDigest,
    });
    await expect(
      client.getManifest({
        reference: `${repository}:multi`,
        platform: { os: "linux", architecture: "s390x" },
      }),
    ).rejects.toMatchObject({ code: "OCI_NO_PLATFORM" });
    expect(await client.resolveDigest({ reference: `${repository}:multi` })).toBe(indexDigest);
  });

  it("pulls the linux/amd64 artifact of an index, keeping the index digest in the revision", async () => {
    const repository = `${repo}-multiarch`;
    const entries = [];
    for (const arch of ["arm64", "amd64"]) {
      const layer = tarGz([{ name: "arch.txt", data: `${arch}\n` }]);
      const child = await pushRaw(
        client,
        `${repository}:${arch}`,
        layer,
        "application/vnd.cncf.flux.content.v1.tar+gzip",
      );
      const stored = await client.getManifest({ reference: `${repository}@${child}` });
      entries.push({
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        size: stored.data.length,
        digest: child,
        platform: { os: "linux", architecture: arch },
      });
    }
    const index = enc(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: entries,
      }),
    );
    const indexDigest = await client.putManifest({
      reference: `${repository}:multi`,
      mediaType: "application/vnd.oci.image.index.v1+json",
      data: index,
    });
    const out = memFs();
    const result = await fetchOciRepository({
      spec: { url: `oci://${repository}`, ref: { tag: "multi" }, insecure: true },
      fs: out,
      dir: "/m",
    });
    expect(result.revision).toBe(`multi@${indexDigest}`);
    expect(out.readFile("/m/arch.txt", "utf8")).toBe("amd64\n");
  });

  it("talks HTTPS unless insecure is set", async () => {
    const secure = new OciClient();
    await expect(secure.listTags({ repository: repo })).rejects.toMatchObject({ code: "OCI_NETWORK" });
  });
});

describe("OCI registry authentication (docker-registry)", () => {
  const USER = "oci-user";
  const PASSWORD = "Pa55-w0rd-never-shown";

  it("answers a Basic challenge with the credentials (htpasswd)", async () => {
    const registry = await startRegistry({ auth: { kind: "htpasswd", username: USER, password: PASSWORD } });
    try {
      const fs = sourceTree();
      const url = `oci://${registry.host}/private/app:v1`;
      await expect(pushArtifact({ url, fs, path: "/src", insecure: true })).rejects.toMatchObject({
        code: "OCI_AUTH",
        message: expect.stringContaining("no credentials were given"),
      });
      const wrong = await pushArtifact({
        url,
        fs,
        path: "/src",
        insecure: true,
        credentials: { username: USER, password: "bad-Secret-123" },
      }).catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(OciError);
      expect(wrong).toMatchObject({ code: "OCI_AUTH", status: 401 });
      expect((wrong as Error).message).not.toContain("bad-Secret-123");
      const pushed = await pushArtifact({
        url,
        fs,
        path: "/src",
        insecure: true,
        credentials: { username: USER, password: PASSWORD },
        created: CREATED,
      });

      // Credentials from a dockerconfigjson Secret, read through the cluster adapter.
      const cluster = new MemoryCluster({ namespaces: ["flux-system"] });
      const config = {
        auths: { [registry.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString("base64") } },
      };
      await cluster.apply({
        fieldManager: "test",
        objects: [
          {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "regcred", namespace: "flux-system" },
            type: "kubernetes.io/dockerconfigjson",
            data: { ".dockerconfigjson": Buffer.from(JSON.stringify(config)).toString("base64") },
          },
        ],
      });
      const result = await fetchOciRepository({
        spec: {
          url: `oci://${registry.host}/private/app`,
          ref: { tag: "v1" },
          insecure: true,
          secretRef: { name: "regcred" },
        },
        fs: memFs(),
        dir: "/o",
        credentials: (host, repository) =>
          registryCredentialsFromSecret({
            cluster,
            name: "regcred",
            namespace: "flux-system",
            registry: host,
            repository,
          }),
      });
      expect(result.revision).toBe(`v1@${pushed.digest}`);
    } finally {
      await registry.close();
    }
  });

  it("obtains bearer tokens from the realm (token auth), anonymously, with a password or an identity token", async () => {
    const registry = await startRegistry({
      auth: {
        kind: "token",
        username: USER,
        password: PASSWORD,
        identityToken: "refresh-token-xyz",
        anonymousPull: true,
      },
    });
    try {
      const fs = sourceTree();
      const url = `oci://${registry.host}/team/app:v1`;
      const pushed = await pushArtifact({
        url,
        fs,
        path: "/src",
        insecure: true,
        credentials: { username: USER, password: PASSWORD },
        created: CREATED,
      });
      expect(
        registry.tokenRequests.some(
          (r) => r.user === USER && r.scopes.includes("repository:team/app:pull,push"),
        ),
      ).toBe(true);

      // Public pull: an anonymous token grants pull.
      const anonymous = await fetchOciRepository({
        spec: { url: `oci://${registry.host}/team/app`, ref: { tag: "v1" }, insecure: true },
        fs: memFs(),
        dir: "/a",
      });
      expect(anonymous.revision).toBe(`v1@${pushed.digest}`);
      expect(
        registry.tokenRequests.some(
          (r) => r.user === "anonymous" && r.scopes.includes("repository:team/app:pull"),
        ),
      ).toBe(true);
      // Anonymous push is refused.
      await expect(
        pushArtifact({ url: `oci://${registry.host}/team/app:v2`, fs, path: "/src", insecure: true }),
      ).rejects.toMatchObject({
        code: "OCI_AUTH",
      });
      // An identity token goes through the refresh-token grant.
      await pushArtifact({
        url: `oci://${registry.host}/team/app:v3`,
        fs,
        path: "/src",
        insecure: true,
        credentials: { identityToken: "refresh-token-xyz" },
      });
      expect(
        registry.tokenRequests.some(
          (r) => r.method === "POST" && r.scopes.includes("repository:team/app:pull,push"),
        ),
      ).toBe(true);
      // Wrong password: the token server refuses, and the message holds no secret.
      const err = await new OciClient({
        insecure: true,
        credentials: { username: USER, password: "nope-Secret-42" },
      })
        .listTags({ repository: `${registry.host}/team/app` })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "OCI_AUTH" });
      expect((err as Error).message).not.toContain("nope-Secret-42");
    } finally {
      await registry.close();
    }
  });
});

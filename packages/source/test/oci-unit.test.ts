import { digestOf, MemoryCluster, memFs, ValidationError } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import {
  buildArtifactLayer,
  decodeManifest,
  dockerConfigCredentials,
  fluxArtifactConfig,
  fluxArtifactManifest,
  gunzipBounded,
  isLoopbackRegistry,
  nextLink,
  normalizeCreated,
  OciError,
  parseDockerConfig,
  parseOciReference,
  parseOciRepositorySpec,
  parseWwwAuthenticate,
  readTar,
  registryBaseUrl,
  registryCredentialsFromSecret,
  selectPlatform,
  selectSemverTag,
} from "../src/index.js";

const HEX = "a".repeat(64);

describe("OCI references", () => {
  it.each([
    [
      "oci://ghcr.io/stefanprodan/manifests/podinfo:6.5.0",
      { registry: "ghcr.io", repository: "stefanprodan/manifests/podinfo", tag: "6.5.0" },
    ],
    [
      "localhost:5000/app@sha256:" + HEX,
      { registry: "localhost:5000", repository: "app", digest: `sha256:${HEX}` },
    ],
    [
      "127.0.0.1:5000/a/b:v1@sha256:" + HEX,
      { registry: "127.0.0.1:5000", repository: "a/b", tag: "v1", digest: `sha256:${HEX}` },
    ],
    ["nginx", { registry: "index.docker.io", repository: "library/nginx" }],
    [
      "docker.io/bitnami/nginx:1.25",
      { registry: "index.docker.io", repository: "bitnami/nginx", tag: "1.25" },
    ],
    ["localhost/x", { registry: "localhost", repository: "x" }],
  ])("parses %s", (text, expected) => {
    expect(parseOciReference(text)).toEqual(expected);
  });

  it.each([
    ["", "empty"],
    ["ghcr.io/UPPER/x", "bad repository path component 'UPPER'"],
    ["ghcr.io/x:bad tag", "contains white space"],
    ["ghcr.io/x:-tag", "bad tag '-tag'"],
    ["ghcr.io/x@sha256:abc", "64 lowercase hex"],
    ["https://ghcr.io/x", "only the oci:// scheme"],
  ])("refuses %j", (text, why) => {
    expect(() => parseOciReference(text)).toThrow(
      expect.objectContaining({ code: "OCI_INVALID_REFERENCE", message: expect.stringContaining(why) }),
    );
  });

  it("allows plain HTTP only for registries on this machine, and only when asked", () => {
    expect(registryBaseUrl("ghcr.io")).toBe("https://ghcr.io");
    expect(registryBaseUrl("127.0.0.1:5000")).toBe("https://127.0.0.1:5000");
    expect(registryBaseUrl("127.0.0.1:5000", true)).toBe("http://127.0.0.1:5000");
    expect(registryBaseUrl("localhost", true)).toBe("http://localhost");
    expect(registryBaseUrl("[::1]:5000", true)).toBe("http://[::1]:5000");
    expect(() => registryBaseUrl("registry.internal:5000", true)).toThrow(
      expect.objectContaining({ code: "OCI_INSECURE_NOT_ALLOWED" }),
    );
    expect(isLoopbackRegistry("128.0.0.1")).toBe(false);
  });
});

describe("authentication challenges and pagination links", () => {
  it("parses WWW-Authenticate", () => {
    expect(
      parseWwwAuthenticate(
        'Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull"',
      ),
    ).toEqual([
      {
        scheme: "bearer",
        params: {
          realm: "https://auth.example.com/token",
          service: "registry.example.com",
          scope: "repository:a/b:pull",
        },
      },
    ]);
    expect(parseWwwAuthenticate('Basic realm="x \\"y\\"", Bearer realm=r')).toEqual([
      { scheme: "basic", params: { realm: 'x "y"' } },
      { scheme: "bearer", params: { realm: "r" } },
    ]);
  });

  it("follows only rel=next", () => {
    expect(nextLink('</v2/a/tags/list?last=b&n=2>; rel="next"')).toBe("/v2/a/tags/list?last=b&n=2");
    expect(nextLink('<https://x/p1>; rel="prev", <https://x/p3>; rel=next')).toBe("https://x/p3");
    expect(nextLink('<https://x/p1>; rel="prev"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});

describe("docker config credentials", () => {
  const auth = (u: string, p: string) => Buffer.from(`${u}:${p}`).toString("base64");
  const config = parseDockerConfig(
    JSON.stringify({
      auths: {
        "https://index.docker.io/v1/": { auth: auth("hub", "hub-pw") },
        "ghcr.io": { username: "gh", password: "gh-pw" },
        "ghcr.io/org/special": { username: "special", password: "sp-pw" },
        "*.example.com": { auth: auth("wild", "wild-pw") },
        "127.0.0.1:5000": { identitytoken: "refresh-tok" },
      },
    }),
  );

  it.each([
    ["index.docker.io", "library/nginx", "hub"],
    ["ghcr.io", "org/app", "gh"],
    ["ghcr.io", "org/special/sub", "special"],
    ["registry.example.com", "x", "wild"],
    ["a.b.example.com", "x", undefined],
    ["127.0.0.1:5001", "x", undefined],
  ])("picks the entry for %s/%s", (registry, repository, user) => {
    expect(dockerConfigCredentials({ config, registry, repository })?.username).toBe(user);
  });

  it("keeps identity tokens", () => {
    expect(dockerConfigCredentials({ config, registry: "127.0.0.1:5000" })).toEqual({
      identityToken: "refresh-tok",
    });
  });

  it("reads a dockerconfigjson Secret through the cluster adapter", async () => {
    const cluster = new MemoryCluster({ namespaces: ["default", "flux-system"] });
    const dockerconfig = JSON.stringify({ auths: { "127.0.0.1:5000": { username: "u", password: "p4ss" } } });
    await cluster.apply({
      fieldManager: "test",
      objects: [
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "regcred", namespace: "flux-system" },
          type: "kubernetes.io/dockerconfigjson",
          data: { ".dockerconfigjson": Buffer.from(dockerconfig).toString("base64") },
        },
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "other", namespace: "flux-system" },
          data: { x: "eQ==" },
        },
      ],
    });
    await expect(
      registryCredentialsFromSecret({
        cluster,
        name: "regcred",
        namespace: "flux-system",
        registry: "127.0.0.1:5000",
      }),
    ).resolves.toEqual({ username: "u", password: "p4ss" });
    await expect(
      registryCredentialsFromSecret({
        cluster,
        name: "regcred",
        namespace: "flux-system",
        registry: "ghcr.io",
      }),
    ).resolves.toBeUndefined();
    await expect(
      registryCredentialsFromSecret({
        cluster,
        name: "other",
        namespace: "flux-system",
        registry: "ghcr.io",
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      registryCredentialsFromSecret({
        cluster,
        name: "missing",
        namespace: "flux-system",
        registry: "ghcr.io",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("never quotes the config text in errors", () => {
    const text = '{"auths": {"x": {"password": 12345}}, "secret": "do-not-print"}';
    expect(() => parseDockerConfig(text)).toThrow(ValidationError);
    try {
      parseDockerConfig("{not json do-not-print");
    } catch (err) {
      expect((err as Error).message).not.toContain("do-not-print");
    }
  });
});

describe("manifests", () => {
  const desc = (mediaType: string, extra = {}) => ({
    mediaType,
    size: 10,
    digest: `sha256:${HEX}`,
    ...extra,
  });
  const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

  it("decodes OCI and Docker manifests and indexes", () => {
    const oci = decodeManifest({
      data: enc({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        config: desc("c"),
        layers: [desc("l")],
        annotations: { a: "b" },
      }),
      reference: "r",
    });
    expect(oci).toMatchObject({
      kind: "manifest",
      manifest: { layers: [{ mediaType: "l" }], annotations: { a: "b" } },
    });
    const docker = decodeManifest({
      data: enc({
        schemaVersion: 2,
        mediaType: "application/vnd.docker.distribution.manifest.v2+json",
        config: desc("c"),
        layers: [],
      }),
      reference: "r",
    });
    expect(docker.kind).toBe("manifest");
    const list = decodeManifest({
      data: enc({
        schemaVersion: 2,
        manifests: [desc("m", { platform: { os: "linux", architecture: "amd64" } })],
      }),
      contentType: "application/vnd.docker.distribution.manifest.list.v2+json",
      reference: "r",
    });
    expect(list).toMatchObject({
      kind: "index",
      mediaType: "application/vnd.docker.distribution.manifest.list.v2+json",
    });
  });

  it.each([
    [{ schemaVersion: 1, name: "x" }, "schemaVersion 1"],
    [
      { schemaVersion: 2, mediaType: "application/vnd.docker.distribution.manifest.v1+prettyjws" },
      "unsupported media type",
    ],
    [{ schemaVersion: 2, config: { mediaType: "c", size: -1, digest: "x" }, layers: [] }, "config.size"],
    [{ schemaVersion: 2, config: { mediaType: "c", size: 1, digest: "nope" }, layers: [] }, "config.digest"],
    [
      { schemaVersion: 2, config: { mediaType: "c", size: 1, digest: `sha256:${HEX}` } },
      "'layers' must be a list",
    ],
  ])("refuses %j", (doc, why) => {
    expect(() => decodeManifest({ data: enc(doc), reference: "r" })).toThrow(
      expect.objectContaining({ code: "OCI_INVALID_MANIFEST", message: expect.stringContaining(why) }),
    );
  });

  it("selects a platform from an index", () => {
    const index = {
      schemaVersion: 2,
      manifests: [
        desc("m", { digest: `sha256:${"1".repeat(64)}`, platform: { os: "linux", architecture: "amd64" } }),
        desc("m", {
          digest: `sha256:${"2".repeat(64)}`,
          platform: { os: "linux", architecture: "arm", variant: "v7" },
        }),
        desc("m", { digest: `sha256:${"3".repeat(64)}`, platform: { os: "linux", architecture: "arm64" } }),
      ],
    };
    expect(selectPlatform(index, { os: "linux", architecture: "arm64", variant: "v8" })?.digest).toBe(
      `sha256:${"3".repeat(64)}`,
    );
    expect(selectPlatform(index, { os: "linux", architecture: "arm", variant: "v7" })?.digest).toBe(
      `sha256:${"2".repeat(64)}`,
    );
    expect(selectPlatform(index, { os: "linux", architecture: "arm", variant: "v6" })).toBeUndefined();
    expect(selectPlatform(index, { os: "windows", architecture: "amd64" })).toBeUndefined();
  });
});

describe("semver tag selection", () => {
  const tags = ["latest", "v1.0.0", "1.2.0", "1.3.0-rc.1", "2.0.0", "1.2", "main-abc", "1.2.1_build"];
  it("picks the highest tag in range, as source-controller does", () => {
    expect(selectSemverTag({ tags, semver: ">=1.0.0 <2.0.0" })).toBe("1.2.0");
    // Masterminds: a prerelease matches only comparators that carry a prerelease themselves.
    expect(selectSemverTag({ tags, semver: ">=1.3.0-0 <1.4.0-0" })).toBe("1.3.0-rc.1");
    expect(() => selectSemverTag({ tags, semver: ">=1.3.0-0 <2.0.0" })).toThrow(OciError);
    expect(selectSemverTag({ tags, semver: "*" })).toBe("2.0.0");
    expect(selectSemverTag({ tags, semver: "1.x", filter: "^v" })).toBe("v1.0.0");
    // For Helm chart layers `_` in a tag stands for `+`.
    expect(
      selectSemverTag({
        tags,
        semver: ">1.2.0 <2",
        mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
      }),
    ).toBe("1.2.1_build");
  });

  it("fails with typed errors", () => {
    expect(() => selectSemverTag({ tags, semver: ">=3" })).toThrow(
      expect.objectContaining({ code: "OCI_NO_MATCHING_TAG", message: "no match found for semver: >=3" }),
    );
    expect(() => selectSemverTag({ tags, semver: "not a range" })).toThrow(ValidationError);
    expect(() => selectSemverTag({ tags, semver: "*", filter: "(" })).toThrow(ValidationError);
  });
});

describe("flux push artifact format", () => {
  it("normalises created timestamps as Go round-trips them", () => {
    expect(normalizeCreated("2024-01-01T10:00:00Z")).toBe("2024-01-01T10:00:00Z");
    expect(normalizeCreated("2024-01-01T10:00:00.500000+02:00")).toBe("2024-01-01T10:00:00.5+02:00");
    expect(normalizeCreated("2024-01-01T10:00:00.000Z")).toBe("2024-01-01T10:00:00Z");
    expect(() => normalizeCreated("yesterday")).toThrow(ValidationError);
  });

  it("writes the config and manifest JSON byte for byte as go-containerregistry marshals them", () => {
    const config = fluxArtifactConfig({ created: "2024-01-01T00:00:00Z", diffId: `sha256:${HEX}` });
    expect(new TextDecoder().decode(config)).toBe(
      `{"architecture":"","created":"2024-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],"os":"","rootfs":{"type":"layers","diff_ids":["sha256:${HEX}"]},"config":{}}`,
    );
    const manifest = fluxArtifactManifest({
      config: { digest: digestOf(config), size: config.length },
      layer: { digest: `sha256:${"b".repeat(64)}`, size: 42 },
      annotations: {
        "org.opencontainers.image.source": "https://github.com/org/repo?a=1&b=<2>",
        "org.opencontainers.image.created": "2024-01-01T00:00:00Z",
        "org.opencontainers.image.revision": "main@sha1:abc",
      },
    });
    expect(new TextDecoder().decode(manifest)).toBe(
      `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",` +
        `"config":{"mediaType":"application/vnd.cncf.flux.config.v1+json","size":${config.length},"digest":"${digestOf(config)}"},` +
        `"layers":[{"mediaType":"application/vnd.cncf.flux.content.v1.tar+gzip","size":42,"digest":"sha256:${"b".repeat(64)}"}],` +
        `"annotations":{"org.opencontainers.image.created":"2024-01-01T00:00:00Z","org.opencontainers.image.revision":"main@sha1:abc",` +
        `"org.opencontainers.image.source":"https://github.com/org/repo?a=1\\u0026b=\\u003c2\\u003e"}}`,
    );
  });

  it("builds the layer like Flux's tar: root '.', lexical walk, permission bits kept, ignore patterns", () => {
    const fs = memFs();
    fs.mkdir("/src/b");
    fs.mkdir("/src/.git");
    fs.writeFile("/src/.git/HEAD", "ref\n");
    fs.writeFile("/src/a.yaml", "a\n", { mode: 0o644 });
    fs.writeFile("/src/run.sh", "#!/bin/sh\n", { mode: 0o755 });
    fs.writeFile("/src/b/c.yaml", "c\n", { mode: 0o640 });
    fs.writeFile("/src/logo.png", "png");
    fs.symlink("a.yaml", "/src/link");
    const layer = buildArtifactLayer({ fs, path: "/src" });
    const entries = readTar(gunzipBounded(layer.data, { maxBytes: 1 << 20 }));
    expect(entries.map((e) => [e.name, e.kind, e.mode.toString(8)])).toEqual([
      [".", "dir", (fs.stat("/src").mode & 0o7777).toString(8)],
      ["a.yaml", "file", "644"],
      ["b", "dir", (fs.stat("/src/b").mode & 0o7777).toString(8)],
      ["b/c.yaml", "file", "640"],
      ["run.sh", "file", "755"],
    ]);
    expect(entries.every((e) => e.uid === 0 && e.gid === 0 && e.mtime === 0 && e.uname === "")).toBe(true);
    expect(layer.digest).toBe(digestOf(layer.data));
    const custom = buildArtifactLayer({ fs, path: "/src", ignorePaths: ["*.sh", "b/"] });
    expect(custom.entries).toEqual([".", ".git", ".git/HEAD", "a.yaml", "logo.png"]);
    const single = buildArtifactLayer({ fs, path: "/src/run.sh" });
    const one = readTar(gunzipBounded(single.data, { maxBytes: 1 << 20 }));
    expect(one.map((e) => [e.name, e.mode.toString(8)])).toEqual([
      [".", "700"],
      ["run.sh", "755"],
    ]);
  });
});

describe("OCIRepository spec", () => {
  it("applies Flux's defaults and refuses bad specs with the field named", () => {
    const spec = parseOciRepositorySpec({ url: "oci://ghcr.io/org/app", ref: { semver: "1.x" } });
    expect(spec.timeout).toBe("60s");
    expect(spec.provider).toBe("generic");
    expect(() => parseOciRepositorySpec({ url: "https://ghcr.io/x" })).toThrow(/spec\.url: should match/);
    expect(() => parseOciRepositorySpec({ url: "oci://ghcr.io/x:v1" })).toThrow(
      /must not contain a tag; remove ':v1'/,
    );
    expect(() =>
      parseOciRepositorySpec({ url: "oci://ghcr.io/x", layerSelector: { operation: "move" } }),
    ).toThrow(/spec\.layerSelector\.operation/);
    expect(parseOciRepositorySpec({ url: "oci://localhost:5000/x" }).url).toBe("oci://localhost:5000/x");
  });

  it("OciError carries the reference", () => {
    const err = new OciError("OCI_NOT_FOUND", "m", { reference: "r", status: 404 });
    expect(err).toMatchObject({ code: "OCI_NOT_FOUND", reference: "r", status: 404, name: "OciError" });
  });
});

import { memFs, sha256Hex } from "@gitops-kit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ArchiveError,
  fetchHelmChart,
  fetchHelmIndex,
  HelmIndexError,
  HelmRepositoryError,
  helmIndexUrl,
  OciClient,
  pullHelmChart,
  resolveChartUrl,
} from "../src/index.js";
import { chartPackage } from "./helm-fixtures.js";
import { tarOf } from "./helpers/tar.js";
import { type RegistryServer, startRegistry } from "./servers/registry.js";
import { type StaticHttpServer, startStaticHttpServer } from "./servers/static-http.js";

const USER = "helm-user";
const PASSWORD = "s3cr3t-Pa55w0rd";

function indexYaml(
  entries: { name: string; version: string; url: string; digest?: string; created?: string }[],
): string {
  let out = "apiVersion: v1\nentries:\n";
  const byName = new Map<string, typeof entries>();
  for (const e of entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  for (const [name, list] of byName) {
    out += `  ${name}:\n`;
    for (const e of list) {
      out += `  - apiVersion: v2\n    created: "${e.created ?? "2024-01-01T00:00:00Z"}"\n`;
      if (e.digest) out += `    digest: ${e.digest}\n`;
      out += `    name: ${e.name}\n    urls:\n    - ${e.url}\n    version: ${e.version}\n`;
    }
  }
  return `${out}generated: "2024-01-01T00:00:00Z"\n`;
}

const podinfo100 = chartPackage({
  name: "podinfo",
  version: "1.0.0",
  files: { "templates/cm.yaml": "kind: ConfigMap\n" },
});
const podinfo110 = chartPackage({
  name: "podinfo",
  version: "1.1.0",
  files: { "templates/cm.yaml": "kind: ConfigMap\n" },
});
const podinfoRc = chartPackage({ name: "podinfo", version: "2.0.0-rc.1" });

describe("HelmRepository over HTTP", () => {
  let repo: StaticHttpServer;
  let other: StaticHttpServer;

  beforeAll(async () => {
    repo = await startStaticHttpServer({ auth: { username: USER, password: PASSWORD } });
    other = await startStaticHttpServer();
    repo.files["/charts/podinfo-1.0.0.tgz"] = podinfo100;
    repo.files["/charts/podinfo-1.1.0.tgz"] = podinfo110;
    repo.files["/charts/podinfo-2.0.0-rc.1.tgz"] = podinfoRc;
    other.files["/elsewhere/podinfo-1.1.0.tgz"] = podinfo110;
    repo.files["/index.yaml"] = indexYaml([
      { name: "podinfo", version: "1.0.0", url: "charts/podinfo-1.0.0.tgz", digest: sha256Hex(podinfo100) },
      { name: "podinfo", version: "1.1.0", url: "charts/podinfo-1.1.0.tgz", digest: sha256Hex(podinfo110) },
      { name: "podinfo", version: "2.0.0-rc.1", url: "charts/podinfo-2.0.0-rc.1.tgz" },
    ]);
  });
  afterAll(async () => {
    await repo.close();
    await other.close();
  });

  const auth = { username: USER, password: PASSWORD };

  it("fetches the index with basic auth and gives its digest", async () => {
    const fetched = await fetchHelmIndex({ url: repo.url, auth });
    expect(fetched.url).toBe(`${repo.url}/index.yaml`);
    expect(fetched.index.entries.podinfo.map((e) => e.version)).toEqual(["2.0.0-rc.1", "1.1.0", "1.0.0"]);
    expect(fetched.digest).toBe(`sha256:${sha256Hex(repo.files["/index.yaml"] as string)}`);
    expect(repo.requests.at(-1)).toMatchObject({ path: "/index.yaml", status: 200 });
  });

  it("resolves the latest stable version, downloads it and checks its digest", async () => {
    const chart = await fetchHelmChart({ url: `${repo.url}/`, auth, chart: "podinfo" });
    expect(chart.version).toBe("1.1.0");
    expect(chart.url).toBe(`${repo.url}/charts/podinfo-1.1.0.tgz`);
    expect(chart.digest).toBe(`sha256:${sha256Hex(podinfo110)}`);
    expect(chart.metadata).toMatchObject({ name: "podinfo", version: "1.1.0", apiVersion: "v2" });
    expect(chart.fileName).toBe("podinfo-1.1.0.tgz");
    const rc = await fetchHelmChart({ url: repo.url, auth, chart: "podinfo", version: ">=2.0.0-0" });
    expect(rc.version).toBe("2.0.0-rc.1");
  });

  it("pulls a chart into a directory, unpacked, with the package as the HelmChart artifact", async () => {
    const fs = memFs();
    const pulled = await pullHelmChart({
      url: repo.url,
      auth,
      chart: "podinfo",
      version: "~1.0",
      fs,
      dir: "/out",
    });
    expect(pulled.artifact.revision).toBe("1.0.0");
    expect(pulled.artifact.digest).toBe(`sha256:${sha256Hex(podinfo100)}`);
    expect(fs.readFile("/out/podinfo/Chart.yaml", "utf8")).toContain("version: 1.0.0");
    expect(fs.readFile("/out/podinfo/templates/cm.yaml", "utf8")).toBe("kind: ConfigMap\n");
    const packed = await pullHelmChart({
      url: repo.url,
      auth,
      chart: "podinfo",
      fs,
      dir: "/pkg",
      untar: false,
    });
    expect(fs.readdir("/pkg")).toEqual(["podinfo-1.1.0.tgz"]);
    expect(fs.readFile("/pkg/podinfo-1.1.0.tgz")).toEqual(podinfo110);
    expect(packed.files).toEqual(["podinfo-1.1.0.tgz"]);
  });

  it("accepts credentials in the URL and a bearer token", async () => {
    const url = `http://${USER}:${encodeURIComponent(PASSWORD)}@${repo.url.slice("http://".length)}`;
    const chart = await fetchHelmChart({ url, chart: "podinfo", version: "1.0.0" });
    expect(chart.version).toBe("1.0.0");
    expect(chart.url).not.toContain(PASSWORD);
    const bearer = await startStaticHttpServer({
      auth: { token: "tok-123456" },
      files: { "/index.yaml": indexYaml([]) },
    });
    try {
      const fetched = await fetchHelmIndex({ url: bearer.url, auth: { token: "tok-123456" } });
      expect(fetched.index.entries).toEqual({});
      expect(bearer.requests[0].authorization).toBe("Bearer tok-123456");
    } finally {
      await bearer.close();
    }
  });

  it("refuses wrong credentials with HELM_AUTH and no secret in the message", async () => {
    const err = await fetchHelmIndex({
      url: repo.url,
      auth: { username: USER, password: "wrong-password-xyz" },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HelmRepositoryError);
    expect(err).toMatchObject({ code: "HELM_AUTH", status: 401 });
    expect((err as Error).message).not.toContain("wrong-password-xyz");
    const url = `http://${USER}:leaky-secret-987@127.0.0.1:1/`;
    const down = await fetchHelmIndex({ url }).catch((e: unknown) => e);
    expect(down).toMatchObject({ code: "HELM_NETWORK" });
    expect((down as Error).message).not.toContain("leaky-secret-987");
    expect(JSON.stringify(down)).not.toContain("leaky-secret-987");
  });

  it("sends credentials to other hosts only with passCredentials", async () => {
    const index = indexYaml([
      { name: "podinfo", version: "1.1.0", url: `${other.url}/elsewhere/podinfo-1.1.0.tgz` },
    ]);
    repo.files["/split/index.yaml"] = index;
    other.requests.length = 0;
    await fetchHelmChart({ url: `${repo.url}/split`, auth, chart: "podinfo" });
    expect(other.requests).toEqual([{ path: "/elsewhere/podinfo-1.1.0.tgz", status: 200 }]);
    other.requests.length = 0;
    await fetchHelmChart({ url: `${repo.url}/split`, auth, chart: "podinfo", passCredentials: true });
    expect(other.requests[0].authorization).toBe(
      `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`,
    );
  });

  it("does not carry credentials across a redirect to another host unless asked", async () => {
    repo.redirects["/moved/podinfo-1.1.0.tgz"] = `${other.url}/elsewhere/podinfo-1.1.0.tgz`;
    repo.files["/moved/index.yaml"] = indexYaml([
      { name: "podinfo", version: "1.1.0", url: "podinfo-1.1.0.tgz" },
    ]);
    other.requests.length = 0;
    const chart = await fetchHelmChart({ url: `${repo.url}/moved`, auth, chart: "podinfo" });
    expect(chart.digest).toBe(`sha256:${sha256Hex(podinfo110)}`);
    expect(other.requests).toEqual([{ path: "/elsewhere/podinfo-1.1.0.tgz", status: 200 }]);
    const redirected = repo.requests.find((r) => r.path === "/moved/podinfo-1.1.0.tgz");
    expect(redirected?.authorization).toBeDefined();
  });

  it("enforces Flux's size limits with typed errors", async () => {
    await expect(fetchHelmIndex({ url: repo.url, auth, maxIndexSize: 100 })).rejects.toMatchObject({
      code: "HELM_INDEX_TOO_LARGE",
    });
    await expect(fetchHelmIndex({ url: repo.url, auth, maxIndexSize: 100 })).rejects.toBeInstanceOf(
      HelmIndexError,
    );
    await expect(
      fetchHelmChart({ url: repo.url, auth, chart: "podinfo", maxChartSize: 64 }),
    ).rejects.toMatchObject({
      code: "HELM_CHART_TOO_LARGE",
      message: "size of chart 'podinfo-1.1.0.tgz' exceeds '64' bytes limit",
    });
    const big = chartPackage({
      name: "big",
      version: "1.0.0",
      files: { "files/blob.bin": new Uint8Array(5 * 1024 * 1024 + 1) },
    });
    repo.files["/big/big-1.0.0.tgz"] = big;
    repo.files["/big/index.yaml"] = indexYaml([{ name: "big", version: "1.0.0", url: "big-1.0.0.tgz" }]);
    await expect(fetchHelmChart({ url: `${repo.url}/big`, auth, chart: "big" })).rejects.toMatchObject({
      code: "HELM_CHART_TOO_LARGE",
      message: expect.stringContaining("size of 'big/files/blob.bin' exceeds '5242880' bytes limit"),
    });
  });

  it("refuses a package whose digest differs from the index, or that is not a chart", async () => {
    repo.files["/bad/index.yaml"] = indexYaml([
      { name: "podinfo", version: "1.0.0", url: "podinfo-1.0.0.tgz", digest: sha256Hex(podinfo110) },
      { name: "nochart", version: "1.0.0", url: "nochart-1.0.0.tgz" },
      { name: "evil", version: "1.0.0", url: "evil-1.0.0.tgz" },
    ]);
    repo.files["/bad/podinfo-1.0.0.tgz"] = podinfo100;
    repo.files["/bad/nochart-1.0.0.tgz"] = chartPackage({ name: "x", version: "1.0.0" }).slice(0, 0);
    const tar = tarOf((w) => {
      w.add(
        { name: "evil/Chart.yaml", type: "file", mode: 0o644 },
        new TextEncoder().encode("name: evil\nversion: 1.0.0\n"),
      );
      w.add({ name: "evil/../../escape.txt", type: "file", mode: 0o644 }, new TextEncoder().encode("x"));
    });
    const { gzipDeterministic } = await import("../src/index.js");
    repo.files["/bad/evil-1.0.0.tgz"] = gzipDeterministic(tar);

    await expect(fetchHelmChart({ url: `${repo.url}/bad`, auth, chart: "podinfo" })).rejects.toMatchObject({
      code: "HELM_CHART_DIGEST_MISMATCH",
    });
    const unchecked = await fetchHelmChart({
      url: `${repo.url}/bad`,
      auth,
      chart: "podinfo",
      verifyDigest: false,
    });
    expect(unchecked.version).toBe("1.0.0");
    await expect(fetchHelmChart({ url: `${repo.url}/bad`, auth, chart: "nochart" })).rejects.toBeInstanceOf(
      ArchiveError,
    );
    const fs = memFs();
    await expect(
      pullHelmChart({ url: `${repo.url}/bad`, auth, chart: "evil", fs, dir: "/t/out" }),
    ).rejects.toMatchObject({
      code: "ARCHIVE_UNSAFE_PATH",
      entry: "evil/../../escape.txt",
    });
    expect(fs.exists("/escape.txt")).toBe(false);
    expect(fs.exists("/t/escape.txt")).toBe(false);
  });

  it("reports missing charts, versions and files", async () => {
    await expect(fetchHelmChart({ url: repo.url, auth, chart: "nginx" })).rejects.toMatchObject({
      code: "CHART_NAME_NOT_FOUND",
    });
    await expect(
      fetchHelmChart({ url: repo.url, auth, chart: "podinfo", version: "9.x" }),
    ).rejects.toMatchObject({
      code: "CHART_VERSION_NOT_FOUND",
    });
    await expect(fetchHelmIndex({ url: `${repo.url}/nothing`, auth })).rejects.toMatchObject({
      code: "HELM_HTTP",
      status: 404,
      message: `failed to fetch ${repo.url}/nothing/index.yaml : 404 Not Found`,
    });
  });

  it("builds URLs as Helm does", () => {
    expect(helmIndexUrl("https://h/charts/?token=x")).toBe("https://h/charts/index.yaml?token=x");
    expect(helmIndexUrl("https://h")).toBe("https://h/index.yaml");
    expect(resolveChartUrl("https://h/charts/?token=x", "a/b-1.0.0.tgz")).toBe(
      "https://h/charts/a/b-1.0.0.tgz?token=x",
    );
    expect(resolveChartUrl("https://h/charts", "../b-1.0.0.tgz")).toBe("https://h/b-1.0.0.tgz");
    expect(resolveChartUrl("https://h/charts/", "https://cdn/x.tgz")).toBe("https://cdn/x.tgz");
  });
});

describe("HelmRepository of type oci (docker-registry)", () => {
  let registry: RegistryServer;
  const creds = { username: "oci-user", password: "oci-Pa55word" };

  /** Push a chart the way `helm push` lays it out: Helm config + chart layer, tag with `+` as `_`. */
  async function pushChart(client: OciClient, name: string, version: string): Promise<void> {
    const repository = `${registry.host}/charts/${name}`;
    const data = chartPackage({ name, version });
    const config = new TextEncoder().encode(JSON.stringify({ name, version, apiVersion: "v2" }));
    const layerDigest = await client.pushBlob({ repository, data });
    const configDigest = await client.pushBlob({ repository, data: config });
    const manifest = JSON.stringify({
      schemaVersion: 2,
      config: {
        mediaType: "application/vnd.cncf.helm.config.v1+json",
        digest: configDigest,
        size: config.length,
      },
      layers: [
        {
          mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
          digest: layerDigest,
          size: data.length,
        },
      ],
    });
    await client.putManifest({
      reference: `${repository}:${version.replaceAll("+", "_")}`,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      data: new TextEncoder().encode(manifest),
    });
  }

  beforeAll(async () => {
    registry = await startRegistry({ auth: { kind: "htpasswd", ...creds } });
    const client = new OciClient({ insecure: true, credentials: creds });
    for (const v of ["1.0.0", "1.2.0", "1.2.0+build.2", "2.0.0-rc.1"]) await pushChart(client, "podinfo", v);
  }, 60_000);
  afterAll(async () => {
    await registry?.close();
  });

  it("resolves versions from the registry's tags and downloads the chart layer", async () => {
    const url = `oci://${registry.host}/charts`;
    const latest = await fetchHelmChart({ url, type: "oci", insecure: true, auth: creds, chart: "podinfo" });
    expect(latest.version).toBe("1.2.0+build.2");
    expect(latest.metadata.version).toBe("1.2.0+build.2");
    expect(latest.url).toBe(`oci://${registry.host}/charts/podinfo:1.2.0_build.2`);
    const exact = await fetchHelmChart({
      url,
      insecure: true,
      auth: creds,
      chart: "podinfo",
      version: "1.0.0",
    });
    expect(exact.metadata.version).toBe("1.0.0");
    const pre = await fetchHelmChart({
      url,
      insecure: true,
      auth: creds,
      chart: "podinfo",
      version: ">=2.0.0-0",
    });
    expect(pre.version).toBe("2.0.0-rc.1");
    const fs = memFs();
    const pulled = await pullHelmChart({
      url,
      insecure: true,
      auth: creds,
      chart: "podinfo",
      version: "~1.0",
      fs,
      dir: "/c",
    });
    expect(fs.readFile("/c/podinfo/Chart.yaml", "utf8")).toContain("version: 1.0.0");
    expect(pulled.artifact.revision).toBe("1.0.0");
  });

  it("fails with OCI_AUTH without credentials", async () => {
    await expect(
      fetchHelmChart({ url: `oci://${registry.host}/charts`, insecure: true, chart: "podinfo" }),
    ).rejects.toMatchObject({ code: "OCI_AUTH" });
  });
});

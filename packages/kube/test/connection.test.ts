import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClusterRequestError,
  ClusterUnreachableError,
  ExecPluginRefusedError,
  KubeCluster,
  KubeConfigError,
  loadKubeConfig,
} from "../src/index.js";
import { type FakeApiServer, startFakeApiServer } from "./fake-api-server.js";
import { kubeconfigText } from "./helpers.js";

let dir: string;
let tlsKey: Buffer;
let tlsCert: Buffer;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kube-test-"));
  // A self-signed certificate for 127.0.0.1, serving as its own CA.
  ({ key: tlsKey, cert: tlsCert } = selfSignedCert("127.0.0.1", "IP:127.0.0.1"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A self-signed EC certificate (its own CA) for `commonName`, written under the test's temp dir. */
function selfSignedCert(commonName: string, subjectAltName: string): { key: Buffer; cert: Buffer } {
  const keyPath = join(dir, `${commonName}-key.pem`);
  const certPath = join(dir, `${commonName}-cert.pem`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyPath,
      "-out",
      certPath,
      "-days",
      "2",
      "-subj",
      `/CN=${commonName}`,
      "-addext",
      `subjectAltName=${subjectAltName}`,
    ],
    { stdio: "ignore" },
  );
  return { key: readFileSync(keyPath), cert: readFileSync(certPath) };
}

async function withFake<T>(
  options: Parameters<typeof startFakeApiServer>[0],
  fn: (fake: FakeApiServer) => Promise<T>,
): Promise<T> {
  const fake = await startFakeApiServer(options);
  try {
    return await fn(fake);
  } finally {
    await fake.close();
  }
}

const ns = { apiVersion: "v1", kind: "Namespace", name: "default" };

describe("loadKubeConfig", () => {
  it("reads a file, resolves relative paths against its directory, and honours a context override", async () => {
    writeFileSync(join(dir, "ca-copy.pem"), tlsCert);
    const file = join(dir, "config");
    writeFileSync(
      file,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: one",
        "  cluster: {server: 'https://one.example:6443', certificate-authority: ca-copy.pem}",
        "- name: two",
        "  cluster: {server: 'https://two.example:6443'}",
        "users: [{name: u, user: {token: t}}]",
        "contexts:",
        "- {name: first, context: {cluster: one, user: u}}",
        "- {name: second, context: {cluster: two, user: u, namespace: apps}}",
        "current-context: first",
      ].join("\n"),
    );
    expect(loadKubeConfig({ path: file }).getCurrentCluster()?.caFile).toBe(join(dir, "ca-copy.pem"));
    const kube = KubeCluster.fromKubeconfig({ path: file, context: "second" });
    expect(kube.server).toBe("https://two.example:6443");
    expect(kube.namespace).toBe("apps");
    expect(() => loadKubeConfig({ path: file, context: "third" })).toThrow(
      `kubeconfig ${file}: context "third" not found (contexts: first, second)`,
    );
  });

  it("merges the files of KUBECONFIG, the first definition winning", () => {
    const a = join(dir, "a.yaml");
    const b = join(dir, "b.yaml");
    writeFileSync(a, kubeconfigText({ server: "https://a.example", contextName: "ctx-a" }));
    writeFileSync(
      b,
      kubeconfigText({ server: "https://b.example", contextName: "ctx-b" }).replace(
        "current-context: ctx-b",
        "",
      ),
    );
    const kc = loadKubeConfig({ env: { KUBECONFIG: `${a}:${b}` } });
    expect(kc.getCurrentContext()).toBe("ctx-a");
    expect(kc.getContexts().map((c) => c.name)).toEqual(["ctx-a", "ctx-b"]);
    expect(kc.getCurrentCluster()?.server).toBe("https://a.example");
  });

  it("reports invalid YAML by line without quoting it (it may hold a token)", () => {
    const text = "users:\n- name: u\n  user:\n    token: SUPERSECRET: [unclosed\n";
    const err = (() => {
      try {
        loadKubeConfig({ contents: text });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(KubeConfigError);
    expect(err?.message).toMatch(/^kubeconfig \(contents\): invalid YAML at line \d+$/);
    expect(err?.message).not.toContain("SUPERSECRET");
  });

  it("names the missing pieces", () => {
    expect(() => loadKubeConfig({ contents: "clusters: [{name: c, cluster: {}}]" })).toThrow(
      "kubeconfig (contents): clusters[0].cluster.server is missing",
    );
    expect(() =>
      loadKubeConfig({ contents: kubeconfigText({ server: "x" }).replace("current-context: fake", "") }),
    ).toThrow("kubeconfig (contents): no current-context set; pass a context");
    expect(() => loadKubeConfig({ contents: kubeconfigText({ server: "ftp://host" }) })).toThrow(
      'cluster "fake": server must be an http or https URL',
    );
    expect(() => loadKubeConfig({ path: join(dir, "missing") })).toThrow(/cannot read \(ENOENT\)/);
  });
});

describe("credential plugins", () => {
  const execUser = (script: string) =>
    [
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1",
      `      command: ${script}`,
      "      interactiveMode: Never",
    ].join("\n");

  it("refuses a user with an exec plugin or an auth-provider command unless allowed", () => {
    const contents = kubeconfigText({ server: "https://x.example", user: execUser("/bin/false") });
    let err: unknown;
    try {
      KubeCluster.fromKubeconfig({ contents });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExecPluginRefusedError);
    expect((err as ExecPluginRefusedError).code).toBe("KUBE_EXEC_REFUSED");
    expect((err as Error).message).toContain(
      'kubeconfig user "tester" (context "fake") runs a credential command',
    );
    const gcp = kubeconfigText({
      server: "https://x.example",
      user: "    auth-provider: {name: gcp, config: {cmd-path: /usr/bin/gcloud}}",
    });
    expect(() => KubeCluster.fromKubeconfig({ contents: gcp })).toThrow(ExecPluginRefusedError);
  });

  it("runs the plugin when allowed and sends its token", async () => {
    const script = join(dir, "plugin.sh");
    writeFileSync(
      script,
      `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}'\n`,
    );
    chmodSync(script, 0o755);
    await withFake({ token: "from-plugin" }, async (fake) => {
      const kube = KubeCluster.fromKubeconfig({
        contents: kubeconfigText({ server: fake.url, user: execUser(script) }),
        allowExecPlugins: true,
      });
      expect((await kube.get(ns)).metadata.name).toBe("default");
      expect(fake.requests.at(-1)?.authorization).toBe("Bearer from-plugin");
      kube.close();
    });
  });

  it("sends basic auth and impersonation headers from the kubeconfig", async () => {
    await withFake({}, async (fake) => {
      const kube = KubeCluster.fromKubeconfig({
        contents: kubeconfigText({ server: fake.url, user: "    {username: admin, password: pw, as: jane}" }),
      });
      await kube.get(ns);
      expect(fake.requests.at(-1)?.authorization).toBe(`Basic ${Buffer.from("admin:pw").toString("base64")}`);
      expect(fake.requests.at(-1)?.impersonate).toBe("jane");
      kube.close();
    });
  });
});

describe("TLS", () => {
  it("verifies the server against certificate-authority-data", async () => {
    await withFake({ tls: { key: tlsKey, cert: tlsCert }, token: "tk" }, async (fake) => {
      expect(fake.url.startsWith("https://127.0.0.1:")).toBe(true);
      const kube = KubeCluster.fromKubeconfig({
        contents: kubeconfigText({ server: fake.url, token: "tk", caData: tlsCert.toString("base64") }),
      });
      expect((await kube.get(ns)).metadata.name).toBe("default");
      kube.close();
    });
  });

  it("presents the kubeconfig's client certificate", async () => {
    await withFake({ tls: { key: tlsKey, cert: tlsCert, clientCa: tlsCert } }, async (fake) => {
      const user = [
        `    client-certificate-data: ${tlsCert.toString("base64")}`,
        `    client-key-data: ${tlsKey.toString("base64")}`,
      ].join("\n");
      const kube = KubeCluster.fromKubeconfig({
        contents: kubeconfigText({ server: fake.url, caData: tlsCert.toString("base64"), user }),
      });
      await kube.get(ns);
      expect(fake.requests.at(-1)?.clientCertCN).toBe("127.0.0.1");
      expect(fake.requests.at(-1)?.authorization).toBeUndefined();
      kube.close();
      const anonymous = KubeCluster.fromKubeconfig({
        contents: kubeconfigText({ server: fake.url, caData: tlsCert.toString("base64") }),
      });
      await expect(anonymous.get(ns)).rejects.toBeInstanceOf(ClusterUnreachableError);
      anonymous.close();
    });
  });

  it("checks the certificate against tls-server-name instead of the URL's host", async () => {
    const { key, cert: named } = selfSignedCert("kube.test", "DNS:kube.test");
    await withFake({ tls: { key, cert: named } }, async (fake) => {
      const base = kubeconfigText({ server: fake.url, caData: named.toString("base64") });
      const wrongHost = KubeCluster.fromKubeconfig({ contents: base });
      await expect(wrongHost.get(ns)).rejects.toThrow(/ERR_TLS_CERT_ALTNAME_INVALID/);
      const withName = KubeCluster.fromKubeconfig({
        contents: base.replace(
          "    certificate-authority-data:",
          "    tls-server-name: kube.test\n    certificate-authority-data:",
        ),
      });
      expect((await withName.get(ns)).metadata.name).toBe("default");
      wrongHost.close();
      withName.close();
    });
  });

  it("refuses an unknown certificate unless insecure-skip-tls-verify is set", async () => {
    await withFake({ tls: { key: tlsKey, cert: tlsCert } }, async (fake) => {
      const strict = KubeCluster.fromKubeconfig({ contents: kubeconfigText({ server: fake.url }) });
      const err = await strict.get(ns).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClusterUnreachableError);
      expect((err as ClusterUnreachableError).server).toBe(fake.url);
      expect((err as Error).message).toMatch(/SELF_SIGNED|self-signed|UNABLE_TO_VERIFY/i);
      const loose = KubeCluster.fromKubeconfig({
        contents: kubeconfigText({ server: fake.url, insecure: true }),
      });
      expect((await loose.get(ns)).metadata.name).toBe("default");
      strict.close();
      loose.close();
    });
  });

  it("in-cluster: service environment, CA file, namespace, and a token file read on every request", async () => {
    const sa = mkdtempSync(join(dir, "sa-"));
    writeFileSync(join(sa, "token"), "first-token\n");
    writeFileSync(join(sa, "ca.crt"), tlsCert);
    writeFileSync(join(sa, "namespace"), "flux-system");
    await withFake({ tls: { key: tlsKey, cert: tlsCert } }, async (fake) => {
      const port = new URL(fake.url).port;
      const kube = KubeCluster.inCluster({
        env: { KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: port },
        tokenPath: join(sa, "token"),
        caPath: join(sa, "ca.crt"),
        namespacePath: join(sa, "namespace"),
      });
      expect(kube.namespace).toBe("flux-system");
      expect(kube.server).toBe(`https://127.0.0.1:${port}`);
      await kube.get(ns);
      expect(fake.requests.at(-1)?.authorization).toBe("Bearer first-token");
      writeFileSync(join(sa, "token"), "rotated-token\n");
      await kube.get(ns);
      expect(fake.requests.at(-1)?.authorization).toBe("Bearer rotated-token");
      kube.close();
    });
    expect(() => KubeCluster.inCluster({ env: {} })).toThrow(/KUBERNETES_SERVICE_HOST/);
    expect(() =>
      KubeCluster.inCluster({
        env: { KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: "1" },
        tokenPath: join(sa, "absent"),
      }),
    ).toThrow(KubeConfigError);
  });
});

describe("network and server failures", () => {
  it("an unreachable server is a ClusterUnreachableError naming it", async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise<void>((r) => server.close(() => r()));
    const kube = KubeCluster.fromKubeconfig({
      contents: kubeconfigText({ server: url, token: "abc-secret" }),
    });
    const err = await kube.get(ns).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterUnreachableError);
    expect((err as ClusterUnreachableError).code).toBe("CLUSTER_UNREACHABLE");
    expect((err as Error).message).toBe(`GET /api/v1: cannot reach ${url}: ECONNREFUSED`);
  });

  it("a server that does not answer times out", async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const kube = KubeCluster.fromKubeconfig({ contents: kubeconfigText({ server: url }), timeoutMs: 200 });
    try {
      await expect(kube.get(ns)).rejects.toThrow(`GET /api/v1: cannot reach ${url}: no answer within 200 ms`);
    } finally {
      kube.close();
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it("the deadline covers the whole answer, not only idle time", async () => {
    const trickle = http.createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      const tick = setInterval(() => res.write(" "), 50);
      res.on("close", () => clearInterval(tick));
    });
    await new Promise<void>((r) => trickle.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(trickle.address() as AddressInfo).port}`;
    const kube = KubeCluster.fromKubeconfig({ contents: kubeconfigText({ server: url }), timeoutMs: 300 });
    try {
      await expect(kube.get(ns)).rejects.toThrow("no answer within 300 ms");
    } finally {
      kube.close();
      trickle.closeAllConnections();
      await new Promise<void>((r) => trickle.close(() => r()));
    }
  });

  it("an answer larger than maxResponseBytes is cut off with an error", async () => {
    await withFake({}, async (fake) => {
      const kube = KubeCluster.fromKubeconfig({
        contents: kubeconfigText({ server: fake.url }),
        maxResponseBytes: 256,
      });
      await expect(kube.get(ns)).rejects.toThrow("response larger than 256 bytes");
      kube.close();
    });
  });

  it("5xx answers are ClusterRequestError with status and reason; non-JSON bodies are quoted briefly", async () => {
    let reply: (res: http.ServerResponse) => void = () => {};
    const server = http.createServer((_req, res) => reply(res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const kube = KubeCluster.fromKubeconfig({ contents: kubeconfigText({ server: url }) });
    try {
      reply = (res) => {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(
          JSON.stringify({
            kind: "Status",
            status: "Failure",
            message: "etcd is down",
            reason: "InternalError",
            code: 500,
          }),
        );
      };
      const err = await kube.get(ns).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClusterRequestError);
      expect((err as ClusterRequestError).status).toBe(500);
      expect((err as ClusterRequestError).reason).toBe("InternalError");
      expect((err as Error).message).toBe("GET /api/v1: HTTP 500: etcd is down");
      reply = (res) => {
        res.writeHead(502, { "Content-Type": "text/html" });
        res.end("<html>bad gateway</html>");
      };
      await expect(kube.get(ns)).rejects.toThrow("GET /api/v1: HTTP 502: <html>bad gateway</html>");
      reply = (res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end("{not json");
      };
      await expect(kube.get(ns)).rejects.toThrow("GET /api/v1: not an APIResourceList");
    } finally {
      kube.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("logs one debug line per request, never the token", async () => {
    const lines: string[] = [];
    const logger = {
      debug: (m: string, f?: object) => lines.push(`${m} ${JSON.stringify(f)}`),
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    await withFake({ token: "log-secret" }, async (fake) => {
      const kube = KubeCluster.fromKubeconfig({
        contents: kubeconfigText({ server: fake.url, token: "log-secret" }),
        logger,
      });
      await kube.get(ns);
      kube.close();
    });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^kube request \{"method":"GET","path":"\/api\/v1\/namespaces\/default","status":200,"ms":\d+\}$/,
    );
    expect(lines.join("\n")).not.toContain("log-secret");
  });
});

import { createHmac, createSign, generateKeyPairSync } from "node:crypto";
import { once } from "node:events";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { fixedClock, type KubeObject, MemoryCluster, manualClock } from "@gitops-kit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  googleIdTokenVerifier,
  handleReceiverRequest,
  parseReceiver,
  RECONCILE_REQUEST_ANNOTATION,
  type Receiver,
  receiverWebhookPath,
  validateCDEvent,
  verifyReceiverRequest,
} from "../src/index.js";
import { createReceiverHandler } from "../src/node.js";
import { startRecorder } from "./helpers/recorder.js";

const token = "webhook-token";
const body = '{"ref": "refs/heads/main"}';
const sign = (alg: string, data: string, key = token) =>
  `${alg}=${createHmac(alg, key).update(data).digest("hex")}`;

const verify = (type: string, headers: Record<string, string>, payload = body, events?: string[]) =>
  verifyReceiverRequest({
    receiver: { type, events },
    secret: { token },
    request: { method: "POST", headers, body: payload },
  });

describe("verifyReceiverRequest", () => {
  it("github: X-Hub-Signature-256 first, any case of hex, content types, event filter", async () => {
    const json = { "Content-Type": "application/json", "X-GitHub-Event": "push" };
    expect(await verify("github", { ...json, "X-Hub-Signature-256": sign("sha256", body) })).toEqual({
      accepted: true,
      status: 200,
      event: "push",
    });
    expect((await verify("github", { ...json, "x-hub-signature": sign("sha1", body) })).accepted).toBe(true);
    expect(
      (
        await verify("github", {
          ...json,
          "X-Hub-Signature-256": sign("sha256", body).toUpperCase().replace("SHA256", "sha256"),
        })
      ).accepted,
    ).toBe(true);
    const bad = await verify("github", { ...json, "X-Hub-Signature-256": sign("sha256", body, "other") });
    expect(bad).toEqual({
      accepted: false,
      status: 400,
      error: "the GitHub signature header is invalid, err: payload signature check failed",
    });
    expect(bad.error).not.toContain(token);
    expect(
      (
        await verify("github", {
          ...json,
          "Content-Type": "text/plain",
          "X-Hub-Signature-256": sign("sha256", body),
        })
      ).error,
    ).toBe(
      'the GitHub signature header is invalid, err: webhook request has unsupported Content-Type "text/plain"',
    );
    expect((await verify("github", { "X-Hub-Signature-256": sign("sha256", body) })).error).toBe(
      "the GitHub signature header is invalid, err: mime: no media type",
    );
    expect(
      (
        await verify("github", { ...json, "X-Hub-Signature-256": sign("sha256", body) }, body, [
          "Pull_Request",
        ])
      ).error,
    ).toBe('the GitHub event "push" is not authorised');
    const form = `payload=${encodeURIComponent(body)}`;
    expect(
      (
        await verify(
          "github",
          {
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "X-Hub-Signature-256": sign("sha512", form),
          },
          form,
        )
      ).accepted,
    ).toBe(true);
  });

  it("generic-hmac reads X-Signature only; gitlab and harbor compare tokens", async () => {
    expect((await verify("generic-hmac", { "X-Signature": sign("sha512", body) })).accepted).toBe(true);
    expect((await verify("generic-hmac", { "X-Hub-Signature-256": sign("sha256", body) })).error).toBe(
      "unable to validate HMAC signature: missing signature",
    );
    expect((await verify("generic-hmac", { "X-Signature": "sha256=zz" })).error).toBe(
      "unable to validate HMAC signature: error decoding signature \"sha256=zz\": encoding/hex: invalid byte: U+007A 'z'",
    );
    expect(
      (
        await verify("gitlab", { "X-Gitlab-Token": token, "X-Gitlab-Event": "Push Hook" }, body, [
          "push hook",
        ])
      ).accepted,
    ).toBe(true);
    expect((await verify("gitlab", { "X-Gitlab-Token": `${token}x` })).error).toBe(
      "the X-Gitlab-Token header value does not match the receiver token",
    );
    expect((await verify("harbor", { Authorization: token })).accepted).toBe(true);
    expect((await verify("harbor", { Authorization: `Bearer ${token}` })).accepted).toBe(false);
  });

  it("nexus wants the bare lower-case hex HMAC-SHA1 and a JSON body", async () => {
    const nexusBody = '{"action":"CREATED","repositoryName":"docker-hosted"}';
    const sig = createHmac("sha1", token).update(nexusBody).digest("hex");
    expect((await verify("nexus", { "X-Nexus-Webhook-Signature": sig }, nexusBody)).accepted).toBe(true);
    expect((await verify("nexus", { "X-Nexus-Webhook-Signature": sig.toUpperCase() }, nexusBody)).error).toBe(
      "invalid Nexus signature",
    );
    expect((await verify("nexus", {}, nexusBody)).error).toBe("the Nexus signature is missing from header");
  });

  it("registry receivers decode their payloads with Go's errors", async () => {
    expect((await verify("quay", {}, '{"docker_url":"quay.io/a","updated_tags":["v1"]}')).accepted).toBe(
      true,
    );
    expect((await verify("quay", {}, '{"updated_tags":"v1"}')).error).toBe(
      "cannot decode Quay webhook payload: json: cannot unmarshal string into Go struct field payload.updated_tags of type []string",
    );
    expect((await verify("dockerhub", {}, "[]")).error).toBe("cannot decode DockerHub webhook payload");
    expect((await verify("acr", {}, "")).error).toBe("cannot decode ACR webhook payload: EOF");
    expect((await verify("generic", {}, "anything")).accepted).toBe(true);
    expect((await verify("unknown", {}, "")).error).toBe('recevier type "unknown" not supported');
  });

  it("requires the token field when there is a secret", async () => {
    const result = await verifyReceiverRequest({
      receiver: { type: "generic" },
      secret: {},
      secretName: "apps/hook-token",
      request: { method: "POST", headers: {}, body: "" },
    });
    expect(result.error).toBe(`invalid "apps/hook-token" secret data: required field 'token'`);
  });

  it("cdevents: a CDEvent envelope and the Ce-Type filter", async () => {
    const cd = JSON.stringify({
      context: {
        id: "1",
        source: "ci",
        type: "dev.cdevents.change.merged.0.2.0",
        timestamp: "2023-12-07T14:51:29Z",
        version: "0.3.0",
      },
      subject: { id: "1", type: "change" },
    });
    expect(
      (await verify("cdevents", { "Ce-Type": "cd.change.merged.v1" }, cd, ["CD.CHANGE.MERGED.V1"])).accepted,
    ).toBe(true);
    expect(() => validateCDEvent('{"context":{"type":"nope"}}')).toThrow(/invalid CDEvent type/);
    expect((await verify("cdevents", {}, "{")).error).toBe(
      "unable to validate CDEvent event: unexpected end of JSON input",
    );
  });
});

describe("hostile input", () => {
  it("verification never throws, whatever the request (property)", async () => {
    const types = [
      "generic",
      "generic-hmac",
      "github",
      "gitlab",
      "bitbucket",
      "harbor",
      "dockerhub",
      "quay",
      "nexus",
      "acr",
      "cdevents",
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...types),
        fc.dictionary(
          fc.constantFrom(
            "Content-Type",
            "X-Hub-Signature-256",
            "X-Signature",
            "X-Gitlab-Token",
            "Authorization",
            "X-Nexus-Webhook-Signature",
          ),
          fc.string(),
        ),
        fc.oneof(fc.string(), fc.json(), fc.uint8Array()),
        async (type, headers, body) => {
          const result = await verifyReceiverRequest({
            receiver: { type },
            secret: { token },
            request: { method: "POST", headers, body },
          });
          expect([200, 400]).toContain(result.status);
          if (result.error) expect(result.error).not.toContain(token);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("googleIdTokenVerifier", () => {
  it("verifies RS256 tokens against a JWKS endpoint, with Flux's messages", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = { ...publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" };
    const certs = await startRecorder();
    certs.reply = () => ({
      status: 200,
      body: JSON.stringify({ keys: [jwk] }),
      headers: { "content-type": "application/json" },
    });
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const mint = (claims: Record<string, unknown>) => {
      const head = `${b64({ alg: "RS256", kid: "k1", typ: "JWT" })}.${b64(claims)}`;
      return `${head}.${createSign("RSA-SHA256").update(head).sign(privateKey).toString("base64url")}`;
    };
    const now = 1_714_557_600;
    const good = {
      iss: "https://accounts.google.com",
      aud: "https://hook",
      email: "sa@p.iam.gserviceaccount.com",
      email_verified: true,
      exp: now + 3600,
    };
    const check = googleIdTokenVerifier({
      fetch,
      clock: fixedClock(now * 1000),
      certsUrl: `${certs.url}/certs`,
    });
    const expected = { email: good.email, audience: good.aud };
    try {
      await expect(check(`Bearer ${mint(good)}`, expected)).resolves.toBeUndefined();
      await expect(check(mint(good), expected)).rejects.toThrow(
        "the Authorization header is missing or malformed",
      );
      await expect(check(`Bearer ${mint({ ...good, aud: "other" })}`, expected)).rejects.toThrow(
        "invalid ID token: audience is 'other', want 'https://hook': idtoken: audience provided does not match aud claim in the JWT",
      );
      await expect(check(`Bearer ${mint({ ...good, exp: now - 1 })}`, expected)).rejects.toThrow(
        /token expired/,
      );
      await expect(check(`Bearer ${mint({ ...good, email: "x@y" })}`, expected)).rejects.toThrow(
        "token email is 'x@y', want 'sa@p.iam.gserviceaccount.com'",
      );
      await expect(check(`Bearer ${mint({ ...good, email_verified: false })}`, expected)).rejects.toThrow(
        /is not verified/,
      );
      const forged = mint(good).replace(/\.[^.]+$/, `.${Buffer.from("forged").toString("base64url")}`);
      await expect(check(`Bearer ${forged}`, expected)).rejects.toThrow(/signature verification failed/);
      // Keys are fetched once and cached only as long as Cache-Control says (none here).
      expect(certs.requests.length).toBeGreaterThan(1);
    } finally {
      await certs.close();
    }
  });
});

const gitRepository = (name: string, labels?: Record<string, string>): KubeObject => ({
  apiVersion: "source.toolkit.fluxcd.io/v1",
  kind: "GitRepository",
  metadata: { name, namespace: "flux-system", ...(labels ? { labels } : {}) },
  spec: { url: "https://example.com/repo", interval: "1m" },
});

async function clusterWithReceiver(spec: Record<string, unknown> = {}) {
  const cluster = new MemoryCluster({
    clock: fixedClock("2024-05-01T10:00:00Z"),
    namespaces: ["flux-system"],
  });
  const receiver = {
    apiVersion: "notification.toolkit.fluxcd.io/v1",
    kind: "Receiver",
    metadata: { name: "github-receiver", namespace: "flux-system" },
    spec: {
      type: "github",
      events: ["push"],
      secretRef: { name: "webhook-token" },
      resources: [
        { kind: "GitRepository", name: "podinfo" },
        { kind: "GitRepository", name: "*", matchLabels: { team: "a" } },
      ],
      ...spec,
    },
  };
  await cluster.apply({
    objects: [
      receiver,
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "webhook-token", namespace: "flux-system" },
        data: { token: btoa(token) },
      },
      gitRepository("podinfo"),
      gitRepository("a1", { team: "a" }),
      gitRepository("b1", { team: "b" }),
    ],
    fieldManager: "test",
  });
  const path = receiverWebhookPath({ token, name: "github-receiver", namespace: "flux-system" });
  return { cluster, path };
}

const pushRequest = () => ({
  method: "POST",
  headers: {
    "content-type": "application/json",
    "x-github-event": "push",
    "x-hub-signature-256": sign("sha256", body),
  },
  body,
});

describe("handleReceiverRequest", () => {
  it("finds the Receiver by webhook path, verifies, and annotates the resources", async () => {
    const { cluster, path } = await clusterWithReceiver();
    const clock = manualClock("2024-05-01T10:00:00.25Z");
    const result = await handleReceiverRequest({ path, request: pushRequest(), cluster, clock });
    expect(result).toEqual({
      status: 200,
      receiver: "flux-system/github-receiver",
      resources: [
        {
          apiVersion: "source.toolkit.fluxcd.io/v1",
          kind: "GitRepository",
          namespace: "flux-system",
          name: "podinfo",
        },
        {
          apiVersion: "source.toolkit.fluxcd.io/v1",
          kind: "GitRepository",
          namespace: "flux-system",
          name: "a1",
        },
      ],
    });
    const annotated = await cluster.get({
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "GitRepository",
      namespace: "flux-system",
      name: "podinfo",
    });
    expect(annotated.metadata.annotations?.[RECONCILE_REQUEST_ANNOTATION]).toBe(
      "2024-05-01 10:00:00.25 +0000 UTC",
    );
    const untouched = await cluster.get({
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "GitRepository",
      namespace: "flux-system",
      name: "b1",
    });
    expect(untouched.metadata.annotations).toBeUndefined();
  });

  it("answers 404, 400, 503 and 500 as the controller does", async () => {
    const { cluster, path } = await clusterWithReceiver();
    expect(
      (await handleReceiverRequest({ path: "/hook/nope", request: pushRequest(), cluster })).status,
    ).toBe(404);
    const forged = {
      ...pushRequest(),
      headers: { ...pushRequest().headers, "x-hub-signature-256": sign("sha256", body, "x") },
    };
    expect(await handleReceiverRequest({ path, request: forged, cluster })).toMatchObject({
      status: 400,
      error: "the GitHub signature header is invalid, err: payload signature check failed",
    });
    const suspended = await clusterWithReceiver({ suspend: true });
    expect(
      (
        await handleReceiverRequest({
          path: suspended.path,
          request: pushRequest(),
          cluster: suspended.cluster,
        })
      ).status,
    ).toBe(503);
    const missing = await clusterWithReceiver({
      resources: [
        { kind: "GitRepository", name: "absent" },
        { kind: "Kustomization", name: "x" },
      ],
    });
    const result = await handleReceiverRequest({
      path: missing.path,
      request: pushRequest(),
      cluster: missing.cluster,
    });
    expect(result.status).toBe(500);
    expect(result.resourceErrors).toHaveLength(2);
    expect(result.resourceErrors?.[1]).toBe(
      'Kustomization/flux-system/x: apiVersion must be specified for kind "Kustomization"',
    );
  });

  it("works from explicit Receivers and a secret lookup, without a cluster", async () => {
    const receiver: Receiver = parseReceiver({
      metadata: { name: "r", namespace: "apps" },
      spec: {
        type: "generic-hmac",
        secretRef: { name: "s" },
        resources: [{ kind: "OCIRepository", name: "app" }],
      },
    });
    const path = receiverWebhookPath({ token, name: "r", namespace: "apps" });
    const result = await handleReceiverRequest({
      path,
      receivers: [receiver],
      secrets: ({ namespace, name }) => (namespace === "apps" && name === "s" ? { token } : undefined),
      request: { method: "POST", headers: { "X-Signature": sign("sha256", "{}") }, body: "{}" },
    });
    expect(result).toEqual({
      status: 200,
      receiver: "apps/r",
      resources: [
        { apiVersion: "source.toolkit.fluxcd.io/v1", kind: "OCIRepository", namespace: "apps", name: "app" },
      ],
    });
  });
});

describe("createReceiverHandler (node:http)", () => {
  it("serves real HTTP requests: rejects a bad signature, accepts a good one", async () => {
    const { cluster, path } = await clusterWithReceiver();
    const results: number[] = [];
    const server = createServer(createReceiverHandler({ cluster, onResult: (r) => results.push(r.status) }));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const port = (server.address() as AddressInfo).port;
    const post = (p: string, headers: Record<string, string>, data: string | Buffer) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, path: p, method: "POST", headers }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        req.end(data);
      });
    try {
      const headers = { "content-type": "application/json", "x-github-event": "push" };
      expect(
        await post(path, { ...headers, "x-hub-signature-256": sign("sha256", body, "wrong") }, body),
      ).toBe(400);
      expect(await post(path, { ...headers, "x-hub-signature-256": sign("sha256", body) }, body)).toBe(200);
      expect(await post("/other", headers, body)).toBe(404);
      expect(await post(path, headers, Buffer.alloc(3 * 1024 * 1024 + 1, 32))).toBe(413);
      expect(results).toEqual([400, 200, 413]);
      const repo = await cluster.get({
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "GitRepository",
        namespace: "flux-system",
        name: "podinfo",
      });
      expect(repo.metadata.annotations?.[RECONCILE_REQUEST_ANNOTATION]).toBeDefined();
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

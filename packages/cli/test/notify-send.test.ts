import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/index.js";
import { captureIO } from "./helpers.js";

const event = {
  involvedObject: {
    kind: "Kustomization",
    namespace: "flux-system",
    name: "apps",
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
  },
  severity: "info",
  timestamp: "2024-05-01T10:00:00Z",
  message: "Reconciliation finished",
  reason: "ReconciliationSucceeded",
  reportingController: "kustomize-controller",
  metadata: { revision: "main@sha1:5394cb7f48332b2de7c17dd8b8384bbc84b7e738" },
};

let dir: string;
let server: ReturnType<typeof createServer>;
let url: string;
const received: { url?: string; headers: IncomingMessage["headers"]; body: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "notify-cli-"));
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ url: req.url, headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(join(dir, "event.json"), JSON.stringify(event));
  writeFileSync(
    join(dir, "provider.yaml"),
    [
      "apiVersion: notification.toolkit.fluxcd.io/v1beta3",
      "kind: Provider",
      "metadata: {name: hook, namespace: flux-system}",
      "spec: {type: generic-hmac, secretRef: {name: hook}}",
      "---",
      "apiVersion: v1",
      "kind: Secret",
      "metadata: {name: hook, namespace: flux-system}",
      `stringData: {address: "${url}/hook", token: super-secret-key}`,
      "",
    ].join("\n"),
  );
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe("gitops-kit notify send", () => {
  it("--dry-run prints the request with secrets masked", async () => {
    const io = captureIO("", dir);
    const code = await main(
      ["notify", "send", "--provider", "provider.yaml", "--event", "event.json", "--dry-run"],
      { io },
    );
    expect(io.err).toBe("");
    expect(code).toBe(0);
    expect(io.out).toMatch(
      /^POST \*\*\*\*\*\nContent-Type: application\/json\nGotk-Component: kustomize-controller\nX-Signature: sha256=[0-9a-f]{64}\n\n\{"involvedObject"/,
    );
    expect(io.out).not.toContain("super-secret-key");
    expect(io.out).not.toContain(url);
    expect(received).toHaveLength(0);
  });

  it("sends the request and prints the status", async () => {
    const io = captureIO("", dir);
    const code = await main(["notify", "send", "--provider", "provider.yaml", "--event", "event.json"], {
      io,
    });
    expect(code).toBe(0);
    expect(io.out).toBe("POST ***** 200\n");
    expect(received).toHaveLength(1);
    expect(received[0].url).toBe("/hook");
    expect(JSON.parse(received[0].body).involvedObject.name).toBe("apps");
  });

  it("takes plain provider settings and the event on stdin; -o json", async () => {
    writeFileSync(
      join(dir, "settings.json"),
      JSON.stringify({ type: "slack", address: `${url}/slack`, channel: "ops" }),
    );
    const io = captureIO(JSON.stringify(event), dir);
    const code = await main(
      ["notify", "send", "--provider", "settings.json", "--event", "-", "--dry-run", "-o", "json"],
      { io },
    );
    expect(code).toBe(0);
    const out = JSON.parse(io.out);
    expect(out.requests[0].url).toBe(`${url}/slack`);
    expect(JSON.parse(out.requests[0].body).channel).toBe("ops");
  });

  it("reports usage and provider errors", async () => {
    const io = captureIO("", dir);
    expect(await main(["notify", "send", "--event", "event.json"], { io })).toBe(2);
    expect(io.err).toContain("--provider FILE is required");
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ type: "telegram", token: "t0k3n" }));
    const io2 = captureIO("", dir);
    expect(
      await main(["notify", "send", "--provider", "bad.json", "--event", "event.json", "--dry-run"], {
        io: io2,
      }),
    ).toBe(1);
    expect(io2.err).toContain("empty Telegram channel");
  });
});

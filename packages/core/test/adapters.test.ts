import { describe, expect, it } from "vitest";
import {
  consoleLogger,
  defaultFetch,
  fixedClock,
  formatKubeTime,
  formatLogLine,
  type Logger,
  manualClock,
  redactingLogger,
  redactValue,
  silentLogger,
  systemClock,
} from "../src/index.js";

describe("clocks", () => {
  it("systemClock tells the time", () => {
    const before = Date.now();
    const t = systemClock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it("fixedClock stays and hands out copies", () => {
    const c = fixedClock("2024-01-02T03:04:05Z");
    const a = c.now();
    a.setFullYear(1999);
    expect(c.now().toISOString()).toBe("2024-01-02T03:04:05.000Z");
    expect(fixedClock(0).now().getTime()).toBe(0);
    expect(() => fixedClock("not a date")).toThrow(RangeError);
  });

  it("manualClock moves when told", () => {
    const c = manualClock(1000);
    c.advance(500);
    expect(c.now().getTime()).toBe(1500);
    c.set("2024-01-01T00:00:00Z");
    expect(formatKubeTime(c.now())).toBe("2024-01-01T00:00:00Z");
  });
});

function capture(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  return { lines, logger: consoleLogger({ level: "debug", write: (l) => lines.push(l) }) };
}

describe("loggers", () => {
  it("consoleLogger prints level, message and fields, honouring the level", () => {
    const lines: string[] = [];
    const log = consoleLogger({ write: (l) => lines.push(l) });
    log.debug("hidden");
    log.info("applied", { name: "web", count: 3, ok: true, note: "two words", skip: undefined });
    log.error("failed", { err: new Error("boom") });
    expect(lines).toEqual([
      'info  applied name=web count=3 ok=true note="two words"',
      'error failed err={"name":"Error","message":"boom"}',
    ]);
  });

  it("never prints known secrets: message, fields, nested values and keys", () => {
    const { lines, logger } = capture();
    const log = redactingLogger({ logger, secrets: ["s3cr3t-token", "hunter2"] });
    log.warn("auth with s3cr3t-token failed", {
      url: "https://user:hunter2@example.com/repo.git",
      nested: { list: ["x", "hunter2"], hunter2: 1 },
      err: new Error("bad token s3cr3t-token"),
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("s3cr3t-token");
    expect(lines[0]).not.toContain("hunter2");
    expect(lines[0]).toContain("*****");
    expect(lines[0]).toContain("auth with ***** failed");
  });

  it("consoleLogger takes secrets directly, including ones learnt later", () => {
    const secrets: string[] = [];
    const lines: string[] = [];
    const log = consoleLogger({ write: (l) => lines.push(l), secrets: () => secrets });
    secrets.push("late-secret");
    log.info("using late-secret");
    expect(lines).toEqual(["info  using *****"]);
  });

  it("redactValue copies, handles cycles and bytes", () => {
    const a: Record<string, unknown> = { token: "abc-secret", bytes: new Uint8Array(3) };
    a.self = a;
    const out = redactValue(a, ["abc-secret"]) as Record<string, unknown>;
    expect(out).toEqual({ token: "*****", bytes: "<3 bytes>", self: "[Circular]" });
    expect(a.token).toBe("abc-secret");
  });

  it("formatLogLine quotes what is not a plain word", () => {
    expect(formatLogLine("warn", "m", { a: "x=y", b: 1n as unknown })).toBe('warn  m a="x=y" b="1"');
  });

  it("silentLogger accepts everything", () => {
    expect(() => silentLogger.error("x", { a: 1 })).not.toThrow();
  });
});

describe("HttpFetch", () => {
  it("defaultFetch wraps the global fetch", async () => {
    const original = globalThis.fetch;
    const calls: unknown[] = [];
    globalThis.fetch = (async (input: unknown) => {
      calls.push(input);
      return new Response("ok");
    }) as typeof fetch;
    try {
      const f = defaultFetch();
      expect(await (await f("http://127.0.0.1/x")).text()).toBe("ok");
      expect(calls).toEqual(["http://127.0.0.1/x"]);
    } finally {
      globalThis.fetch = original;
    }
  });
});

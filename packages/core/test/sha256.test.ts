import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  digestOf,
  FormatError,
  formatDigest,
  parseDigest,
  sha256,
  sha256Hex,
  verifyDigest,
} from "../src/index.js";

describe("sha256", () => {
  it("matches the FIPS 180-4 / NIST test vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(
      sha256Hex(
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      ),
    ).toBe("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    expect(sha256Hex(new Uint8Array(1_000_000).fill(0x61))).toBe(
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
    );
  });

  it("hashes strings as UTF-8 and returns 32 bytes", () => {
    expect(sha256Hex("é")).toBe(createHash("sha256").update("é", "utf8").digest("hex"));
    const d = sha256("abc");
    expect(d).toBeInstanceOf(Uint8Array);
    expect(d.length).toBe(32);
  });
});

describe("digests", () => {
  it("formats and parses sha256:<hex>", () => {
    expect(digestOf("abc")).toBe("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const d = parseDigest(digestOf("x"));
    expect(d.algorithm).toBe("sha256");
    expect(formatDigest(d)).toBe(digestOf("x"));
    expect(parseDigest("sha1:5394cb7f48332b2de7c17dd8b8384bbc84b7e738").algorithm).toBe("sha1");
    expect(parseDigest("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8").algorithm).toBe(
      "multihash+base58",
    );
  });

  it("rejects malformed digests with a typed error", () => {
    for (const bad of [
      "",
      "sha256",
      "sha256:",
      ":abc",
      "sha256:XYZ",
      `sha256:${"a".repeat(63)}`,
      `SHA256:${"a".repeat(64)}`,
    ]) {
      expect(() => parseDigest(bad), bad).toThrow(FormatError);
    }
    try {
      parseDigest("nope");
    } catch (err) {
      expect((err as FormatError).code).toBe("INVALID_DIGEST");
      expect((err as Error).message).toContain('"nope"');
    }
  });

  it("verifies content against a digest", () => {
    expect(verifyDigest("abc", digestOf("abc"))).toBe(true);
    expect(verifyDigest("abd", digestOf("abc"))).toBe(false);
    expect(() => verifyDigest("abc", "sha1:5394cb7f48332b2de7c17dd8b8384bbc84b7e738")).toThrow(FormatError);
  });
});

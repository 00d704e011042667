import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  byteAt,
  byteLength,
  decodeGoBytes,
  encodeGoString,
  isValidUtf8,
  runeCount,
  runes,
  sliceBytes,
} from "../src/index.js";

describe("Go strings over JS strings", () => {
  it("measures bytes like len()", () => {
    expect(byteLength("héllo")).toBe(6);
    expect(byteLength("日本")).toBe(6);
    expect(byteLength("😀")).toBe(4);
    expect(byteAt("héllo", 1)).toBe(0xc3);
  });

  it("cuts inside a character into raw bytes and restores them exactly", () => {
    const cut = sliceBytes("héllo", 0, 2);
    expect(isValidUtf8(cut)).toBe(false);
    expect(Array.from(encodeGoString(cut))).toEqual([0x68, 0xc3]);
    expect(byteLength(cut)).toBe(2);
    expect(runeCount(cut)).toBe(2);
    expect(runes(cut)).toEqual([0x68, 0xfffd]);
  });

  it("round-trips arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const s = decodeGoBytes(bytes);
        expect(Array.from(encodeGoString(s))).toEqual(Array.from(bytes));
        expect(byteLength(s)).toBe(bytes.length);
      }),
      { numRuns: 500 },
    );
  });

  it("decodes valid UTF-8 to the same text as TextDecoder", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), (s) => {
        const bytes = new TextEncoder().encode(s);
        expect(decodeGoBytes(bytes)).toBe(s);
        expect(isValidUtf8(decodeGoBytes(bytes))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

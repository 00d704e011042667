import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64DecodeLenient, base64Encode, hexDecode } from "../src/index.js";

describe("hex and base64 (Go encoding)", () => {
  it("decodes hex of either case and reports Go's errors", () => {
    expect(hexDecode("0aFf")).toEqual({ bytes: new Uint8Array([10, 255]) });
    expect(hexDecode("abc")).toEqual({ error: "encoding/hex: odd length hex string" });
    expect(hexDecode("zz")).toEqual({ error: "encoding/hex: invalid byte: U+007A 'z'" });
    // An invalid byte is reported before the odd length, as Go does.
    expect(hexDecode("abz")).toEqual({ error: "encoding/hex: invalid byte: U+007A 'z'" });
  });

  it("encodes base64 with padding and decodes leniently like Go with the error ignored", () => {
    expect(base64Encode("u:p")).toBe("dTpw");
    expect(base64Encode("ab")).toBe("YWI=");
    expect(new TextDecoder().decode(base64DecodeLenient("eno="))).toBe("zz");
    expect(new TextDecoder().decode(base64DecodeLenient("YWJj!!!!"))).toBe("abc");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(base64Encode(bytes)).toBe(Buffer.from(bytes).toString("base64"));
        expect(base64DecodeLenient(base64Encode(bytes))).toEqual(bytes);
      }),
    );
  });
});

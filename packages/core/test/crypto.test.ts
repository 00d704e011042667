import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  constantTimeEqual,
  type HashAlgorithm,
  hmac,
  newHash,
  Sha1,
  Sha256,
  Sha512,
  sha1,
  sha512,
  toHex,
} from "../src/index.js";

const algorithms = ["sha1", "sha256", "sha512"] as const satisfies readonly HashAlgorithm[];
const repeat = (byte: number, length: number) => new Uint8Array(length).fill(byte);
const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
const ascii = (text: string) => new TextEncoder().encode(text);

const MSG_448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const MSG_896 =
  "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

describe("sha1 (FIPS 180-4 / NIST vectors)", () => {
  it("hashes the standard messages", () => {
    expect(toHex(sha1(""))).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(toHex(sha1("abc"))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(toHex(sha1(MSG_448))).toBe("84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    expect(toHex(sha1(MSG_896))).toBe("a49b2446a02c645bf419f995b67091253a04a259");
    expect(toHex(sha1(repeat(0x61, 1_000_000)))).toBe("34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  });
});

describe("sha512 (FIPS 180-4 / NIST vectors)", () => {
  it("hashes the standard messages", () => {
    expect(toHex(sha512(""))).toBe(
      "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
    );
    expect(toHex(sha512("abc"))).toBe(
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    );
    expect(toHex(sha512(MSG_448))).toBe(
      "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
    );
    expect(toHex(sha512(MSG_896))).toBe(
      "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
    );
    expect(toHex(sha512(repeat(0x61, 1_000_000)))).toBe(
      "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
    );
  });
});

describe("the Hash interface", () => {
  it("describes each algorithm", () => {
    expect(
      [new Sha1(), new Sha256(), new Sha512()].map((h) => [h.algorithm, h.blockSize, h.outputSize]),
    ).toEqual([
      ["sha1", 64, 20],
      ["sha256", 64, 32],
      ["sha512", 128, 64],
    ]);
    for (const alg of algorithms) expect(newHash(alg).algorithm).toBe(alg);
    expect(() => newHash("md5" as HashAlgorithm)).toThrow('unsupported hash algorithm "md5"');
  });

  it("agrees with node:crypto on every padding boundary", () => {
    for (const alg of algorithms) {
      for (let n = 0; n <= 260; n++) {
        const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
        expect(newHash(alg).update(data).hex(), `${alg} ${n}`).toBe(
          createHash(alg).update(data).digest("hex"),
        );
      }
    }
  });

  it("hashes strings as UTF-8", () => {
    for (const alg of algorithms) {
      expect(newHash(alg).update("héllo ☃").hex()).toBe(
        createHash(alg).update("héllo ☃", "utf8").digest("hex"),
      );
    }
  });

  it("gives the same result however the input is split", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...algorithms),
        fc.uint8Array({ maxLength: 700 }),
        fc.array(fc.nat({ max: 700 }), { maxLength: 6 }),
        (alg, bytes, cuts) => {
          const h = newHash(alg);
          let last = 0;
          for (const cut of [...cuts].sort((a, b) => a - b)) {
            const at = Math.min(cut, bytes.length);
            h.update(bytes.subarray(last, at));
            last = at;
          }
          h.update(bytes.subarray(last));
          expect(h.hex()).toBe(createHash(alg).update(bytes).digest("hex"));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("is final after digest: the same hash again, and no more updates", () => {
    for (const alg of algorithms) {
      const h = newHash(alg).update("abc");
      const first = h.digest();
      expect(h.digest()).toEqual(first);
      expect(h.hex()).toBe(createHash(alg).update("abc").digest("hex"));
      expect(() => h.update("more")).toThrow(`${alg}: update after digest`);
    }
  });
});

describe("hmac", () => {
  // RFC 2202 §3 (HMAC-SHA-1).
  const rfc2202: [Uint8Array, Uint8Array, string][] = [
    [repeat(0x0b, 20), ascii("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00"],
    [ascii("Jefe"), ascii("what do ya want for nothing?"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"],
    [repeat(0xaa, 20), repeat(0xdd, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"],
    [
      fromHex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
      repeat(0xcd, 50),
      "4c9007f4026250c6bc8414f9bf50c86c2d7235da",
    ],
    [repeat(0x0c, 20), ascii("Test With Truncation"), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"],
    [
      repeat(0xaa, 80),
      ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
      "aa4ae5e15272d00e95705637ce8a3b55ed402112",
    ],
    [
      repeat(0xaa, 80),
      ascii("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
      "e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
    ],
  ];

  it("matches the RFC 2202 HMAC-SHA-1 vectors", () => {
    for (const [key, data, expected] of rfc2202)
      expect(toHex(hmac({ algorithm: "sha1", key, data }))).toBe(expected);
  });

  // RFC 4231 §4 test cases 1–4, 6 and 7 (case 5 checks truncated output, which is not an HMAC property).
  const rfc4231: [Uint8Array, Uint8Array, string, string][] = [
    [
      repeat(0x0b, 20),
      ascii("Hi There"),
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
      "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
    ],
    [
      ascii("Jefe"),
      ascii("what do ya want for nothing?"),
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    ],
    [
      repeat(0xaa, 20),
      repeat(0xdd, 50),
      "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
      "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
    ],
    [
      fromHex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
      repeat(0xcd, 50),
      "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
      "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
    ],
    [
      repeat(0xaa, 131),
      ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
      "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
    ],
    [
      repeat(0xaa, 131),
      ascii(
        "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
      ),
      "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
      "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
    ],
  ];

  it("matches the RFC 4231 HMAC-SHA-256 and HMAC-SHA-512 vectors", () => {
    for (const [key, data, sha256Mac, sha512Mac] of rfc4231) {
      expect(toHex(hmac({ algorithm: "sha256", key, data }))).toBe(sha256Mac);
      expect(toHex(hmac({ algorithm: "sha512", key, data }))).toBe(sha512Mac);
    }
  });

  it("matches node:crypto on block-boundary lengths of key and data", () => {
    for (const alg of algorithms) {
      for (const n of [0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000]) {
        const data = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 255);
        for (const keyLength of [0, 20, 64, 128, 129, 200]) {
          const key = new Uint8Array(keyLength).map((_, i) => i);
          expect(toHex(hmac({ algorithm: alg, key, data })), `${alg} data ${n} key ${keyLength}`).toBe(
            createHmac(alg, key).update(data).digest("hex"),
          );
        }
      }
    }
  });

  it("matches node:crypto on random input, string keys as UTF-8 (property)", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.string(),
        fc.constantFrom(...algorithms),
        (data, key, alg) => {
          expect(toHex(hmac({ algorithm: alg, key, data }))).toBe(
            createHmac(alg, key).update(data).digest("hex"),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("constantTimeEqual", () => {
  it("compares bytes and strings", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(constantTimeEqual("é", new Uint8Array([0xc3, 0xa9]))).toBe(true);
    expect(constantTimeEqual("", "")).toBe(true);
  });
});

import { readFileSync } from "node:fs";
import { toBase64 as base64Encode, memFs } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import { wrappedBase64 } from "../src/generators/configmap-secret.js";
import { goJson, utf8Bytes } from "../src/generators/encoding.js";
import { parseEnvFile, parseFileSource, parseLiteral } from "../src/generators/kv.js";
import { buildKustomization, encodeHashSuffix, hashInput, nameHash } from "../src/index.js";
import { buildObjects, lines } from "./build-helpers.js";

interface Vector {
  id: string;
  kind: string;
  build: string;
  files: Record<string, { text?: string; base64?: string }>;
  outputName: string;
  hashInput: string;
}

/** Vectors recorded with kubectl kustomize (Kustomize v5.5.0). */
const vectors = JSON.parse(
  readFileSync(new URL("./fixtures/hash-vectors.json", import.meta.url), "utf8"),
) as Vector[];

describe("name hash", () => {
  it("encodes the first ten hex digits without vowels or 0/1/3", () => {
    expect(encodeHashSuffix("59a54fb012c10b508aca")).toBe("59m54fbgh2");
    expect(encodeHashSuffix("0123456789abcdef")).toBe("gh2k456789");
  });

  it("hashes kind, data and an always-empty name", () => {
    const cm = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "app-config" },
      data: { FOO: "bar" },
    };
    expect(hashInput(cm)).toBe('{"data":{"FOO":"bar"},"kind":"ConfigMap","name":""}');
    expect(nameHash(cm)).toBe("59m54fbgh2");
    // An empty ConfigMap hashes "data" as the empty string.
    expect(nameHash({ kind: "ConfigMap", metadata: { name: "x" } })).toBe("6ct58987ht");
  });

  it("escapes like Go's encoding/json", () => {
    expect(goJson({ b: "<&>\u2028", a: 'é\n\t"\\' })).toBe(
      '{"a":"é\\n\\t\\"\\\\","b":"\\u003c\\u0026\\u003e\\u2028"}',
    );
    expect(goJson({ "-": 1, A: 2, _: 3, a: [true, null] })).toBe('{"-":1,"A":2,"_":3,"a":[true,null]}');
  });

  it("encodes base64 with padding", () => {
    expect(base64Encode(utf8Bytes("hello!?"))).toBe("aGVsbG8hPw==");
    expect(base64Encode(utf8Bytes("ab"))).toBe("YWI=");
    expect(base64Encode(Uint8Array.from([0xfb, 0xff]))).toBe("+/8=");
  });

  it.each(vectors.map((v) => [v.id, v] as const))("matches kubectl for vector %s", (_id, v) => {
    const files: Record<string, string | Uint8Array> = {};
    for (const [p, f] of Object.entries(v.files)) {
      files[`/t/${p}`] =
        f.base64 !== undefined ? Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)) : (f.text ?? "");
    }
    const { resources } = buildKustomization({ fs: memFs(files), path: `/t/${v.build}` });
    const found = resources.find((r) => r.kind === v.kind && r.metadata.name === v.outputName);
    expect(found, `${v.kind} ${v.outputName}`).toBeDefined();
    expect(hashInput(found as Record<string, unknown>)).toBe(v.hashInput);
  });
});

describe("generator sources", () => {
  it("splits literals on the first = and strips one pair of matching quotes", () => {
    expect(parseLiteral("A=b=c")).toEqual({ key: "A", value: "b=c" });
    expect(parseLiteral('A="quoted"')).toEqual({ key: "A", value: "quoted" });
    expect(parseLiteral("A='x\"")).toEqual({ key: "A", value: "'x\"" });
    expect(parseLiteral("A=")).toEqual({ key: "A", value: "" });
    expect(() => parseLiteral("=x")).toThrow(/invalid literal source/);
    expect(() => parseLiteral("noequals")).toThrow(/invalid literal source/);
  });

  it("names file sources by basename or explicit key", () => {
    expect(parseFileSource("conf/app.properties")).toEqual({
      key: "app.properties",
      path: "conf/app.properties",
    });
    expect(parseFileSource("k=conf/x")).toEqual({ key: "k", path: "conf/x" });
    expect(() => parseFileSource("=x")).toThrow(/missing key name/);
    expect(() => parseFileSource("a=b=c")).toThrow(/contains '='/);
  });

  it("reads env files line by line (BOM, CRLF, comments, bare keys, kept quotes and trailing spaces)", () => {
    const pairs = parseEnvFile(utf8Bytes("\ufeffA=1\r\n  B= two \n#c\n\nC\nD='x'\n"), "a.env");
    expect(pairs.map((p) => [p.key, p.text])).toEqual([
      ["A", "1"],
      ["B", " two "],
      ["C", ""],
      ["D", "'x'"],
    ]);
    expect(() => parseEnvFile(Uint8Array.from([0x41, 0x3d, 0xff]), "bad.env")).toThrow(/invalid utf8/);
  });

  it("wraps base64 at 70 characters with a newline after every line once it reaches 70", () => {
    expect(wrappedBase64(new Uint8Array(51))).not.toContain("\n");
    const wrapped = wrappedBase64(new Uint8Array(52));
    expect(wrapped.endsWith("\n")).toBe(true);
    expect(wrapped.split("\n")[0]).toHaveLength(70);
  });

  it("puts non-UTF-8 file content in binaryData and merges generatorOptions", () => {
    const [cm, secret] = buildObjects({
      "/app/kustomization.yaml": lines(
        "generatorOptions:",
        "  labels: {g: global, l: global}",
        "  disableNameSuffixHash: true",
        "configMapGenerator:",
        "- name: c",
        "  files: [bin.dat, t.txt]",
        "  options: {labels: {l: local}, immutable: true}",
        "secretGenerator:",
        "- name: s",
        "  type: kubernetes.io/tls",
        "  literals: [k=v]",
      ),
      "/app/bin.dat": Uint8Array.from([0, 1, 0xff]),
      "/app/t.txt": "text\n",
    });
    expect(cm.binaryData).toEqual({ "bin.dat": "AAH/" });
    expect(cm.data).toEqual({ "t.txt": "text\n" });
    expect(cm.immutable).toBe(true);
    expect((cm.metadata as { name: string; labels: unknown }).name).toBe("c");
    expect((cm.metadata as { labels: unknown }).labels).toEqual({ g: "global", l: "local" });
    expect(secret.type).toBe("kubernetes.io/tls");
    expect(secret.data).toEqual({ k: "dg==" });
  });

  it("rejects repeated keys and nameless generators", () => {
    expect(() =>
      buildObjects({
        "/app/kustomization.yaml": lines("configMapGenerator:", "- name: c", "  literals: [a=1, a=2]"),
      }),
    ).toThrow(/illegally repeats the key `a`/);
    expect(() =>
      buildObjects({ "/app/kustomization.yaml": lines("configMapGenerator:", "- literals: [a=1]") }),
    ).toThrow(/must have a name/);
  });
});

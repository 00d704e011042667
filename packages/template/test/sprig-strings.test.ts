/**
 * String helpers and the random-string functions (shape, determinism with a seeded source). Exact outputs of
 * the deterministic functions are checked against Go's answers in sprig-go-answers.
 */
import { describe, expect, it } from "vitest";
import {
  createSprigFuncs,
  encodeGoString,
  type RandomSource,
  seededRandom,
  Template,
  TemplateError,
} from "../src/index.js";
import { randomInt } from "../src/sprig/random.js";
import { splitN, trunc, wrapCustom } from "../src/sprig/strings.js";
import { toCamelCase, toKebabCase, toSnakeCase } from "../src/sprig/xstrings.js";

function render(text: string, random: RandomSource = seededRandom(1)): string {
  const root = new Template("gotpl", { funcs: createSprigFuncs({ random }) });
  root.new("main").parse(text);
  return root.executeTemplate({ name: "main", data: {} });
}

describe("random strings", () => {
  it("draw from the injected source: same seed, same output; shapes as goutils", () => {
    const t =
      '{{ randAlphaNum 20 }}|{{ randAlpha 20 }}|{{ randNumeric 20 }}|{{ randAscii 20 }}|{{ shuffle "abcdefgh" }}';
    const a = render(t, seededRandom(42));
    expect(render(t, seededRandom(42))).toBe(a);
    expect(render(t, seededRandom(43))).not.toBe(a);
    const [alnum, alpha, num, ascii, shuffled] = a.split("|");
    expect(alnum).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(alpha).toMatch(/^[A-Za-z]{20}$/);
    expect(num).toMatch(/^[0-9]{20}$/);
    expect(ascii).toMatch(/^[\x20-\x7e]{20}$/);
    expect([...shuffled].sort().join("")).toBe("abcdefgh");
    expect(render('{{ randAlpha 0 }}|{{ randAlpha -3 }}|{{ shuffle "" }}')).toBe("||");
  });

  it("randomInt is uniform enough and within bounds", () => {
    const r = seededRandom(7);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[randomInt(r, 3)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });

  it("a source without randomness makes the functions fail clearly, not loop", () => {
    const broken: RandomSource = {
      fillBytes() {
        throw new Error("no entropy");
      },
    };
    let message = "";
    try {
      render("{{ randAlpha 3 }}", broken);
    } catch (e) {
      if (e instanceof TemplateError) message = e.message;
    }
    expect(message).toContain("error calling randAlpha: no entropy");
  });
});

describe("byte semantics", () => {
  it("trunc cuts bytes and keeps the invalid UTF-8 Go would produce", () => {
    expect(Array.from(encodeGoString(trunc(2, "日本")))).toEqual([0xe6, 0x97]);
    expect(Array.from(encodeGoString(trunc(-1, "é")))).toEqual([0xa9]);
    expect(trunc(-10, "abc")).toBe("abc");
  });

  it("wrap counts bytes and keeps long words unless asked", () => {
    expect(wrapCustom("aaaa bb cc", 4, "", false)).toBe("aaaa\nbb\ncc");
    expect(wrapCustom("aaaaaa b", 3, "|", true)).toBe("aaa|aaa|b");
    expect(wrapCustom("aaaaaa b", 3, "|", false)).toBe("aaaaaa|b");
  });

  it("splitN follows strings.SplitN, including rune-wise splitting on an empty separator", () => {
    expect(splitN("a,b,c", ",", 2)).toEqual(["a", "b,c"]);
    expect(splitN("a,b,c", ",", 0)).toEqual([]);
    expect(splitN("日本語", "", 2)).toEqual(["日", "本語"]);
    expect(splitN("😀x", "", -1)).toEqual(["😀", "x"]);
  });
});

describe("case conversions (xstrings v1.3, Sprig v3.2)", () => {
  it.each([
    ["HTTPServer", "http_server", "http-server"],
    ["simpleXMLParser", "simple_xml_parser", "simple-xml-parser"],
    ["Bld4Floor3rd", "bld4_floor_3rd", "bld4-floor-3rd"],
    ["HTTP2xx", "http_2xx", "http-2xx"],
    ["a b-c_d", "a_b_c_d", "a-b-c-d"],
  ])("%s → %s / %s", (input, snake, kebab) => {
    expect(toSnakeCase(input)).toBe(snake);
    expect(toKebabCase(input)).toBe(kebab);
  });

  it("camelcase keeps leading connectors and collapses runs to one", () => {
    expect(toCamelCase("http_server")).toBe("HttpServer");
    expect(toCamelCase("__a__b")).toBe("__A_B");
    expect(toCamelCase("_")).toBe("__");
    expect(toCamelCase("HelloWorld")).toBe("Helloworld");
  });
});

import { goInt64 } from "@gitops-kit/template";
import { describe, expect, it } from "vitest";
import { marshalYaml, parseStrvals, ValuesError } from "../src/index.js";

const yaml = (text: string, mode?: "typed" | "string" | "json" | "literal") =>
  marshalYaml(parseStrvals({ text, mode }));

describe("parseStrvals (--set)", () => {
  it("types values like Helm: booleans, null, int64 integers; anything else is a string", () => {
    const v = parseStrvals({
      text: "a=true,b=FALSE,c=null,d=42,e=0,f=007,g=1.5,h=-3,i=99999999999999999999",
    });
    expect(v).toEqual({
      a: true,
      b: false,
      c: null,
      d: goInt64(42n),
      e: goInt64(0n),
      f: "007",
      g: "1.5",
      h: goInt64(-3n),
      i: "99999999999999999999",
    });
  });

  it("builds nested maps, lists by index (padding with nulls) and {a,b} lists", () => {
    expect(yaml("img.repo=x,img.tag=v1,ports[1]=443,ports[0]=80,hosts={a.com,b.com}")).toBe(
      "hosts:\n- a.com\n- b.com\nimg:\n  repo: x\n  tag: v1\nports:\n- 80\n- 443\n",
    );
    expect(yaml("env[2].name=X,env[2].value=1")).toBe("env:\n- null\n- null\n- name: X\n  value: 1\n");
    expect(yaml("m[0][1]=x")).toBe("m:\n- - null\n  - x\n");
  });

  it("honours backslash escapes and empty values", () => {
    expect(parseStrvals({ text: "a=x\\,y,b\\.c=1,d=" })).toEqual({ a: "x,y", "b.c": goInt64(1n), d: "" });
    expect(parseStrvals({ text: "a[0]" })).toEqual({ a: [] });
  });

  it("sets into existing values, replacing scalars and extending maps", () => {
    const into = { image: { repo: "x", tag: "v1" }, keep: 1 };
    parseStrvals({ text: "image.tag=v2", into });
    expect(into).toEqual({ image: { repo: "x", tag: "v2" }, keep: 1 });
  });

  it("keeps every value a string with --set-string, reads JSON with --set-json, raw text with --set-literal", () => {
    expect(parseStrvals({ text: "a=true,b=5", mode: "string" })).toEqual({ a: "true", b: "5" });
    expect(parseStrvals({ text: 'a={"x":[1,"y"]},b=null,c=', mode: "json" })).toEqual({
      a: { x: [1, "y"] },
      b: null,
      c: null,
    });
    expect(parseStrvals({ text: "a=x,y={z}", mode: "literal" })).toEqual({ a: "x,y={z}" });
  });

  it("rejects malformed expressions with Helm's reasons", () => {
    const cases: [string, string][] = [
      ["a", 'key "a" has no value'],
      ["a,b=1", 'key "a" has no value (cannot end with ,)'],
      ["a.b", 'key "b" has no value'],
      ["a.,b", 'key "" has no value (cannot end with ,)'],
      ["a={x,y", "list must terminate with '}'"],
      ["a[-1]=x", "negative -1 index not allowed"],
      ["a[70000]=x", "index of 70000 is greater than maximum supported index of 65536"],
      ["a[0]b=x", 'unexpected data at end of array index: "b"'],
      [
        "a=x,a.b=y",
        "unable to parse key: interface conversion: interface {} is string, not map[string]interface {}",
      ],
    ];
    for (const [text, message] of cases) {
      expect(() => parseStrvals({ text }), text).toThrow(message);
    }
    expect(() => parseStrvals({ text: `${"a.".repeat(31)}b=1` })).toThrow(
      "maximum supported nested level of 30",
    );
    expect(() => parseStrvals({ text: "a" })).toThrow(ValuesError);
  });
});

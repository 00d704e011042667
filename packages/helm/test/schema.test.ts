import { describe, expect, it } from "vitest";
import { formatSchemaErrors, SchemaError, SchemaValidationError, ValuesSchema } from "../src/index.js";
import { chartYaml, template } from "./helpers.js";

/** The validator's text for `values` against `schema`, `""` when valid. */
function check(schema: unknown, values: unknown): string {
  const errors = ValuesSchema.parse(JSON.stringify(schema)).validate(values);
  return errors ? formatSchemaErrors(errors) : "";
}

describe("ValuesSchema", () => {
  it("words type errors like Helm's validator, with the value's JSON pointer", () => {
    const s = {
      type: "object",
      properties: { replicas: { type: ["integer", "null"] }, name: { type: "string" } },
    };
    expect(check(s, { replicas: "2", name: "x" })).toBe("- at '/replicas': got string, want null or integer");
    expect(check(s, { replicas: 2.5 })).toBe("- at '/replicas': got number, want null or integer");
    expect(check(s, { replicas: 2, name: "x" })).toBe("");
    expect(check(s, { replicas: null })).toBe("");
  });

  it("lists several errors, nested ones under a 'validation failed' line", () => {
    const s = {
      type: "object",
      required: ["image"],
      properties: {
        a: { type: "object", properties: { x: { type: "string" }, y: { minimum: 3 } } },
        b: { enum: ["on", "off"] },
      },
      additionalProperties: false,
    };
    expect(check(s, { a: { x: 1, y: 1 }, b: "maybe", c: true })).toBe(
      [
        "- at '': missing property 'image'",
        "- at '/a': validation failed",
        "  - at '/a/x': got number, want string",
        "  - at '/a/y': minimum: got 1, want 3",
        "- at '/b': value must be one of 'on', 'off'",
        "- at '': additional properties 'c' not allowed",
      ].join("\n"),
    );
  });

  it("checks strings, numbers, arrays and objects", () => {
    expect(check({ pattern: "^sha256:[a-f0-9]{4}$" }, "sha256:XYZW")).toBe(
      "- at '': 'sha256:XYZW' does not match pattern '^sha256:[a-f0-9]{4}$'",
    );
    expect(check({ minLength: 2, maxLength: 3 }, "é")).toBe("- at '': minLength: got 1, want 2");
    expect(check({ exclusiveMaximum: 10, multipleOf: 0.1 }, 10)).toBe(
      "- at '': exclusiveMaximum: got 10, want 10",
    );
    expect(check({ multipleOf: 0.1 }, 0.3)).toBe("");
    expect(check({ multipleOf: 0.1 }, 0.35)).toBe("- at '': multipleOf: got 0.35, want 0.1");
    expect(check({ items: { type: "integer" }, uniqueItems: true, maxItems: 2 }, [1, "2", 1])).toBe(
      [
        "- at '': maxItems: got 3, want 2",
        "- at '': items at 0 and 2 are equal",
        "- at '/1': got string, want integer",
      ].join("\n"),
    );
    expect(check({ const: "x" }, "y")).toBe("- at '': value must be 'x'");
    expect(check({ minProperties: 1 }, {})).toBe("- at '': minProperties: got 0, want 1");
  });

  it("follows local $refs (pointers, $defs, definitions) and reports through them", () => {
    const s = {
      $defs: {
        port: { type: "integer", maximum: 65535 },
        pair: { properties: { a: { type: "string" }, b: { type: "string" } } },
      },
      properties: { port: { $ref: "#/$defs/port" }, pair: { $ref: "#/$defs/pair" } },
    };
    expect(check(s, { port: 70000 })).toBe("- at '/port': maximum: got 70000, want 65535");
    expect(check(s, { pair: { a: 1, b: 2 } })).toBe(
      [
        "- at '/pair': validation failed",
        "  - at '/pair/a': got number, want string",
        "  - at '/pair/b': got number, want string",
      ].join("\n"),
    );
    const draft7 = {
      $schema: "http://json-schema.org/draft-07/schema#",
      definitions: { s: { type: "string" } },
      properties: { x: { $ref: "#/definitions/s", type: "integer" } },
    };
    // Before 2019-09, keywords beside $ref are ignored.
    expect(check(draft7, { x: "ok" })).toBe("");
  });

  it("supports combinators and conditionals", () => {
    expect(check({ anyOf: [{ type: "string" }, { type: "integer" }] }, true)).toBe(
      [
        "- at '': anyOf failed",
        "  - at '': got boolean, want string",
        "  - at '': got boolean, want integer",
      ].join("\n"),
    );
    expect(check({ oneOf: [{ type: "integer" }, { minimum: 0 }] }, 1)).toBe(
      "- at '': oneOf failed, subschemas 0, 1 matched",
    );
    expect(check({ not: { type: "null" } }, null)).toBe("- at '': not failed");
    // Built from JSON: an object literal with a `then` key reads like a promise.
    const cond = JSON.parse('{"if":{"properties":{"tls":{"const":true}}},"then":{"required":["cert"]}}');
    expect(check(cond, { tls: true })).toBe("- at '': missing property 'cert'");
    expect(check(cond, { tls: false })).toBe("");
  });

  it("asserts formats for draft-07 schemas only", () => {
    const s = (draft: string) => ({
      $schema: draft,
      properties: { mail: { format: "email" }, ip: { format: "ipv4" } },
    });
    expect(check(s("http://json-schema.org/draft-07/schema#"), { mail: "nope", ip: "1.2.3" })).toBe(
      [
        "- at '/ip': '1.2.3' is not valid ipv4: expected four decimals",
        "- at '/mail': 'nope' is not valid email: missing @",
      ].join("\n"),
    );
    expect(check(s("https://json-schema.org/draft/2020-12/schema"), { mail: "nope" })).toBe("");
  });

  it("rejects schemas it cannot use", () => {
    expect(() => ValuesSchema.parse("{ not json")).toThrow(SchemaError);
    const remote = ValuesSchema.parse(
      JSON.stringify({ properties: { a: { $ref: "https://example.com/s.json" } } }),
    );
    expect(() => remote.validate({ a: 1 })).toThrow(/not a local reference/);
    const urn = ValuesSchema.parse(JSON.stringify({ properties: { a: { $ref: "urn:example:thing" } } }));
    expect(urn.validate({ a: 1 })).toBeUndefined();
  });
});

describe("schema validation while rendering", () => {
  const files = {
    "Chart.yaml": chartYaml("web"),
    "values.yaml": "replicas: 1\n",
    "values.schema.json": '{"properties":{"replicas":{"type":"integer"}}}',
    "templates/cm.yaml": "kind: ConfigMap\n",
    "charts/db/Chart.yaml": chartYaml("db"),
    "charts/db/values.schema.json": '{"required":["password"]}',
    "charts/db/values.yaml": "password: x\n",
  };

  it("validates the coalesced values of the chart and of each subchart, reported together", () => {
    let err: unknown;
    try {
      template(files, { set: ["replicas=two", "db.password=null"] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchemaValidationError);
    expect((err as Error).message).toBe(
      "values don't meet the specifications of the schema(s) in the following chart(s):\nweb:\n- at '/replicas': got string, want integer\ndb:\n- at '': missing property 'password'\n",
    );
    expect((err as SchemaValidationError).violations).toEqual([
      { chart: "web", path: "/replicas", reason: "got string, want integer" },
      { chart: "db", path: "", reason: "missing property 'password'" },
    ]);
  });

  it("accepts int64 values from --set as integers and can be skipped", () => {
    expect(() => template(files, { set: ["replicas=3"] })).not.toThrow();
    expect(() => template(files, { set: ["replicas=two"], skipSchemaValidation: true })).not.toThrow();
  });
});

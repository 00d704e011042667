/**
 * Decoding builtin plugin configurations (the objects listed under `transformers:`,
 * `generators:` and `validators:` with `apiVersion: builtin`) the way kustomize does: field
 * names match case-insensitively, unknown fields are ignored, `null` means absent, and a value
 * of the wrong type is an error.
 *
 * @module
 */
import { TransformerError } from "./errors.js";
import type { FieldSpec } from "./fieldspecs/config.js";
import { isMap } from "./fieldspecs/fieldspec.js";

/** A field reader over one config object, reporting type errors with the plugin and field. */
export class ConfigReader {
  constructor(
    readonly obj: Record<string, unknown>,
    readonly where: string,
    readonly file?: string,
  ) {}

  private raw(name: string): unknown {
    if (Object.hasOwn(this.obj, name)) return this.obj[name];
    const lower = name.toLowerCase();
    for (const [k, v] of Object.entries(this.obj)) if (k.toLowerCase() === lower) return v;
    return undefined;
  }

  fail(field: string, expected: string): never {
    throw new TransformerError(`${this.where}: field ${field}: expected ${expected}`, {
      file: this.file,
      field,
    });
  }

  /** A string field; numbers and booleans are taken as their text, as kustomize's decoder does. */
  string(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    const text = asText(v);
    if (text === undefined) this.fail(name, "a string");
    return text;
  }

  bool(name: string): boolean | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean") this.fail(name, "a boolean");
    return v;
  }

  int(name: string): number | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v)) this.fail(name, "an integer");
    return v;
  }

  stringMap(name: string): Record<string, string> | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (!isMap(v)) this.fail(name, "a map of strings");
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      const text = x === null ? "" : asText(x);
      if (text === undefined) this.fail(`${name}.${k}`, "a string");
      out[k] = text;
    }
    return out;
  }

  boolMap(name: string): Record<string, boolean> | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (!isMap(v)) this.fail(name, "a map of booleans");
    const out: Record<string, boolean> = {};
    for (const [k, x] of Object.entries(v)) {
      if (typeof x !== "boolean") this.fail(`${name}.${k}`, "a boolean");
      out[k] = x;
    }
    return out;
  }

  strings(name: string): string[] | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) this.fail(name, "a list of strings");
    return v.map((x, i) => {
      const text = x === null ? "" : asText(x);
      if (text === undefined) this.fail(`${name}[${i}]`, "a string");
      return text;
    });
  }

  object(name: string): ConfigReader | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (!isMap(v)) this.fail(name, "a mapping");
    return new ConfigReader(v, `${this.where}.${name}`, this.file);
  }

  objects(name: string): ConfigReader[] | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) this.fail(name, "a list");
    return v.map((x, i) => {
      if (x === null) return new ConfigReader({}, `${this.where}.${name}[${i}]`, this.file);
      if (!isMap(x)) this.fail(`${name}[${i}]`, "a mapping");
      return new ConfigReader(x, `${this.where}.${name}[${i}]`, this.file);
    });
  }

  /** The raw value (for nested structures handed on as they are). */
  value(name: string): unknown {
    return this.raw(name);
  }

  fieldSpecs(name: string): FieldSpec[] | undefined {
    return this.objects(name)?.map((r) => readFieldSpec(r));
  }
}

function asText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return undefined;
}

/** One fieldSpec from a reader. */
export function readFieldSpec(r: ConfigReader): FieldSpec {
  const fs: FieldSpec = { path: r.string("path") ?? "" };
  const group = r.string("group");
  const version = r.string("version");
  const kind = r.string("kind");
  if (group) fs.group = group;
  if (version) fs.version = version;
  if (kind) fs.kind = kind;
  if (r.bool("create")) fs.create = true;
  return fs;
}

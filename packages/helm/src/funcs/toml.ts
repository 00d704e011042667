/**
 * Helm's `toToml`: BurntSushi/toml's `Encoder.Encode` (v1.2) over template values, with the encoder's own
 * errors returned as the output text (`toml: top-level values must be Go maps or structs`), as Helm does.
 *
 * Layout, as the Go encoder writes it: keys of a table sorted in byte order, plain values before sub-tables,
 * sub-tables as `[a.b]` headers indented two spaces per level, a blank line before each top-level table,
 * lists of tables as `[[key]]` blocks, other lists and tables nested in lists inline (`[1, 2]`,
 * `{k = v}`), floats always with a decimal point (`1.0`, `1000000.0`), nil values skipped.
 */
import {
  compareGoStrings,
  defineFunc,
  type FuncMap,
  formatFloat,
  GoFloat,
  GoInt,
  GoNil,
  GoPointer,
  type GoType,
  goTypeName,
  kindOf,
  MAP_STRING_ANY,
  T,
  typeOf,
} from "@gitops-kit/template";
import { fromToml } from "./toml-parse.js";

/** An error the Go encoder reports as its result (toToml prints it). */
class TomlEncodeError extends Error {}

const ERR_NO_KEY = "toml: top-level values must be Go maps or structs";
const ERR_NIL_ELEMENT = "toml: cannot encode array with nil element";

type TomlType = "bool" | "integer" | "float" | "string" | "datetime" | "array" | "hash" | "arrayHash";

function methodOf(v: unknown, name: string): ((recv: unknown) => unknown) | undefined {
  const m = typeOf(v)?.methods?.get(name);
  return m && m.params.length === 0 ? (m.fn as (recv: unknown) => unknown) : undefined;
}

function isTime(v: unknown): boolean {
  return typeOf(v)?.name === "time.Time";
}

function isMarshaler(v: unknown): boolean {
  return methodOf(v, "MarshalText") !== undefined || methodOf(v, "MarshalTOML") !== undefined;
}

function isNil(v: unknown): boolean {
  return v === null || v === undefined || v instanceof GoNil;
}

/** Follow pointers (the encoder's `eindirect`). */
function indirect(v: unknown): unknown {
  let x = v;
  while (x instanceof GoPointer && !isMarshaler(x)) x = x.target;
  return x;
}

function isListValue(v: unknown): v is unknown[] | Uint8Array {
  return Array.isArray(v) || v instanceof Uint8Array;
}

function listItems(v: unknown[] | Uint8Array): unknown[] {
  return Array.isArray(v) ? v : Array.from(v, (b) => new GoInt(T.uint8, BigInt(b)));
}

function structFields(v: unknown): readonly { name: string; type: GoType }[] | undefined {
  const t = typeOf(v);
  return t?.kind === "struct" ? t.fields : undefined;
}

function kindName(v: unknown): string {
  return kindOf(v);
}

/** The TOML type of a value (the encoder's `tomlTypeOfGo`); undefined for nil. */
function tomlTypeOf(v0: unknown): TomlType | undefined {
  const v = v0 instanceof GoPointer ? indirect(v0) : v0;
  if (isNil(v)) return undefined;
  if (structFields(v)) {
    if (isTime(v)) return "datetime";
    return isMarshaler(v) ? "string" : "hash";
  }
  if (isMarshaler(v)) return "string";
  const kind = kindName(v);
  switch (kind) {
    case "bool":
      return "bool";
    case "int":
    case "int8":
    case "int16":
    case "int32":
    case "int64":
    case "uint":
    case "uint8":
    case "uint16":
    case "uint32":
    case "uint64":
      return "integer";
    case "float32":
    case "float64":
      return "float";
    case "slice":
    case "array":
      return isTableArray(v as unknown[] | Uint8Array) ? "arrayHash" : "array";
    case "string":
      return "string";
    case "map":
      return "hash";
    default:
      throw new TomlEncodeError(`unsupported type: ${kind}`);
  }
}

function isTableArray(list: unknown[] | Uint8Array): boolean {
  const items = listItems(list);
  if (items.length === 0) return false;
  let all = true;
  for (const item of items) {
    const t = tomlTypeOf(indirect(item));
    if (t === undefined) throw new TomlEncodeError(ERR_NIL_ELEMENT);
    if (t !== "hash") all = false;
  }
  return all;
}

function isTable(t: TomlType | undefined): boolean {
  return t === "hash" || t === "arrayHash";
}

const QUOTED: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\f": "\\f",
  "\r": "\\r",
};

function quoteToml(s: string): string {
  const escaped = s.replace(
    /["\\\x00-\x1f\x7f]/g,
    (c) => QUOTED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `"${escaped}"`;
}

function keyPart(k: string): string {
  if (k === "") return '""';
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : quoteToml(k);
}

function keyString(key: readonly string[]): string {
  return key.map(keyPart).join(".");
}

function floatText(f: number, bits: 32 | 64): string {
  if (Number.isNaN(f)) return "nan";
  if (!Number.isFinite(f)) return f < 0 ? "-inf" : "+inf";
  const s = formatFloat(f, "f", -1, bits);
  return s.includes(".") ? s : `${s}.0`;
}

function sortedKeys(m: object): string[] {
  return Object.keys(m).sort(compareGoStrings);
}

class Encoder {
  private out = "";
  private hasWritten = false;

  encodeDocument(v: unknown): string {
    if (v === null || v === undefined) throw new Error("reflect: call of reflect.Value.Type on zero Value");
    this.encode([], indirect(v));
    return this.out;
  }

  private write(s: string): void {
    this.out += s;
    this.hasWritten = true;
  }

  private newline(): void {
    if (this.hasWritten) this.write("\n");
  }

  private indent(key: readonly string[]): string {
    return "  ".repeat(Math.max(0, key.length - 1));
  }

  private encode(key: readonly string[], v: unknown): void {
    if (isMarshaler(v)) {
      this.writeKeyValue(key, v, false);
      return;
    }
    if (isNil(v)) return;
    if (v instanceof GoPointer) {
      this.encode(key, v.target);
      return;
    }
    const kind = kindName(v);
    switch (kind) {
      case "int":
      case "int8":
      case "int16":
      case "int32":
      case "int64":
      case "uint":
      case "uint8":
      case "uint16":
      case "uint32":
      case "uint64":
      case "float32":
      case "float64":
      case "string":
      case "bool":
        this.writeKeyValue(key, v, false);
        return;
      case "slice":
      case "array":
        if (tomlTypeOf(v) === "arrayHash") this.arrayOfTables(key, v as unknown[]);
        else this.writeKeyValue(key, v, false);
        return;
      case "map":
      case "struct":
        this.table(key, v);
        return;
      default:
        throw new TomlEncodeError(`unsupported type for key '${keyString(key)}': ${kind}`);
    }
  }

  private element(v0: unknown): void {
    const v = v0;
    if (isTime(v)) {
      const text = methodOf(v, "MarshalText") ?? methodOf(v, "String");
      this.write(String(text?.(v) ?? ""));
      return;
    }
    const toml = methodOf(v, "MarshalTOML");
    if (toml) {
      this.write(String(toml(v)));
      return;
    }
    const text = methodOf(v, "MarshalText");
    if (text) {
      this.write(quoteToml(String(text(v))));
      return;
    }
    if (v instanceof GoInt && typeOf(v)?.name === "time.Duration") {
      const str = methodOf(v, "String");
      this.write(quoteToml(str ? String(str(v)) : v.value.toString()));
      return;
    }
    if (v instanceof GoPointer) {
      this.element(v.target);
      return;
    }
    if (v === null || v === undefined)
      throw new Error("reflect: call of reflect.Value.Interface on zero Value");
    switch (typeof v) {
      case "string":
        this.write(quoteToml(v));
        return;
      case "boolean":
        this.write(v ? "true" : "false");
        return;
      case "number":
        this.write(floatText(v, 64));
        return;
    }
    if (v instanceof GoInt) {
      this.write(v.value.toString());
      return;
    }
    if (v instanceof GoFloat) {
      this.write(floatText(v.value, 32));
      return;
    }
    if (isListValue(v)) {
      const items = listItems(v);
      this.write("[");
      items.forEach((item, i) => {
        this.element(indirect(item));
        if (i !== items.length - 1) this.write(", ");
      });
      this.write("]");
      return;
    }
    if (structFields(v) || kindName(v) === "map") {
      this.mapOrStruct([], v, true);
      return;
    }
    throw new TomlEncodeError(`unexpected type: ${goTypeName(v)}`);
  }

  private arrayOfTables(key: readonly string[], list: unknown[]): void {
    if (key.length === 0) throw new TomlEncodeError(ERR_NO_KEY);
    for (const item of list) {
      const t = indirect(item);
      if (isNil(t)) continue;
      this.newline();
      this.write(`${this.indent(key)}[[${keyString(key)}]]`);
      this.newline();
      this.mapOrStruct(key, t, false);
    }
  }

  private table(key: readonly string[], v: unknown): void {
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.write(`${this.indent(key)}[${keyString(key)}]`);
      this.newline();
    }
    this.mapOrStruct(key, v, false);
  }

  /** The entries of a map or struct: [name, value] pairs, nil values included (they are skipped later). */
  private entries(v: unknown): [string, unknown][] {
    const fields = structFields(v);
    if (fields) {
      const rec = v as Record<string, unknown>;
      return fields.filter((f) => /^\p{Lu}/u.test(f.name)).map((f) => [f.name, indirect(rec[f.name])]);
    }
    const m = v as Record<string, unknown>;
    return sortedKeys(m).map((k) => [k, indirect(m[k])]);
  }

  private mapOrStruct(key: readonly string[], v: unknown, inline: boolean): void {
    const direct: [string, unknown][] = [];
    const sub: [string, unknown][] = [];
    for (const e of this.entries(v)) (isTable(tomlTypeOf(e[1])) ? sub : direct).push(e);
    const writeGroup = (group: [string, unknown][], trailingComma: boolean) => {
      group.forEach(([k, val], i) => {
        if (isNil(val)) return;
        if (inline) {
          this.writeKeyValue([k], val, true);
          if (trailingComma || i !== group.length - 1) this.write(", ");
        } else {
          this.encode([...key, k], val);
        }
      });
    };
    if (inline) this.write("{");
    writeGroup(direct, sub.length > 0);
    writeGroup(sub, false);
    if (inline) this.write("}");
  }

  private writeKeyValue(key: readonly string[], v: unknown, inline: boolean): void {
    if (key.length === 0) throw new TomlEncodeError(ERR_NO_KEY);
    this.write(`${this.indent(key)}${keyPart(key[key.length - 1])} = `);
    this.element(v);
    if (!inline) this.newline();
  }
}

/**
 * `toml.NewEncoder(w).Encode(v)`: the TOML text. Throws a plain `Error` with Go's text where the Go encoder
 * would panic; returns the encoder's error message where Helm's `toToml` prints it.
 */
export function toToml(v: unknown): string {
  try {
    return new Encoder().encodeDocument(v);
  } catch (err) {
    if (err instanceof TomlEncodeError) return err.message;
    throw err;
  }
}

/** The TOML text, or the encoder's error thrown (`mustToToml`). */
export function mustToToml(v: unknown): string {
  return new Encoder().encodeDocument(v);
}

/** Helm's `toToml` and `fromToml`, and `mustToToml`, which fails the template where `toToml` prints the error. */
export function tomlFuncs(): FuncMap {
  return {
    toToml: defineFunc({ params: [T.any], result: T.string, fn: toToml }),
    mustToToml: defineFunc({ params: [T.any], result: T.string, returnsError: true, fn: mustToToml }),
    fromToml: defineFunc({ params: [T.string], result: MAP_STRING_ANY, fn: fromToml }),
  };
}

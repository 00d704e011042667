/**
 * Decoding YAML documents into Go structs the way kustomize's loader does (sigs.k8s.io/yaml, then
 * encoding/json with unknown fields disallowed): field names match case-insensitively (an exact match
 * first), `null` leaves a field at its zero value, scalar types are strict, and an unknown field is an
 * error. A few small decoders compose into the kustomization schema; they are plain functions, so the
 * build path carries no schema library.
 *
 * @module
 */

/** Where in the document a value sits: map keys and list indexes. */
export type DecodePath = readonly (string | number)[];

/** Why a document does not decode; the first problem found, in field order. */
export class DecodeIssue extends Error {
  constructor(
    readonly path: DecodePath,
    /** `unknown-field` for fields the struct does not have, `type` for a value of the wrong kind. */
    readonly kind: "unknown-field" | "type",
    /** The unknown field names, or the kind that was expected (`string`, `int`, `object`, ...). */
    readonly detail: string[] | string,
    /** The value found (type issues). */
    readonly input?: unknown,
  ) {
    super(kind === "type" ? `expected ${detail}` : `unknown field "${(detail as string[]).join('", "')}"`);
  }
}

/** A path as kustomize's messages spell a field: `patches[0].target.kind`. */
export function formatDecodePath(path: DecodePath): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? p : `.${p}`;
  }
  return out;
}

/** Decoding options shared by every decoder of one document. */
export interface DecodeContext {
  /** Skip unknown fields instead of failing (kustomize reads some files leniently). */
  ignoreUnknownFields?: boolean;
}

/** Decodes one value or throws a {@link DecodeIssue}. */
export type Decoder<T> = (input: unknown, path: DecodePath, ctx: DecodeContext) => T;

/** The type a decoder produces. */
export type Decoded<D> = D extends Decoder<infer T> ? T : never;

type Shape = Record<string, Decoder<unknown>>;

/** A struct: every field optional, absent when the document leaves it out or sets it to `null`. */
export type StructOf<S extends Shape> = { [K in keyof S]?: Decoded<S[K]> | undefined };

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A Go string. */
export const str: Decoder<string> = (input, path) => {
  if (typeof input !== "string") throw new DecodeIssue(path, "type", "string", input);
  return input;
};

/** A Go bool: YAML 1.1 booleans arrive as booleans; a quoted "true" is a string and refused. */
export const bool: Decoder<boolean> = (input, path) => {
  if (typeof input !== "boolean") throw new DecodeIssue(path, "type", "boolean", input);
  return input;
};

/** A Go int. */
export const int: Decoder<number> = (input, path) => {
  if (typeof input !== "number") throw new DecodeIssue(path, "type", "number", input);
  if (!Number.isSafeInteger(input)) throw new DecodeIssue(path, "type", "int", input);
  return input;
};

/**
 * Any value, unchecked, as Go's JSON decoder fills an `interface{}`: every number is a float64, so an
 * integer beyond 2^53 loses its low digits (`12345678901234567890` is `12345678901234567000`).
 */
export const anything: Decoder<unknown> = (input) => asFloat64s(input);

/** `map[key] = value` as an own property, also for a key spelled `__proto__` (a Go map key like any other). */
function setOwn(map: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

function asFloat64s(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(asFloat64s);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) setOwn(out, key, asFloat64s(v));
  return out;
}

/** A Go struct with the given fields. */
export function struct<S extends Shape>(shape: S): Decoder<StructOf<S>> {
  const byLower = new Map(Object.keys(shape).map((k) => [k.toLowerCase(), k]));
  return (input, path, ctx) => {
    if (!isMapping(input)) throw new DecodeIssue(path, "type", "object", input);
    // Map each key to its field (exact name first, as encoding/json does); a later duplicate wins.
    const fields: Record<string, unknown> = {};
    const unknown: string[] = [];
    for (const [key, value] of Object.entries(input)) {
      if (value === null) continue;
      const field = Object.hasOwn(shape, key) ? key : byLower.get(key.toLowerCase());
      if (field === undefined) unknown.push(key);
      else fields[field] = value;
    }
    const out: Record<string, unknown> = {};
    for (const [field, decode] of Object.entries(shape)) {
      if (Object.hasOwn(fields, field)) out[field] = decode(fields[field], [...path, field], ctx);
    }
    if (unknown.length > 0 && !ctx.ignoreUnknownFields) throw new DecodeIssue(path, "unknown-field", unknown);
    return out as StructOf<S>;
  };
}

/** A Go slice; `null` elements decode to the element's zero value. */
export function slice<T>(element: Decoder<T>, zero: () => unknown): Decoder<T[]> {
  return (input, path, ctx) => {
    if (!Array.isArray(input)) throw new DecodeIssue(path, "type", "array", input);
    return input.map((e, i) => element(e === null ? zero() : e, [...path, i], ctx));
  };
}

/** A Go `map[string]V`; with `nullAs`, `null` values become that value first. */
export function mapOf<T>(value: Decoder<T>, nullAs?: unknown): Decoder<Record<string, T>> {
  return (input, path, ctx) => {
    if (!isMapping(input)) throw new DecodeIssue(path, "type", "record", input);
    const out: Record<string, T> = {};
    for (const [k, v] of Object.entries(input)) {
      setOwn(out, k, value(v === null && nullAs !== undefined ? nullAs : v, [...path, k], ctx));
    }
    return out;
  };
}

/** Decode `input` with `decoder`; a {@link DecodeIssue} when it does not fit. */
export function decode<T>(decoder: Decoder<T>, input: unknown, ctx: DecodeContext = {}): T {
  return decoder(input, [], ctx);
}

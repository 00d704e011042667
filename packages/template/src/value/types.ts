/**
 * Go type descriptors. Every value the engine handles has a Go type (see `values.ts` for how each type is
 * represented in JavaScript); types matter for printing (`%T`, `%v` of maps and slices), for comparisons
 * (`eq 1 1.0` is an error) and for checking function arguments the way Go's reflect.Call does.
 *
 * Types are compared by identity: use the shared constants in {@link T} and the cached constructors
 * {@link sliceOf}, {@link mapOf}, {@link pointerTo}, {@link funcOf}; build named types once with
 * {@link namedType} / {@link structType} and keep the object.
 */
import type { FuncDef } from "../funcs/types.js";

/** reflect.Kind names. */
export type Kind =
  | "bool"
  | "int"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "uintptr"
  | "float32"
  | "float64"
  | "complex64"
  | "complex128"
  | "string"
  | "interface"
  | "slice"
  | "array"
  | "map"
  | "struct"
  | "ptr"
  | "func"
  | "reflectValue";

/**
 * A Go type. `J` is a phantom parameter naming the JavaScript type a function receives for a parameter of this
 * type (see `funcs/types.ts`); it has no runtime presence.
 */
export interface GoType<J = unknown> {
  readonly kind: Kind;
  /** What Go's `reflect.Type.String()` prints, e.g. `map[string]interface {}`, `[]string`, `time.Time`. */
  readonly name: string;
  /** Element type of slices, arrays, maps and pointers. */
  readonly elem?: GoType;
  /** Key type of maps. */
  readonly key?: GoType;
  /** Array length. */
  readonly len?: number;
  /** Struct fields in declaration order (struct values are objects holding these as own properties). */
  readonly fields?: readonly StructField[];
  /**
   * Methods callable from templates (`{{ .Files.Get "x" }}`). The receiver is passed as the first argument to
   * `fn`, before the declared parameters. A method named `String` (no parameters, result string) makes the type
   * a fmt.Stringer; `Error` makes it an error.
   */
  readonly methods?: ReadonlyMap<string, FuncDef>;
  /** Function signature, for `func` kinds. */
  readonly signature?: FuncDef;
  /** @internal phantom marker, never set. */
  readonly __js?: J;
}

/** One field of a struct type. */
export interface StructField {
  readonly name: string;
  readonly type: GoType;
  /**
   * An embedded (anonymous) field, like `yaml.ResourceIdentifier` in `struct{ yaml.ResourceIdentifier }`:
   * `name` is the type's name without its package, and templates reach the fields of its struct (or pointer
   * to struct) type as if they were the outer struct's own (`.Kind` for `.ResourceIdentifier.TypeMeta.Kind`),
   * by Go's rules: the shallowest match wins, two at the same depth are ambiguous. Methods are not promoted.
   */
  readonly embedded?: boolean;
  /**
   * The field's `json:"..."` struct tag (`apiVersion,omitempty`, `-`, `,inline`), which `toJson` follows as
   * `encoding/json` does: the name, `omitempty`, `-`, and flattening of untagged embedded structs.
   */
  readonly jsonTag?: string;
}

function basic<J>(kind: Kind, name: string = kind): GoType<J> {
  return Object.freeze({ kind, name });
}

/** The predeclared Go types, plus the two special parameter types `any` (interface{}) and `value` (reflect.Value). */
export const T = {
  bool: basic<boolean>("bool"),
  /** Go `int`. Functions receive a JS `number` for parameters of this type. */
  int: basic<number>("int"),
  int8: basic<number>("int8"),
  int16: basic<number>("int16"),
  int32: basic<number>("int32"),
  /** Go `int64`. Functions receive a JS `bigint` for parameters of this type. */
  int64: basic<bigint>("int64"),
  uint: basic<bigint>("uint"),
  uint8: basic<number>("uint8"),
  uint16: basic<number>("uint16"),
  uint32: basic<number>("uint32"),
  uint64: basic<bigint>("uint64"),
  uintptr: basic<bigint>("uintptr"),
  float32: basic<number>("float32"),
  float64: basic<number>("float64"),
  complex64: basic<unknown>("complex64"),
  complex128: basic<unknown>("complex128"),
  string: basic<string>("string"),
  /** `interface{}`: any value; functions receive the Go value as-is (never `undefined`: a missing value is `null`). */
  any: basic<unknown>("interface", "interface {}"),
  /**
   * `reflect.Value`: like `any`, but a missing value (Go's invalid reflect.Value, printed `<no value>`) arrives as
   * `undefined` instead of `null`. Used by builtins such as `len` and `index`.
   */
  value: basic<unknown>("reflectValue", "reflect.Value"),
} as const;

/** The `error` interface type (only used in signatures and %T of functions). */
export const ERROR_TYPE: GoType = Object.freeze({ kind: "interface", name: "error" });

const sliceCache = new Map<GoType, GoType>();
const ptrCache = new Map<GoType, GoType>();
const mapCache = new Map<GoType, Map<GoType, GoType>>();

/** `[]elem` (cached: the same elem gives the same type object). */
export function sliceOf<J>(elem: GoType<J>): GoType<J[]> {
  let t = sliceCache.get(elem);
  if (!t) {
    t = Object.freeze({ kind: "slice", name: `[]${elem.name}`, elem });
    sliceCache.set(elem, t);
  }
  return t as GoType<J[]>;
}

/** `map[key]elem` (cached). */
export function mapOf<V>(key: GoType, elem: GoType<V>): GoType<Record<string, V>> {
  let byElem = mapCache.get(key);
  if (!byElem) {
    byElem = new Map();
    mapCache.set(key, byElem);
  }
  let t = byElem.get(elem);
  if (!t) {
    t = Object.freeze({ kind: "map", name: `map[${key.name}]${elem.name}`, key, elem });
    byElem.set(elem, t);
  }
  return t as GoType<Record<string, V>>;
}

/** `*elem` (cached). */
export function pointerTo(elem: GoType): GoType {
  let t = ptrCache.get(elem);
  if (!t) {
    t = Object.freeze({ kind: "ptr", name: `*${elem.name}`, elem });
    ptrCache.set(elem, t);
  }
  return t;
}

/** The Go type of a function with the given signature, e.g. `func(string, ...interface {}) string`. */
export function funcOf(def: FuncDef): GoType {
  const params = def.params.map((p, i) =>
    def.variadic && i === def.params.length - 1 ? `...${p.name}` : p.name,
  );
  const result = def.returnsError ? `(${def.result.name}, error)` : def.result.name;
  return Object.freeze({ kind: "func", name: `func(${params.join(", ")}) ${result}`, signature: def });
}

/**
 * A named type with the given underlying kind, e.g. `namedType({ name: "chartutil.Files", kind: "map", key:
 * T.string, elem: sliceOf(T.uint8), methods })`. Values of a named type are distinct from values of its
 * underlying type for comparisons and argument checks, as in Go.
 */
export function namedType(spec: {
  name: string;
  kind: Kind;
  elem?: GoType;
  key?: GoType;
  methods?: Record<string, FuncDef>;
}): GoType {
  return Object.freeze({
    kind: spec.kind,
    name: spec.name,
    elem: spec.elem,
    key: spec.key,
    methods: spec.methods ? new Map(Object.entries(spec.methods)) : undefined,
  });
}

/** A struct type; its values are objects whose own properties are the fields (see `values.ts`). */
export function structType(spec: {
  name: string;
  fields: readonly StructField[];
  methods?: Record<string, FuncDef>;
}): GoType {
  return Object.freeze({
    kind: "struct",
    name: spec.name,
    fields: Object.freeze([...spec.fields]),
    methods: spec.methods ? new Map(Object.entries(spec.methods)) : undefined,
  });
}

/**
 * The fields to go through to reach `name` in struct type `t`: `[field]` for its own field, or a path
 * through embedded fields for a promoted one, found like Go's `reflect.Type.FieldByName`: breadth first,
 * the shallowest depth with a match wins, and two matches at that depth are ambiguous (no field).
 */
export function fieldPath(t: GoType, name: string): StructField[] | undefined {
  // Field access is hot (every `.Values.x` step through a struct): answer from a per-type cache.
  let byName = fieldPathCache.get(t);
  if (!byName) {
    byName = new Map();
    fieldPathCache.set(t, byName);
  }
  let path = byName.get(name);
  if (path === undefined) {
    path = findFieldPath(t, name) ?? null;
    byName.set(name, path);
  }
  return path ?? undefined;
}

const fieldPathCache = new WeakMap<GoType, Map<string, StructField[] | null>>();

function findFieldPath(t: GoType, name: string): StructField[] | undefined {
  const own = t.fields?.find((f) => f.name === name);
  if (own) return [own];
  // Each level lists the struct types embedded at that depth, with how often they occur there.
  let level = new Map<GoType, { path: StructField[]; count: number }>([[t, { path: [], count: 1 }]]);
  const visited = new Set<GoType>();
  while (level.size > 0) {
    let found: StructField[] | undefined;
    const next = new Map<GoType, { path: StructField[]; count: number }>();
    for (const [type, { path, count }] of level) {
      if (visited.has(type)) continue;
      visited.add(type);
      for (const f of type.fields ?? []) {
        if (f.name === name) {
          // A second match at this depth, or a match in a type embedded twice here, is ambiguous.
          if (found || count > 1) return undefined;
          found = [...path, f];
          continue;
        }
        if (found || !f.embedded) continue;
        const inner = f.type.kind === "ptr" ? f.type.elem : f.type;
        if (inner?.kind !== "struct") continue;
        const seen = next.get(inner);
        if (seen) seen.count++;
        else next.set(inner, { path: [...path, f], count: 1 });
      }
    }
    if (found) return found;
    level = next;
  }
  return undefined;
}

/** Shared composite types. */
export const SLICE_ANY = sliceOf(T.any);
export const MAP_STRING_ANY = mapOf(T.string, T.any);
export const SLICE_STRING = sliceOf(T.string);
export const MAP_STRING_STRING = mapOf(T.string, T.string);
export const SLICE_BYTE = sliceOf(T.uint8);

const INT_KINDS = new Set<Kind>(["int", "int8", "int16", "int32", "int64"]);
const UINT_KINDS = new Set<Kind>(["uint", "uint8", "uint16", "uint32", "uint64", "uintptr"]);

/** Signed integer kinds. */
export function isIntKind(kind: Kind): boolean {
  return INT_KINDS.has(kind);
}

/** Unsigned integer kinds. */
export function isUintKind(kind: Kind): boolean {
  return UINT_KINDS.has(kind);
}

/** Kinds that accept an untyped nil (Go's canBeNil; reflect.Value also accepts it). */
export function canBeNil(t: GoType): boolean {
  switch (t.kind) {
    case "interface":
    case "map":
    case "ptr":
    case "slice":
    case "func":
    case "reflectValue":
      return true;
    default:
      return false;
  }
}

/** Width in bits of an integer kind (int and uint are 64-bit, as on amd64). */
export function intBits(kind: Kind): number {
  switch (kind) {
    case "int8":
    case "uint8":
      return 8;
    case "int16":
    case "uint16":
      return 16;
    case "int32":
    case "uint32":
      return 32;
    default:
      return 64;
  }
}

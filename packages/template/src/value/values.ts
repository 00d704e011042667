/**
 * How Go values are represented in JavaScript.
 *
 * | Go value | JavaScript |
 * |---|---|
 * | `string` | `string` (UTF-16; bytes that are not valid UTF-8 are kept as lone surrogates U+DC80–U+DCFF, see `gostring.ts`) |
 * | `bool` | `boolean` |
 * | `float64` | `number` (every number decoded from JSON/YAML data is a float64, as in Helm) |
 * | `int`, `int64`, `uint8`, ... | {@link GoInt} (type + `bigint` value) |
 * | `float32` | {@link GoFloat} |
 * | `complex128`, `complex64` | {@link GoComplex} |
 * | nil interface (`interface{}(nil)`, JSON `null`) | `null` |
 * | no value (Go's invalid `reflect.Value`: a missing map key, printed `<no value>`) | `undefined` |
 * | `[]interface{}` | a plain `Array` |
 * | `[]string`, `[]int`, ... | an `Array` tagged with its type (see {@link typedSlice}) |
 * | `[]byte` | `Uint8Array` |
 * | `map[string]interface{}` | a plain object (prototype `Object.prototype` or `null`) |
 * | `map[string]string`, ... | a plain object tagged with its type (see {@link typedMap}) |
 * | maps with other keys (`map[int]string`, `map[ObjectIdentifier][]Change`) | {@link GoMap} |
 * | structs and named types | objects tagged with their type (see {@link withType}) |
 * | functions (for `call`) | {@link GoFunc} |
 *
 * Map keys are own enumerable string properties; use {@link hasKey}/{@link mapGet} rather than `in` or plain
 * indexing so keys such as `constructor` or `__proto__` behave like any other key. Create maps with
 * {@link newMap}.
 */
import type { FuncDef } from "../funcs/types.js";
import {
  canBeNil,
  funcOf,
  type GoType,
  intBits,
  isUintKind,
  MAP_STRING_ANY,
  SLICE_ANY,
  SLICE_BYTE,
  sliceOf,
  T,
} from "./types.js";

/** Symbol under which tagged arrays and objects carry their Go type. */
export const GO_TYPE: unique symbol = Symbol.for("gitops-kit.template.goType");

/** A Go integer of any kind. The value is always within the range of the type. */
/** Base of the classes that box a Go value together with its type (ints, float32, complex, funcs, pointers, typed nils). */
export abstract class GoBoxed {
  constructor(readonly type: GoType) {}
}

/** A Go integer of any kind. The value is always within the range of the type. */
export class GoInt extends GoBoxed {
  constructor(
    type: GoType,
    readonly value: bigint,
  ) {
    super(type);
  }
  /** The value as a JS number (exact below 2^53). */
  toNumber(): number {
    return Number(this.value);
  }
}

/** A Go float32 (float64 values are plain numbers). */
export class GoFloat extends GoBoxed {
  constructor(
    type: GoType,
    readonly value: number,
  ) {
    super(type);
  }
}

/** A Go complex number. */
export class GoComplex extends GoBoxed {
  constructor(
    type: GoType,
    readonly re: number,
    readonly im: number,
  ) {
    super(type);
  }
}

/** A Go function value (only reachable through `call`). */
export class GoFunc extends GoBoxed {
  constructor(readonly def: FuncDef) {
    super(funcOf(def));
  }
}

/** A non-nil Go pointer. Field access and method calls see through it to `target`, as in Go. */
export class GoPointer extends GoBoxed {
  constructor(
    type: GoType,
    readonly target: object,
  ) {
    super(type);
  }
}

/** A typed nil (nil pointer, nil func) that is not a nil interface. */
export class GoNil extends GoBoxed {}

/**
 * A Go map whose key type is not `string`: `map[int]string`, `map[interface{}]int`, or a map keyed by a
 * struct such as Flux's `map[ObjectIdentifier][]Change`. (Maps with `string` keys are plain objects.) Keys
 * are Go values of the map's key type and are told apart with Go's `==`: structs and arrays field by field,
 * `-0` equal to `0`, every NaN a distinct key, pointers by identity. `range`, `index`, `len` and fmt work
 * on it as in Go; `range` and printing visit the keys in Go's sorted order (see `fmt/mapsort.ts`).
 *
 * ```ts
 * const point = structType({ name: "main.Pt", fields: [{ name: "X", type: T.int }, { name: "Y", type: T.int }] });
 * const m = new GoMap(mapOf(point, T.string), [[withType({ X: goInt(1), Y: goInt(2) }, point), "a"]]);
 * // {{ range $k, $v := . }}{{ $k.X }}={{ $v }}{{ end }} -> "1=a"; {{ . }} -> "map[{1 2}:a]"
 * ```
 */
export class GoMap extends GoBoxed {
  private readonly slots = new Map<string, number>();
  private readonly keyList: unknown[] = [];
  private readonly valueList: unknown[] = [];

  /** A map of `type` (a map type) holding `entries`; a repeated key keeps the last key and value, as assignment does. */
  constructor(type: GoType, entries: Iterable<readonly [unknown, unknown]> = []) {
    super(type);
    if (type.kind !== "map" || !type.key) throw new TypeError(`GoMap needs a map type, got ${type.name}`);
    for (const [k, v] of entries) this.set(k, v);
  }

  /** Number of entries (`len`). */
  get size(): number {
    return this.keyList.length;
  }

  /** The value stored under `key`, or `undefined` when there is none. */
  get(key: unknown): unknown {
    const slot = this.slots.get(mapKeyId(key));
    return slot === undefined ? undefined : this.valueList[slot];
  }

  /** Whether the map has `key`. */
  has(key: unknown): boolean {
    return this.slots.has(mapKeyId(key));
  }

  /** `m[key] = value`. Throws a TypeError for a key that is not of the map's key type. */
  set(key: unknown, value: unknown): void {
    const keyType = this.type.key as GoType;
    if (keyType.kind !== "interface" && typeOf(key) !== keyType)
      throw new TypeError(`GoMap key of type ${goTypeName(key)} in a ${this.type.name}`);
    const id = mapKeyId(key);
    const slot = this.slots.get(id);
    if (slot !== undefined) {
      // Go stores the new key too (it can differ from an equal one: -0 for 0).
      this.keyList[slot] = key;
      this.valueList[slot] = value;
      return;
    }
    this.slots.set(id, this.keyList.length);
    this.keyList.push(key);
    this.valueList.push(value);
  }

  /** The keys, in insertion order (Go's order is the sorted one: see `fmt/mapsort.ts`). */
  keys(): readonly unknown[] {
    return this.keyList;
  }

  /** The values, in the order of {@link keys}. */
  values(): readonly unknown[] {
    return this.valueList;
  }
}

let nanKeys = 0;
let nextPointerId = 0;
const pointerIds = new WeakMap<object, number>();

/** A string equal for two keys exactly when Go's `==` holds for them (same dynamic type, same value). */
function mapKeyId(v: unknown): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      // NaN != NaN in Go, so each NaN key is a new entry; -0 == 0.
      if (Number.isNaN(v)) return `NaN#${nanKeys++}`;
      return `f${v === 0 ? 0 : v}`;
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "nil";
  }
  if (v === null) return "nil";
  const t = typeOf(v);
  const typeName = t?.name ?? "?";
  if (v instanceof GoInt) return `${typeName}(${v.value})`;
  if (v instanceof GoFloat)
    return Number.isNaN(v.value) ? `NaN#${nanKeys++}` : `${typeName}(${v.value || 0})`;
  if (v instanceof GoComplex) return `${typeName}(${v.re || 0},${v.im || 0})`;
  if (v instanceof GoPointer || v instanceof GoFunc) {
    const target = v instanceof GoPointer ? v.target : v;
    let id = pointerIds.get(target);
    if (id === undefined) {
      id = nextPointerId++;
      pointerIds.set(target, id);
    }
    return `${typeName}@${id}`;
  }
  if (v instanceof GoNil) return `${typeName}(nil)`;
  if (t?.kind === "struct") {
    const o = v as Record<string, unknown>;
    return `${typeName}{${(t.fields ?? []).map((f) => mapKeyId(o[f.name])).join(",")}}`;
  }
  if (t?.kind === "array") return `${typeName}[${(v as unknown[]).map(mapKeyId).join(",")}]`;
  if (t?.kind === "string" || t?.kind === "bool") return `${typeName}(${JSON.stringify(v)})`;
  throw new TypeError(`runtime error: hash of unhashable type ${typeName}`);
}

/** Any Go value (see the table at the top of this module). `undefined` means "no value". */
export type GoValue = unknown;

/** Wrap `n` (number or bigint) as an integer of type `type`, truncating like a Go conversion. */
export function makeInt(type: GoType, n: number | bigint): GoInt {
  let v = typeof n === "bigint" ? n : BigInt(Math.trunc(n));
  const bits = intBits(type.kind);
  if (isUintKind(type.kind)) v = BigInt.asUintN(bits, v);
  else v = BigInt.asIntN(bits, v);
  return new GoInt(type, v);
}

const SMALL_INTS: GoInt[] = [];
for (let i = 0; i < 256; i++) SMALL_INTS.push(new GoInt(T.int, BigInt(i)));

/** A Go `int`. */
export function goInt(n: number | bigint): GoInt {
  if (typeof n === "number" && n >= 0 && n < 256 && Number.isInteger(n)) return SMALL_INTS[n];
  return makeInt(T.int, n);
}

/** A Go `int64`. */
export function goInt64(n: number | bigint): GoInt {
  return makeInt(T.int64, n);
}

/** A Go `float32` (rounded to single precision). */
export function goFloat32(n: number): GoFloat {
  return new GoFloat(T.float32, Math.fround(n));
}

/** Tag `items` as a Go slice of `elem` (`[]string` etc.). `[]interface{}` needs no tag: plain arrays are that. */
export function typedSlice<E>(elem: GoType, items: E[]): E[] {
  if (elem === T.any) return items;
  return withType(items, sliceOf(elem)) as E[];
}

/** A new empty Go map (`map[string]interface{}` unless `type` says otherwise). */
export function newMap(type?: GoType): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  if (type && type !== MAP_STRING_ANY) withType(m, type);
  return m;
}

/** Tag `items` (an object of string keys) as a Go map of the given type. */
export function typedMap<V>(type: GoType, items: Record<string, V>): Record<string, V> {
  if (type === MAP_STRING_ANY) return items;
  return withType(items, type) as Record<string, V>;
}

/** Attach a Go type to an array or object (non-enumerable, so key listings are unaffected). Returns `target`. */
export function withType<O extends object>(target: O, type: GoType): O {
  Object.defineProperty(target, GO_TYPE, {
    value: type,
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return target;
}

/** Whether `v` is a plain JavaScript object used as a Go map (untagged or tagged with a map type). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Whether `m` (a Go map) has `key`. */
export function hasKey(m: object, key: string): boolean {
  return Object.hasOwn(m, key);
}

/** `m[key]`, or `undefined` when absent. */
export function mapGet(m: object, key: string): unknown {
  return Object.hasOwn(m, key) ? (m as Record<string, unknown>)[key] : undefined;
}

/** Set `m[key] = value`, also for keys such as `__proto__`. */
export function mapSet(m: object, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(m, key, { value, enumerable: true, configurable: true, writable: true });
  } else {
    (m as Record<string, unknown>)[key] = value;
  }
}

/**
 * The Go type of a value, or `undefined` for nil (`null`) and no value (`undefined`), which have none.
 */
export function typeOf(v: unknown): GoType | undefined {
  switch (typeof v) {
    case "string":
      return T.string;
    case "number":
      return T.float64;
    case "boolean":
      return T.bool;
    case "undefined":
      return undefined;
    case "object": {
      if (v === null) return undefined;
      if (v instanceof GoBoxed) return v.type;
      const tagged = (v as { [GO_TYPE]?: GoType })[GO_TYPE];
      if (tagged) return tagged;
      if (Array.isArray(v)) return SLICE_ANY;
      if (v instanceof Uint8Array) return SLICE_BYTE;
      return MAP_STRING_ANY;
    }
    default:
      // bigint, function, symbol: not Go values; treat bigint as int64 and the rest as opaque interfaces.
      if (typeof v === "bigint") return T.int64;
      return T.any;
  }
}

/** Go's `reflect.ValueOf(v).Kind().String()`: `string`, `float64`, `map`, `slice`, `int64`, ...; `invalid` for nil. */
export function kindOf(v: unknown): string {
  const t = typeOf(v);
  if (!t) return "invalid";
  if (t.kind === "reflectValue") return "struct";
  return t.kind;
}

/** Go's `%T` / reflect.Type.String() of a value: `<nil>` for nil. */
export function goTypeName(v: unknown): string {
  const t = typeOf(v);
  return t ? t.name : "<nil>";
}

/** The zero value of a type (what missingkey=zero and `index` of an absent key produce). */
export function zeroValue(t: GoType): unknown {
  switch (t.kind) {
    case "bool":
      return false;
    case "string":
      return "";
    case "float64":
      return 0;
    case "float32":
      return new GoFloat(t, 0);
    case "complex64":
    case "complex128":
      return new GoComplex(t, 0, 0);
    case "interface":
      return null;
    case "reflectValue":
      return undefined;
    case "slice":
      return t === SLICE_ANY ? [] : withType([], t);
    case "map":
      return t.key && t.key.kind !== "string" ? new GoMap(t) : newMap(t);
    case "struct": {
      const o: Record<string, unknown> = {};
      for (const f of t.fields ?? []) o[f.name] = zeroValue(f.type);
      return withType(o, t);
    }
    case "array": {
      const items = Array.from({ length: t.len ?? 0 }, () => zeroValue(t.elem ?? T.any));
      return withType(items, t);
    }
    case "ptr":
    case "func":
      return new GoNil(t);
    default:
      if (canBeNil(t)) return null;
      return makeInt(t, 0);
  }
}

/**
 * values.schema.json validation as Helm does it (santhosh-tekuri/jsonschema v6): JSON Schema drafts 4, 6,
 * 7, 2019-09 and 2020-12 (by `$schema`, latest when absent), local `$ref`s (JSON pointers, `$id`s and
 * anchors), and error messages in that validator's words (`- at '/replicaCount': got string, want
 * integer`), nested the same way.
 *
 * Not supported: remote `$ref`s (Helm would download them; here they are a {@link SchemaError}),
 * `$dynamicRef`/`$recursiveRef`, `unevaluatedProperties`/`unevaluatedItems`, content keywords. `urn:` refs
 * are permissive, as in Helm.
 */
import { compileGoRegexp, type GoRegexp } from "@gitops-kit/core";
import { formatValue, GoInt, quote as goQuote } from "@gitops-kit/template";
import { SchemaError } from "../errors.js";
import { checkFormat } from "./schema-formats.js";

/** One validation error node, shaped like the validator's error tree. */
export interface SchemaErrorNode {
  /** Instance location, as JSON pointer tokens. */
  at: string[];
  /** The message (`got string, want integer`, `validation failed`, ...). */
  message: string;
  causes: SchemaErrorNode[];
  /** A `$ref` wrapper or group: printed only when it has more than one cause. */
  kind: "plain" | "ref" | "group";
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Types in the validator's fixed order (used for `want a or b`). */
const TYPE_ORDER = ["null", "boolean", "number", "integer", "string", "array", "object"];

function draftOf(url: unknown): number {
  if (typeof url !== "string") return 2020;
  const u = url.replace(/#$/, "").replace(/^https?:\/\//, "");
  switch (u) {
    case "json-schema.org/draft-04/schema":
      return 4;
    case "json-schema.org/draft-06/schema":
      return 6;
    case "json-schema.org/draft-07/schema":
      return 7;
    case "json-schema.org/draft/2019-09/schema":
      return 2019;
    default:
      return 2020;
  }
}

/** JSON type of an instance (Go numbers from `--set` count as numbers). */
function jsonType(v: unknown): string | undefined {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number" || typeof v === "bigint" || v instanceof GoInt) return "number";
  if (typeof v === "string") return "string";
  if (Array.isArray(v)) return "array";
  if (isObject(v) && Object.getPrototypeOf(v) === Object.prototype) return "object";
  if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === null) return "object";
  return undefined;
}

function asNumber(v: unknown): number {
  if (v instanceof GoInt) return Number(v.value);
  return Number(v);
}

function isInteger(v: unknown): boolean {
  if (v instanceof GoInt || typeof v === "bigint") return true;
  return typeof v === "number" && Number.isInteger(v);
}

/** `%v` of a value as the validator prints it. */
function display(v: unknown): string {
  if (typeof v === "string") return quote(v);
  if (Array.isArray(v) || isObject(v)) return "value";
  return formatValue(v);
}

/** Go `%q`, with single quotes. */
function quote(s: string): string {
  const q = goQuote(s).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'");
  return `'${q}'`;
}

function pointer(tokens: readonly string[]): string {
  return tokens.map((t) => `/${t.replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** Exact decimal value of a float's shortest text, for `multipleOf`. */
function decimal(v: number): { m: bigint; e: number } {
  const text = formatValue(v);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([-+]\d+))?$/.exec(text);
  if (!match) return { m: 0n, e: 0 };
  const frac = match[3] ?? "";
  const m = BigInt(`${match[1]}${match[2]}${frac}`);
  return { m, e: Number(match[4] ?? 0) - frac.length };
}

function isMultiple(v: number, of: number): boolean {
  const a = decimal(v);
  const b = decimal(of);
  if (b.m === 0n) return false;
  if (a.e >= b.e) return (a.m * 10n ** BigInt(a.e - b.e)) % b.m === 0n;
  return a.m % (b.m * 10n ** BigInt(b.e - a.e)) === 0n;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (jsonType(a) === "number" && jsonType(b) === "number") return asNumber(a) === asNumber(b);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return a === b;
}

/** A compiled (sub)schema. */
interface Node {
  bool?: boolean;
  draft: number;
  raw: JsonObject;
  base: string;
  ref?: () => Node;
  types?: string[];
  patterns: Map<string, GoRegexp>;
  pattern?: GoRegexp;
}

/** A compiled values.schema.json. */
export class ValuesSchema {
  private readonly nodes = new WeakMap<object, Node>();
  private readonly resources = new Map<string, Json>();
  private readonly root: Node;
  private readonly rootDraft: number;

  private constructor(doc: Json, location: string) {
    this.rootDraft = isObject(doc) ? draftOf(doc.$schema) : 2020;
    this.index(doc, location, this.rootDraft);
    this.root = this.compile(doc, location, this.rootDraft);
  }

  /** Parse and compile schema text; throws {@link SchemaError} when it is not JSON or not a usable schema. */
  static parse(text: string, location = "file:///values.schema.json"): ValuesSchema {
    let doc: Json;
    try {
      doc = JSON.parse(text) as Json;
    } catch (err) {
      throw new SchemaError(`values.schema.json: ${(err as Error).message}`, { cause: err });
    }
    if (typeof doc !== "boolean" && !isObject(doc)) {
      throw new SchemaError(`values.schema.json: jsonschema: invalid schema (expected object or boolean)`);
    }
    return new ValuesSchema(doc, location);
  }

  /** Register every `$id` (and anchor) so references can find them. */
  private index(doc: Json, base: string, draft: number): void {
    const walk = (v: Json, b: string, d: number) => {
      if (Array.isArray(v)) {
        for (const x of v) walk(x, b, d);
        return;
      }
      if (!isObject(v)) return;
      let here = b;
      const idKey = d === 4 ? "id" : "$id";
      const id = v[idKey];
      const hasRef = d < 2019 && typeof v.$ref === "string";
      if (typeof id === "string" && !hasRef) {
        const resolved = resolveUrl(id, b);
        if (id.startsWith("#") && d < 2019) this.resources.set(resolved, v);
        else {
          here = resolved.replace(/#$/, "");
          this.resources.set(here, v);
        }
      }
      if (typeof v.$anchor === "string") this.resources.set(`${here}#${v.$anchor}`, v);
      if (typeof v.$dynamicAnchor === "string") this.resources.set(`${here}#${v.$dynamicAnchor}`, v);
      for (const [k, x] of Object.entries(v)) {
        if (k === "enum" || k === "const" || k === "default" || k === "examples") continue;
        walk(x, here, d);
      }
    };
    this.resources.set(base, doc);
    walk(doc, base, draft);
  }

  /** @internal Compile a (sub)schema found at `base`; cached per schema object. */
  compile(s: Json, base: string, draft: number): Node {
    if (typeof s === "boolean") return { bool: s, draft, raw: {}, base, patterns: new Map() };
    if (!isObject(s)) throw new SchemaError(`values.schema.json: invalid schema ${display(s)}`);
    const cached = this.nodes.get(s);
    if (cached) return cached;
    const idKey = draft === 4 ? "id" : "$id";
    let here = base;
    if (
      typeof s[idKey] === "string" &&
      !(draft < 2019 && typeof s.$ref === "string") &&
      !(s[idKey] as string).startsWith("#")
    ) {
      here = resolveUrl(s[idKey] as string, base).replace(/#$/, "");
    }
    const node: Node = { draft, raw: s, base: here, patterns: new Map() };
    this.nodes.set(s, node);
    const t = s.type;
    if (typeof t === "string") node.types = [t];
    else if (Array.isArray(t)) node.types = t.filter((x): x is string => typeof x === "string");
    if (node.types && node.types.length === 0) node.types = undefined;
    if (typeof s.pattern === "string") node.pattern = this.regex(s.pattern, "pattern");
    if (isObject(s.patternProperties)) {
      for (const p of Object.keys(s.patternProperties))
        node.patterns.set(p, this.regex(p, "patternProperties"));
    }
    if (typeof s.$ref === "string") {
      const target = s.$ref;
      let resolved: Node | undefined;
      node.ref = () => {
        resolved ??= this.resolve(target, here, draft);
        return resolved;
      };
    }
    return node;
  }

  private regex(pattern: string, keyword: string): GoRegexp {
    try {
      return compileGoRegexp(pattern);
    } catch (err) {
      throw new SchemaError(
        `values.schema.json: invalid regular expression in ${keyword}: ${JSON.stringify(pattern)}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }

  private resolve(ref: string, base: string, draft: number): Node {
    if (ref.startsWith("urn:")) return this.compile(true, base, draft);
    const url = resolveUrl(ref, base);
    const hash = url.indexOf("#");
    const doc = hash < 0 ? url : url.slice(0, hash);
    const frag = hash < 0 ? "" : decodeURIComponent(url.slice(hash + 1));
    if (frag !== "" && !frag.startsWith("/")) {
      const anchored = this.resources.get(`${doc}#${frag}`);
      if (anchored === undefined)
        throw new SchemaError(`values.schema.json: $ref ${JSON.stringify(ref)}: anchor not found`);
      return this.compile(anchored, doc, draftOfResource(anchored, draft));
    }
    const resource = this.resources.get(doc);
    if (resource === undefined) {
      throw new SchemaError(
        `values.schema.json: $ref ${JSON.stringify(ref)} is not a local reference (remote schemas are not loaded)`,
      );
    }
    let target: Json = resource;
    for (const raw of frag.split("/").slice(1)) {
      const tok = raw.replaceAll("~1", "/").replaceAll("~0", "~");
      if (Array.isArray(target) && /^\d+$/.test(tok)) target = target[Number(tok)];
      else if (isObject(target) && Object.hasOwn(target, tok)) target = target[tok];
      else throw new SchemaError(`values.schema.json: $ref ${JSON.stringify(ref)}: no such location`);
    }
    return this.compile(target, doc, draftOfResource(resource, draft));
  }

  /** Validate values; `undefined` when they conform, else the error tree's top-level causes. */
  validate(values: unknown): SchemaErrorNode[] | undefined {
    const err = new Run((raw, base, draft) => this.compile(raw, base, draft)).validate(this.root, values, []);
    if (!err) return undefined;
    return err.kind === "group" ? err.causes : [err];
  }
}

function draftOfResource(resource: Json, fallback: number): number {
  return isObject(resource) && resource.$schema !== undefined ? draftOf(resource.$schema) : fallback;
}

function resolveUrl(ref: string, base: string): string {
  try {
    return new URL(ref, base).href;
  } catch {
    return ref;
  }
}

/** One validation pass (tracks `$ref` cycles). */
class Run {
  private readonly active = new Set<string>();

  constructor(private readonly compile: (raw: Json, base: string, draft: number) => Node) {}

  validate(node: Node, v: unknown, at: string[]): SchemaErrorNode | undefined {
    const errors: SchemaErrorNode[] = [];
    const err = (
      message: string,
      causes: SchemaErrorNode[] = [],
      kind: SchemaErrorNode["kind"] = "plain",
    ): SchemaErrorNode => ({
      at,
      message,
      causes,
      kind,
    });
    if (node.bool !== undefined) return node.bool ? undefined : err("false schema");
    const s = node.raw;
    const t = jsonType(v);
    if (t === undefined) return err(`invalid jsonType ${typeof v}`);

    // Before 2019-09 a `$ref` hides its sibling keywords (the draft-6/7 `const` is still read before it).
    const refOnly = node.ref !== undefined && node.draft < 2019;
    if (node.types && !refOnly) {
      const ok = node.types.includes(t) || (node.types.includes("integer") && t === "number" && isInteger(v));
      if (!ok) {
        const want = TYPE_ORDER.filter((x) => node.types?.includes(x));
        return err(`got ${t}, want ${want.join(" or ")}`);
      }
    }
    if (Object.hasOwn(s, "const") && node.draft >= 6) {
      if (!deepEqual(v, s.const)) {
        return err(
          Array.isArray(s.const) || isObject(s.const) ? "const failed" : `value must be ${display(s.const)}`,
        );
      }
    }
    if (Array.isArray(s.enum) && !refOnly) {
      const items = s.enum;
      if (!items.some((item) => deepEqual(v, item))) {
        const primitive = items.every((x) => !Array.isArray(x) && !isObject(x));
        if (!primitive) return err("enum failed");
        return err(
          items.length === 1
            ? `value must be ${display(items[0])}`
            : `value must be one of ${items.map(display).join(", ")}`,
        );
      }
    }
    if (typeof s.format === "string" && node.draft < 2019 && !refOnly) {
      const problem = checkFormat(s.format, v);
      if (problem !== undefined) return err(`${display(v)} is not valid ${s.format}: ${problem}`);
    }
    if (node.ref) {
      const refErr = this.validateRef(node.ref(), v, at, "$ref", err);
      if (node.draft < 2019) return refErr;
      if (refErr) errors.push(refErr);
    }

    if (t === "object") this.object(node, v as JsonObject, at, errors, err);
    else if (t === "array") this.array(node, v as unknown[], at, errors, err);
    else if (t === "string") this.string(node, v as string, errors, err);
    else if (t === "number") this.number(node, asNumber(v), errors, err);

    this.conditionals(node, v, at, errors, err);

    if (errors.length === 0) return undefined;
    if (errors.length === 1) return errors[0];
    return err("validation failed", errors, "group");
  }

  private validateRef(
    target: Node,
    v: unknown,
    at: string[],
    keyword: string,
    err: (m: string, c?: SchemaErrorNode[], k?: SchemaErrorNode["kind"]) => SchemaErrorNode,
  ): SchemaErrorNode | undefined {
    // Re-entering the same schema at the same instance location through references never ends.
    const cycleKey = `${pointer(at)}\u0000${this.idOf(target)}`;
    if (this.active.has(cycleKey)) {
      return err(`${keyword} resolves to ${JSON.stringify(target.base)} causing reference cycle`);
    }
    this.active.add(cycleKey);
    try {
      const inner = this.validate(target, v, at);
      if (!inner) return undefined;
      return err("validation failed", inner.kind === "group" ? inner.causes : [inner], "ref");
    } finally {
      this.active.delete(cycleKey);
    }
  }

  private readonly ids = new WeakMap<Node, number>();
  private nextId = 0;
  private idOf(node: Node): number {
    let id = this.ids.get(node);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(node, id);
    }
    return id;
  }

  private sub(raw: Json | undefined, parent: Node): Node | undefined {
    if (raw === undefined) return undefined;
    if (typeof raw !== "boolean" && !isObject(raw)) return undefined;
    return this.compile(raw, parent.base, parent.draft);
  }

  private object(
    node: Node,
    obj: JsonObject,
    at: string[],
    errors: SchemaErrorNode[],
    err: (m: string, c?: SchemaErrorNode[], k?: SchemaErrorNode["kind"]) => SchemaErrorNode,
  ): void {
    const s = node.raw;
    const keys = Object.keys(obj).sort();
    if (typeof s.minProperties === "number" && keys.length < s.minProperties) {
      errors.push(err(`minProperties: got ${keys.length}, want ${s.minProperties}`));
    }
    if (typeof s.maxProperties === "number" && keys.length > s.maxProperties) {
      errors.push(err(`maxProperties: got ${keys.length}, want ${s.maxProperties}`));
    }
    if (Array.isArray(s.required) && !(node.draft === 4 && s.required.length === 0)) {
      const missing = s.required.filter((p): p is string => typeof p === "string" && !Object.hasOwn(obj, p));
      if (missing.length === 1) errors.push(err(`missing property ${quote(missing[0])}`));
      else if (missing.length > 1) errors.push(err(`missing properties ${missing.map(quote).join(", ")}`));
    }
    if (isObject(s.dependencies) && node.draft < 2019) {
      for (const p of Object.keys(s.dependencies).sort()) {
        if (!Object.hasOwn(obj, p)) continue;
        const dep = s.dependencies[p];
        if (Array.isArray(dep)) {
          const missing = dep.filter((x): x is string => typeof x === "string" && !Object.hasOwn(obj, x));
          if (missing.length > 0)
            errors.push(err(`properties ${missing.map(quote).join(", ")} required, if ${quote(p)} exists`));
        } else {
          const child = this.sub(dep, node);
          const e = child && this.validate(child, obj, at);
          if (e) errors.push(e);
        }
      }
    }
    const props = isObject(s.properties) ? s.properties : undefined;
    const additional: string[] = [];
    for (const key of keys) {
      let evaluated = false;
      if (props && Object.hasOwn(props, key)) {
        evaluated = true;
        const child = this.sub(props[key], node);
        const e = child && this.validate(child, obj[key], [...at, key]);
        if (e) errors.push(e);
      }
      if (isObject(s.patternProperties)) {
        for (const [p, re] of node.patterns) {
          if (!re.matchString(key)) continue;
          evaluated = true;
          const child = this.sub(s.patternProperties[p], node);
          const e = child && this.validate(child, obj[key], [...at, key]);
          if (e) errors.push(e);
        }
      }
      if (!evaluated && s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) additional.push(key);
        else if (isObject(s.additionalProperties)) {
          const child = this.sub(s.additionalProperties, node);
          const e = child && this.validate(child, obj[key], [...at, key]);
          if (e) errors.push(e);
        }
      }
    }
    if (additional.length > 0)
      errors.push(err(`additional properties ${additional.map(quote).join(", ")} not allowed`));
    if (node.draft >= 6 && s.propertyNames !== undefined) {
      const child = this.sub(s.propertyNames, node);
      for (const key of keys) {
        const e = child && this.validate(child, key, at);
        if (e)
          errors.push({
            at,
            message: `invalid propertyName ${quote(key)}`,
            causes: e.kind === "group" ? e.causes : [e],
            kind: "plain",
          });
      }
    }
    if (node.draft >= 2019) {
      if (isObject(s.dependentSchemas)) {
        for (const p of Object.keys(s.dependentSchemas).sort()) {
          if (!Object.hasOwn(obj, p)) continue;
          const child = this.sub(s.dependentSchemas[p], node);
          const e = child && this.validate(child, obj, at);
          if (e) errors.push(e);
        }
      }
      if (isObject(s.dependentRequired)) {
        for (const p of Object.keys(s.dependentRequired).sort()) {
          const req = s.dependentRequired[p];
          if (!Object.hasOwn(obj, p) || !Array.isArray(req)) continue;
          const missing = req.filter((x): x is string => typeof x === "string" && !Object.hasOwn(obj, x));
          if (missing.length > 0)
            errors.push(err(`properties ${missing.map(quote).join(", ")} required, if ${quote(p)} exists`));
        }
      }
    }
  }

  private array(
    node: Node,
    arr: unknown[],
    at: string[],
    errors: SchemaErrorNode[],
    err: (m: string, c?: SchemaErrorNode[], k?: SchemaErrorNode["kind"]) => SchemaErrorNode,
  ): void {
    const s = node.raw;
    if (typeof s.minItems === "number" && arr.length < s.minItems)
      errors.push(err(`minItems: got ${arr.length}, want ${s.minItems}`));
    if (typeof s.maxItems === "number" && arr.length > s.maxItems)
      errors.push(err(`maxItems: got ${arr.length}, want ${s.maxItems}`));
    if (s.uniqueItems === true && arr.length > 1) {
      outer: for (let i = 0; i < arr.length; i++) {
        for (let j = i + 1; j < arr.length; j++) {
          if (deepEqual(arr[i], arr[j])) {
            errors.push(err(`items at ${i} and ${j} are equal`));
            break outer;
          }
        }
      }
    }
    const check = (raw: Json | undefined, item: unknown, index: number) => {
      const child = this.sub(raw, node);
      const e = child && this.validate(child, item, [...at, String(index)]);
      if (e) errors.push(e);
    };
    if (node.draft < 2020) {
      let evaluated = 0;
      if (Array.isArray(s.items)) {
        evaluated = Math.min(arr.length, s.items.length);
        for (let i = 0; i < evaluated; i++) check(s.items[i], arr[i], i);
      } else if (s.items !== undefined) {
        for (let i = 0; i < arr.length; i++) check(s.items, arr[i], i);
        evaluated = arr.length;
      }
      if (Array.isArray(s.items) && s.additionalItems !== undefined) {
        if (s.additionalItems === false && evaluated !== arr.length) {
          errors.push(err(`last ${arr.length - evaluated} additionalItem(s) not allowed`));
        } else if (isObject(s.additionalItems)) {
          for (let i = evaluated; i < arr.length; i++) check(s.additionalItems, arr[i], i - evaluated);
        }
      }
    } else {
      const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
      const evaluated = Math.min(prefix.length, arr.length);
      for (let i = 0; i < evaluated; i++) check(prefix[i], arr[i], i);
      if (s.items !== undefined && !Array.isArray(s.items)) {
        for (let i = evaluated; i < arr.length; i++) check(s.items, arr[i], i - evaluated);
      }
    }
    if (s.contains !== undefined && node.draft >= 6) {
      const child = this.sub(s.contains, node);
      const failures: SchemaErrorNode[] = [];
      const matched: number[] = [];
      arr.forEach((item, i) => {
        const e = child && this.validate(child, item, [...at, String(i)]);
        if (e) failures.push(e);
        else matched.push(i);
      });
      const minContains = node.draft >= 2019 && typeof s.minContains === "number" ? s.minContains : undefined;
      if (minContains !== undefined) {
        if (matched.length < minContains) {
          errors.push(
            err(
              matched.length === 0
                ? `min ${minContains} items required to match contains schema, but none matched`
                : `min ${minContains} items required to match contains schema, but matched ${matched.length} items at ${matched.join(" ")}`,
              failures,
            ),
          );
        }
      } else if (matched.length === 0) errors.push(err("no items match contains schema", failures));
      if (node.draft >= 2019 && typeof s.maxContains === "number" && matched.length > s.maxContains) {
        errors.push(
          err(
            `max ${s.maxContains} items required to match contains schema, but matched ${matched.length} items at ${matched.join(" ")}`,
          ),
        );
      }
    }
  }

  private string(
    node: Node,
    str: string,
    errors: SchemaErrorNode[],
    err: (m: string, c?: SchemaErrorNode[], k?: SchemaErrorNode["kind"]) => SchemaErrorNode,
  ): void {
    const s = node.raw;
    const length = [...str].length;
    if (typeof s.minLength === "number" && length < s.minLength)
      errors.push(err(`minLength: got ${length}, want ${s.minLength}`));
    if (typeof s.maxLength === "number" && length > s.maxLength)
      errors.push(err(`maxLength: got ${length}, want ${s.maxLength}`));
    if (node.pattern && !node.pattern.matchString(str)) {
      errors.push(err(`${quote(str)} does not match pattern ${quote(s.pattern as string)}`));
    }
  }

  private number(
    node: Node,
    n: number,
    errors: SchemaErrorNode[],
    err: (m: string, c?: SchemaErrorNode[], k?: SchemaErrorNode["kind"]) => SchemaErrorNode,
  ): void {
    const s = node.raw;
    const f = (x: number) => formatValue(x);
    let min = typeof s.minimum === "number" ? s.minimum : undefined;
    let max = typeof s.maximum === "number" ? s.maximum : undefined;
    let exMin = typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum : undefined;
    let exMax = typeof s.exclusiveMaximum === "number" ? s.exclusiveMaximum : undefined;
    // Draft 4: the exclusive keywords are flags on minimum/maximum.
    if (node.draft === 4) {
      if (s.exclusiveMinimum === true && min !== undefined) [exMin, min] = [min, undefined];
      if (s.exclusiveMaximum === true && max !== undefined) [exMax, max] = [max, undefined];
    }
    if (min !== undefined && n < min) errors.push(err(`minimum: got ${f(n)}, want ${f(min)}`));
    if (max !== undefined && n > max) errors.push(err(`maximum: got ${f(n)}, want ${f(max)}`));
    if (exMin !== undefined && n <= exMin)
      errors.push(err(`exclusiveMinimum: got ${f(n)}, want ${f(exMin)}`));
    if (exMax !== undefined && n >= exMax)
      errors.push(err(`exclusiveMaximum: got ${f(n)}, want ${f(exMax)}`));
    if (typeof s.multipleOf === "number" && !isMultiple(n, s.multipleOf)) {
      errors.push(err(`multipleOf: got ${f(n)}, want ${f(s.multipleOf)}`));
    }
  }

  private conditionals(
    node: Node,
    v: unknown,
    at: string[],
    errors: SchemaErrorNode[],
    err: (m: string, c?: SchemaErrorNode[], k?: SchemaErrorNode["kind"]) => SchemaErrorNode,
  ): void {
    const s = node.raw;
    if (s.not !== undefined) {
      const child = this.sub(s.not, node);
      if (child && !this.validate(child, v, at)) errors.push(err("not failed"));
    }
    const list = (k: string) => (Array.isArray(s[k]) ? (s[k] as Json[]) : []);
    const allOf = list("allOf");
    if (allOf.length > 0) {
      const failures = allOf
        .map((x) => this.sub(x, node))
        .flatMap((c) => (c ? (this.validate(c, v, at) ?? []) : []));
      if (failures.length > 0) errors.push(err("allOf failed", failures));
    }
    const anyOf = list("anyOf");
    if (anyOf.length > 0) {
      const failures: SchemaErrorNode[] = [];
      let matched = false;
      for (const x of anyOf) {
        const c = this.sub(x, node);
        const e = c && this.validate(c, v, at);
        if (e) failures.push(e);
        else {
          matched = true;
          break;
        }
      }
      if (!matched) errors.push(err("anyOf failed", failures));
    }
    const oneOf = list("oneOf");
    if (oneOf.length > 0) {
      const failures: SchemaErrorNode[] = [];
      let matched = -1;
      for (let i = 0; i < oneOf.length; i++) {
        const c = this.sub(oneOf[i], node);
        const e = c && this.validate(c, v, at);
        if (e) {
          if (matched === -1) failures.push(e);
        } else if (matched === -1) matched = i;
        else {
          errors.push(err(`oneOf failed, subschemas ${matched}, ${i} matched`));
          break;
        }
      }
      if (matched === -1) errors.push(err("oneOf failed, none matched", failures));
    }
    if (s.if !== undefined && node.draft >= 7) {
      const cond = this.sub(s.if, node);
      const branch = cond && !this.validate(cond, v, at) ? s.then : s.else;
      const child = this.sub(branch, node);
      const e = child && this.validate(child, v, at);
      if (e) errors.push(e);
    }
  }
}

/** The error tree printed as the validator prints it, one `- at '<pointer>': <message>` line per error. */
export function formatSchemaErrors(errors: readonly SchemaErrorNode[]): string {
  let out = "";
  const show = (e: SchemaErrorNode, indent: number) => {
    // A reference wrapper with a single cause shows only that cause.
    const skip = e.kind === "ref" && e.causes.length === 1;
    let next = indent;
    if (!skip) {
      if (out !== "") out += "\n";
      out += `${"  ".repeat(indent)}- at ${quote(pointer(e.at))}: ${e.message}`;
      next = indent + 1;
    }
    for (const c of e.causes) show(c, next);
  };
  for (const e of errors) show(e, 0);
  return out;
}

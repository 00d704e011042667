/**
 * The SOPS document model: an ordered tree (key order matters, the MAC hashes values in document order)
 * with Go's scalar kinds kept apart (an `int` and a `float64` hash differently), plus the walk that
 * decrypts every value the file's rules mark as encrypted and computes the MAC on the way.
 *
 * @module
 */
import { compileGoRegexp, type GoRegexp } from "@gitops-kit/core";
import { SopsDecryptError } from "../errors.js";

/** A mapping, keys in document order. Comment entries have a {@link SopsComment} key. */
export class SopsBranch {
  constructor(readonly entries: [string | SopsComment, SopsNode][] = []) {}

  get(key: string): SopsNode | undefined {
    for (const [k, v] of this.entries) if (k === key) return v;
    return undefined;
  }
}

/** A Go `int` (kept as bigint so that 64-bit values survive). */
export class SopsInt {
  constructor(readonly value: bigint) {}
}

/** A Go `float64`. */
export class SopsFloat {
  constructor(readonly value: number) {}
}

/** A `type:bytes` value. */
export class SopsBytes {
  constructor(readonly value: Uint8Array) {}
}

/** A `type:time` value, kept as its RFC 3339 text. */
export class SopsTime {
  constructor(readonly text: string) {}
}

/** A comment (YAML and dotenv files), hashed never, encrypted only under comment rules. */
export class SopsComment {
  constructor(readonly value: string) {}
}

export type SopsScalar = string | boolean | null | SopsInt | SopsFloat | SopsBytes | SopsTime | SopsComment;
export type SopsNode = SopsScalar | SopsNode[] | SopsBranch;

/** The encryption rules from the `sops` metadata; at most one is set (default: unencrypted suffix `_unencrypted`). */
export interface SopsRules {
  unencryptedSuffix?: string;
  encryptedSuffix?: string;
  unencryptedRegex?: string;
  encryptedRegex?: string;
  unencryptedCommentRegex?: string;
  encryptedCommentRegex?: string;
  macOnlyEncrypted?: boolean;
}

/** Transforms one leaf: `(value, path, isEncrypted)` → new value. */
type LeafFn = (value: SopsScalar, path: string[], encrypted: boolean) => Promise<SopsNode>;

/** Compiled {@link SopsRules}, deciding per leaf whether it is encrypted. */
export class EncryptionRules {
  private readonly unencryptedRegex?: GoRegexp;
  private readonly encryptedRegex?: GoRegexp;
  private readonly unencryptedCommentRegex?: GoRegexp;
  private readonly encryptedCommentRegex?: GoRegexp;

  constructor(readonly rules: SopsRules) {
    const compile = (p: string | undefined) => (p ? compileGoRegexp(p) : undefined);
    this.unencryptedRegex = compile(rules.unencryptedRegex);
    this.encryptedRegex = compile(rules.encryptedRegex);
    this.unencryptedCommentRegex = compile(rules.unencryptedCommentRegex);
    this.encryptedCommentRegex = compile(rules.encryptedCommentRegex);
  }

  /** SOPS `shouldBeEncrypted`: the rules are checked in a fixed order, later ones override. */
  isEncrypted(
    path: readonly string[],
    comments: readonly (readonly string[])[],
    isComment: boolean,
  ): boolean {
    const r = this.rules;
    let encrypted = true;
    if (r.unencryptedSuffix && path.some((p) => p.endsWith(r.unencryptedSuffix!))) encrypted = false;
    if (r.encryptedSuffix) encrypted = path.some((p) => p.endsWith(r.encryptedSuffix!));
    if (this.unencryptedRegex && path.some((p) => this.unencryptedRegex!.matchString(p))) encrypted = false;
    if (this.encryptedRegex) encrypted = path.some((p) => this.encryptedRegex!.matchString(p));
    if (
      this.unencryptedCommentRegex &&
      comments.some((cs) => cs.some((c) => this.unencryptedCommentRegex!.matchString(c)))
    ) {
      encrypted = false;
    }
    if (this.encryptedCommentRegex) {
      encrypted = false;
      const lastGroup = comments.length - 1;
      outer: for (let i = 0; i < comments.length; i++) {
        for (let j = 0; j < comments[i].length; j++) {
          // The comment line that matches is itself left in clear text.
          if (isComment && i === lastGroup && j === comments[i].length - 1) continue;
          if (this.encryptedCommentRegex.matchString(comments[i][j])) {
            encrypted = true;
            break outer;
          }
        }
      }
    }
    return encrypted;
  }
}

/**
 * Walk every leaf of `branch` in document order (as SOPS's `walkBranch`), replacing each by what `fn`
 * returns. Nulls are left alone. Comments preceding a value are what the comment rules look at.
 */
export async function walkBranch(
  branch: SopsBranch,
  rules: EncryptionRules,
  fn: LeafFn,
): Promise<SopsBranch> {
  return walkMap(branch, [], [], rules, fn);
}

async function walkMap(
  branch: SopsBranch,
  path: string[],
  stack: string[][],
  rules: EncryptionRules,
  fn: LeafFn,
): Promise<SopsBranch> {
  const comments = [...stack, []];
  const top = comments[comments.length - 1];
  const out: [string | SopsComment, SopsNode][] = [];
  for (const [key, value] of branch.entries) {
    if (key instanceof SopsComment) {
      top.push(key.value);
      const v = await fn(key, path, rules.isEncrypted(path, comments, true));
      out.push([v instanceof SopsComment ? v : new SopsComment(String(v)), value]);
      continue;
    }
    const valueIsComment = value instanceof SopsComment;
    if (valueIsComment) top.push(value.value);
    out.push([key, await walkValue(value, [...path, key], comments, rules, fn)]);
    if (!valueIsComment) top.length = 0;
  }
  return new SopsBranch(out);
}

async function walkValue(
  value: SopsNode,
  path: string[],
  stack: string[][],
  rules: EncryptionRules,
  fn: LeafFn,
): Promise<SopsNode> {
  if (value === null) return null;
  if (value instanceof SopsBranch) return walkMap(value, path, stack, rules, fn);
  if (Array.isArray(value)) {
    const comments = [...stack, []];
    const top = comments[comments.length - 1];
    const out: SopsNode[] = [];
    for (const item of value) {
      const isComment = item instanceof SopsComment;
      if (isComment) top.push(item.value);
      out.push(await walkValue(item, path, comments, rules, fn));
      if (!isComment) top.length = 0;
    }
    return out;
  }
  return fn(value, path, rules.isEncrypted(path, stack, value instanceof SopsComment));
}

/** SOPS `ToBytes`: the bytes a value contributes to the MAC. */
export function macBytes(value: SopsScalar): Uint8Array {
  const enc = new TextEncoder();
  if (typeof value === "string") return enc.encode(value);
  if (typeof value === "boolean") return enc.encode(value ? "True" : "False");
  if (value instanceof SopsInt) return enc.encode(value.value.toString());
  if (value instanceof SopsFloat) return enc.encode(formatFloatF(value.value));
  if (value instanceof SopsBytes) return value.value;
  if (value instanceof SopsTime) return enc.encode(value.text);
  if (value instanceof SopsComment) return enc.encode(value.value);
  throw new SopsDecryptError("cannot hash a null value");
}

/** Go's `strconv.FormatFloat(f, 'f', -1, 64)`: shortest round-trip digits, never an exponent. */
export function formatFloatF(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (!Number.isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
  const s = String(f);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = "", expText] = m;
  const exp = Number(expText);
  const digits = lead + frac;
  if (exp >= 0) {
    const intLen = 1 + exp;
    return (
      sign +
      (digits.length <= intLen
        ? digits + "0".repeat(intLen - digits.length)
        : `${digits.slice(0, intLen)}.${digits.slice(intLen)}`)
    );
  }
  return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
}

/**
 * Parse JSON keeping key order and Go's number kinds (an integer literal that fits int64 is an int,
 * anything else a float64), as SOPS's JSON store does. Top level must be an object.
 */
export function parseOrderedJson(text: string): SopsBranch {
  let i = 0;
  const fail = (what: string): never => {
    throw new SopsDecryptError(`failed to load encrypted JSON data: ${what} at offset ${i}`);
  };
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r"))
      i++;
  };
  const str = (): string => {
    if (text[i] !== '"') fail("expected string");
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail("unterminated string");
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): SopsNode => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const entries: [string, SopsNode][] = [];
      ws();
      if (text[i] === "}") {
        i++;
        return new SopsBranch(entries);
      }
      for (;;) {
        ws();
        const k = str();
        ws();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        entries.push([k, value()]);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return new SopsBranch(entries);
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const items: SopsNode[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return items;
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return items;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail("unexpected character");
    i += m![0].length;
    return numberNode(m![0]);
  };
  ws();
  if (text[i] !== "{") {
    throw new SopsDecryptError(
      "failed to load encrypted JSON data: SOPS only supports JSON files with a top-level object",
    );
  }
  const root = value() as SopsBranch;
  ws();
  if (i < text.length) fail("trailing data");
  return root;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A JSON number literal as Go's `json.Number` → int (when `Int64()` succeeds) or float64. */
export function numberNode(literal: string): SopsInt | SopsFloat {
  if (/^-?\d+$/.test(literal)) {
    const v = BigInt(literal);
    if (v >= INT64_MIN && v <= INT64_MAX) return new SopsInt(v);
  }
  return new SopsFloat(Number(literal));
}

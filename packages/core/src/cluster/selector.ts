import { FormatError } from "../errors.js";

/** `metav1.LabelSelector`: all `matchLabels` and all `matchExpressions` must hold. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorExpression[];
}

/** One `matchExpressions` entry. */
export interface LabelSelectorExpression {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

/** Operators of a parsed requirement (the string syntax adds `=`, `!=`, `>` and `<`). */
export type RequirementOperator =
  | "In"
  | "NotIn"
  | "Exists"
  | "DoesNotExist"
  | "Equals"
  | "NotEquals"
  | "Gt"
  | "Lt";

/** One requirement of a selector. */
export interface LabelRequirement {
  key: string;
  operator: RequirementOperator;
  /** Sorted, de-duplicated. One value for Equals/NotEquals/Gt/Lt, none for Exists/DoesNotExist. */
  values: string[];
}

/** A validated selector, ready to match label sets. */
export interface CompiledLabelSelector {
  /** Sorted by key (then operator), like Kubernetes' canonical form. */
  readonly requirements: readonly LabelRequirement[];
  /** True when every requirement holds (an empty selector matches everything). */
  matches(labels: Record<string, string> | undefined): boolean;
  /** The canonical string form, e.g. `app=web,tier in (back,front),!legacy`. */
  toString(): string;
}

/** A label selector that does not parse or validate. Code `INVALID_SELECTOR`. */
export class LabelSelectorError extends FormatError {
  constructor(message: string) {
    super("INVALID_SELECTOR", message);
  }
}

/**
 * Compile a selector given in the string syntax of `kubectl -l` / the API's `labelSelector` parameter
 * (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, `a>1`, `a<1`, joined by commas)
 * or as a `metav1.LabelSelector` object. Keys and values are validated like Kubernetes validates them.
 */
export function compileLabelSelector(selector: string | LabelSelector | undefined): CompiledLabelSelector {
  const requirements =
    selector === undefined
      ? []
      : typeof selector === "string"
        ? parseLabelSelector(selector)
        : requirementsOf(selector);
  return {
    requirements,
    matches: (labels) => requirements.every((r) => requirementMatches(r, labels ?? {})),
    toString: () => requirements.map(formatRequirement).join(","),
  };
}

/** Parse the string syntax into requirements (sorted by key); an empty string gives none. */
export function parseLabelSelector(text: string): LabelRequirement[] {
  return new SelectorParser(text).parse().sort(compareRequirements);
}

/** Requirements of a `metav1.LabelSelector` object, validated as the API server validates it. */
export function requirementsOf(selector: LabelSelector): LabelRequirement[] {
  const out: LabelRequirement[] = [];
  const where = (s: string) => `invalid label selector: ${s}`;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    checkKey(key, where);
    if (typeof value !== "string")
      throw new LabelSelectorError(where(`matchLabels["${key}"] must be a string`));
    checkValue(value, where);
    out.push({ key, operator: "In", values: [value] });
  }
  for (const [i, expr] of (selector.matchExpressions ?? []).entries()) {
    const field = `matchExpressions[${i}]`;
    if (typeof expr?.key !== "string") throw new LabelSelectorError(where(`${field}.key must be a string`));
    checkKey(expr.key, where);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) {
          throw new LabelSelectorError(
            where(`${field}: values must be non-empty for operator ${expr.operator}`),
          );
        }
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) {
          throw new LabelSelectorError(where(`${field}: values must be empty for operator ${expr.operator}`));
        }
        break;
      default:
        throw new LabelSelectorError(
          where(
            `${field}: operator "${String(expr.operator)}" is not one of In, NotIn, Exists, DoesNotExist`,
          ),
        );
    }
    for (const v of values) checkValue(v, where);
    out.push({ key: expr.key, operator: expr.operator, values: uniqueSorted(values) });
  }
  return out.sort(compareRequirements);
}

function requirementMatches(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case "In":
    case "Equals":
      return has && r.values.includes(value!);
    case "NotIn":
    case "NotEquals":
      return !has || !r.values.includes(value!);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has || !/^-?\d+$/.test(value!)) return false;
      const actual = BigInt(value!);
      const bound = BigInt(r.values[0]);
      return r.operator === "Gt" ? actual > bound : actual < bound;
    }
  }
}

function formatRequirement(r: LabelRequirement): string {
  switch (r.operator) {
    case "Exists":
      return r.key;
    case "DoesNotExist":
      return `!${r.key}`;
    case "Equals":
      return `${r.key}=${r.values[0]}`;
    case "NotEquals":
      return `${r.key}!=${r.values[0]}`;
    case "Gt":
      return `${r.key}>${r.values[0]}`;
    case "Lt":
      return `${r.key}<${r.values[0]}`;
    case "In":
      return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(",")})`;
    case "NotIn":
      return `${r.key} notin (${r.values.join(",")})`;
  }
}

function compareRequirements(a: LabelRequirement, b: LabelRequirement): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.operator < b.operator ? -1 : a.operator > b.operator ? 1 : 0;
}

function uniqueSorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A qualified name: optional DNS-subdomain prefix (≤253) and `/`, then a name (≤63). */
function checkKey(key: string, where: (s: string) => string): void {
  const slash = key.indexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    throw new LabelSelectorError(
      where(`key "${key}": prefix must be a lowercase DNS subdomain of at most 253 characters`),
    );
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    throw new LabelSelectorError(
      where(
        `key "${key}": name must be 1-63 characters of [A-Za-z0-9-_.], starting and ending with an alphanumeric character`,
      ),
    );
  }
}

/** A label value: empty, or ≤63 characters like a name. */
function checkValue(value: string, where: (s: string) => string): void {
  if (value === "") return;
  if (value.length > 63 || !NAME.test(value)) {
    throw new LabelSelectorError(
      where(
        `value "${value}": must be empty or 1-63 characters of [A-Za-z0-9-_.], starting and ending with an alphanumeric character`,
      ),
    );
  }
}

type Token =
  | { kind: "word"; text: string; at: number }
  | { kind: "op"; text: "=" | "==" | "!=" | "!" | "(" | ")" | "," | ">" | "<"; at: number }
  | { kind: "end"; at: number };

const SPECIAL = new Set([" ", "\t", "\n", "\r", ",", "=", "!", "(", ")", "<", ">"]);

/** Recursive-descent parser over a small tokenizer; positions in errors are 0-based character offsets. */
class SelectorParser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parse(): LabelRequirement[] {
    const out: LabelRequirement[] = [];
    if (this.peek().kind === "end") return out;
    for (;;) {
      out.push(this.requirement());
      const t = this.next();
      if (t.kind === "end") return out;
      if (!(t.kind === "op" && t.text === ",")) throw this.error(t, 'expected "," or end of selector');
    }
  }

  private requirement(): LabelRequirement {
    const first = this.peek();
    if (first.kind === "op" && first.text === "!") {
      this.pos++;
      const key = this.key();
      return { key, operator: "DoesNotExist", values: [] };
    }
    const key = this.key();
    const t = this.peek();
    if (t.kind === "end" || (t.kind === "op" && t.text === ","))
      return { key, operator: "Exists", values: [] };
    this.pos++;
    if (t.kind === "word" && (t.text === "in" || t.text === "notin")) {
      return { key, operator: t.text === "in" ? "In" : "NotIn", values: this.valueSet(t.text) };
    }
    if (t.kind === "op" && (t.text === "=" || t.text === "==" || t.text === "!=")) {
      const value = this.value(`after "${t.text}"`);
      return { key, operator: t.text === "!=" ? "NotEquals" : "Equals", values: [value] };
    }
    if (t.kind === "op" && (t.text === ">" || t.text === "<")) {
      const v = this.next();
      if (v.kind !== "word" || !/^-?\d+$/.test(v.text))
        throw this.error(v, `expected an integer after "${t.text}"`);
      return { key, operator: t.text === ">" ? "Gt" : "Lt", values: [v.text] };
    }
    throw this.error(t, `expected an operator (=, ==, !=, in, notin, >, <), "," or end after key "${key}"`);
  }

  private key(): string {
    const t = this.next();
    if (t.kind !== "word") throw this.error(t, "expected a label key");
    checkKey(t.text, (s) => this.message(s));
    return t.text;
  }

  private value(context: string): string {
    const t = this.peek();
    // `a=` (empty value) is allowed, as in Kubernetes.
    if (t.kind === "end" || (t.kind === "op" && t.text === ",")) return "";
    this.pos++;
    if (t.kind !== "word") throw this.error(t, `expected a value ${context}`);
    checkValue(t.text, (s) => this.message(s));
    return t.text;
  }

  private valueSet(op: string): string[] {
    const open = this.next();
    if (!(open.kind === "op" && open.text === "(")) throw this.error(open, `expected "(" after "${op}"`);
    const values: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === "word") {
        this.pos++;
        checkValue(t.text, (s) => this.message(s));
        values.push(t.text);
      } else if (t.kind === "op" && (t.text === "," || t.text === ")")) {
        values.push(""); // an empty slot, as in `a in (x,)`, is the empty value
      } else {
        throw this.error(t, `expected a value or ")" in the "${op}" list`);
      }
      const sep = this.next();
      if (sep.kind === "op" && sep.text === ")") return uniqueSorted(values);
      if (!(sep.kind === "op" && sep.text === ","))
        throw this.error(sep, `expected "," or ")" in the "${op}" list`);
    }
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const t = this.tokens[this.pos];
    if (t.kind !== "end") this.pos++;
    return t;
  }

  private message(detail: string): string {
    return `invalid label selector "${this.text}": ${detail}`;
  }

  private error(t: Token, expected: string): LabelSelectorError {
    const found = t.kind === "end" ? "end of selector" : `"${t.text}" at position ${t.at}`;
    return new LabelSelectorError(this.message(`${expected}, found ${found}`));
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === "==" || two === "!=") {
      tokens.push({ kind: "op", text: two, at: i });
      i += 2;
      continue;
    }
    if (c === "=" || c === "!" || c === "(" || c === ")" || c === "," || c === ">" || c === "<") {
      tokens.push({ kind: "op", text: c, at: i });
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && !SPECIAL.has(text[i])) i++;
    tokens.push({ kind: "word", text: text.slice(start, i), at: start });
  }
  tokens.push({ kind: "end", at: text.length });
  return tokens;
}

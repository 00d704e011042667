import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  type Node,
  parseAllDocuments,
  Scalar,
} from "yaml";
import { YamlError } from "./errors.js";
import { kyamlFoldedValue } from "./folded.js";
import {
  formatGoFloat32,
  isIntegerText,
  parseYamlTimestamp,
  resolvePlainScalar,
  resolveTaggedYamlScalar,
  resolveYaml11Scalar,
  type YamlScalar,
} from "./scalars.js";

/**
 * A value read from YAML: plain JSON-like data. Integers that a JS number cannot print back digit for
 * digit (beyond 2^53 but within int64/uint64, e.g. `9007199254740993`) are `bigint`s, so that printing
 * reproduces them exactly as kustomize does; every other number is a `number`.
 */
export type YamlValue = YamlScalar | YamlValue[] | YamlMap;

/** A collection: what holds a mapping entry or a sequence item. */
export type YamlHolder = YamlMap | YamlValue[];

/** A YAML mapping as a plain object (string keys; `__proto__` is an ordinary own key). */
export interface YamlMap {
  [key: string]: YamlValue;
}

/** Options of {@link parseYaml} and {@link parseYamlStream}. */
export interface ParseYamlOptions {
  /** File name used in error messages. Default `<input>`. */
  file?: string;
  /**
   * Mapping keys that are not strings (`1: a`, `true: b`, `~: c`) below the top level of a document:
   * `"error"` (default) fails like kustomize does; `"stringify"` keeps the key's text. Keys of a
   * document's top-level mapping always become their text, as in kustomize. (The `sigs-yaml`
   * dialect always stringifies.)
   */
  nonStringKeys?: "error" | "stringify";
  /**
   * Which Go reader to match. `"kyaml"` (default): how `kustomize build` reads resource files (go-yaml
   * v3 through kyaml): `yes`/`on` are strings, timestamps print as RFC 3339, duplicate keys fail,
   * folded (`>`) scalars come out as kustomize's go-yaml v3 re-encoding leaves them.
   * `"sigs-yaml"`: sigs.k8s.io/yaml's `Unmarshal` (go-yaml v2, YAML 1.1), which kustomize uses for
   * kustomization files and Helm for values and Chart.yaml: `yes`/`no`/`on`/`off`/`y`/`n` are
   * booleans, timestamps keep their text, a repeated key takes the last value, every key becomes a
   * string (`1` → `"1"`, `0x10` → `"16"`, `true` → `"true"`), and a `<<` merge applies at its position
   * (later keys override it, earlier ones are overridden).
   */
  dialect?: "kyaml" | "sigs-yaml";
  /** Most values that alias expansion may create per document (protects against "billion laughs"). Default 1,000,000. */
  maxAliasExpansion?: number;
  /**
   * kyaml dialect: called for each mapping entry or sequence item written as an untagged plain scalar that
   * does not read as the string it spells (a number, boolean, null or timestamp: `1.50`, `0755`, `~`,
   * `2001-12-14`), with the map or array holding it, the key (an item's index as a decimal string) and
   * the text as written. Go readers keep that text beside the value (kustomize prints it for
   * annotations); the plain data cannot. Copies made by aliases and `<<` merges are reported too.
   */
  onPlainScalar?: (holder: YamlHolder, key: string, text: string) => void;
  /**
   * kyaml dialect: called for each mapping entry or sequence item written as a quoted (`'…'`, `"…"`) or
   * block (`|`, `>`) scalar. Go readers keep a node's style, and kustomize's field setter gives a value
   * written over such a field that style (a number patched over `"8080"` prints as a string).
   */
  onQuotedScalar?: (holder: YamlHolder, key: string) => void;
  /**
   * kyaml dialect: called for each mapping or sequence written in flow style (`{a: 1}`, `[1]`, and
   * `[a: 1]`'s one-pair mapping), also for copies made by aliases. Go writers keep a node's style, and
   * some scalars must be quoted in flow style that need no quotes in block style.
   */
  onFlowCollection?: (holder: YamlHolder) => void;
}

/** What the kyaml dialect reports of one mapping entry (see `onPlainScalar` and `onQuotedScalar`). */
type Report = { text?: string; quoted?: boolean };

const SEPARATOR = /\n---[^\n]*\n/g;
const CONTROL =
  /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const DOUBLE_QUOTE_ESCAPES = new Set([
  "0",
  "a",
  "b",
  "t",
  "\t",
  "n",
  "v",
  "f",
  "r",
  "e",
  " ",
  '"',
  "'",
  "\\",
  "N",
  "_",
  "L",
  "P",
  "x",
  "u",
  "U",
  "\n",
]);
const TAG_PREFIX = "tag:yaml.org,2002:";

/** Offsets → 1-based line/column over the whole (CRLF-normalised) input. */
class Positions {
  private starts: number[] | undefined;
  constructor(
    private readonly text: string,
    readonly file: string,
  ) {}

  at(offset: number): { line: number; column: number } {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf("\n"); i >= 0; i = this.text.indexOf("\n", i + 1))
        this.starts.push(i + 1);
    }
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  error(offset: number, reason: string, cause?: unknown): YamlError {
    return new YamlError({ file: this.file, ...this.at(offset), reason, cause });
  }
}

/** Copy of a converted value, counting what it creates. */
function cloneValue(
  value: YamlValue,
  budget: { left: number },
  onCopy?: (from: YamlHolder, to: YamlHolder) => void,
): YamlValue {
  budget.left--;
  if (value === null || typeof value !== "object") return value;
  let out: YamlHolder;
  if (Array.isArray(value)) out = value.map((v) => cloneValue(v, budget, onCopy));
  else {
    out = {};
    for (const key of Object.keys(value)) setKey(out, key, cloneValue(value[key], budget, onCopy));
  }
  onCopy?.(value, out);
  return out;
}

function setKey(target: YamlMap, key: string, value: YamlValue): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** The text of a scalar node (the merge tag makes the library hold a symbol). */
function scalarText(node: Scalar): string {
  const v = node.value;
  if (typeof v === "symbol") return v.description ?? "";
  return String(v ?? "");
}

function isPlainMap(value: YamlValue): value is YamlMap {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Turns one document's node tree into plain values, with go-yaml v3 + kyaml semantics. */
class Converter {
  private readonly anchors = new Map<string, Node>();
  private readonly done = new Map<Node, YamlValue>();
  private readonly inProgress = new Set<Node>();
  private readonly budget: { left: number };
  private readonly sigs: boolean;

  constructor(
    private readonly positions: Positions,
    private readonly source: string,
    private readonly at: (local: number) => number,
    private readonly options: ParseYamlOptions,
  ) {
    this.budget = { left: options.maxAliasExpansion ?? 1_000_000 };
    this.sigs = options.dialect === "sigs-yaml";
  }

  private fail(
    node: { range?: [number, number, number] | null } | null | undefined,
    reason: string,
  ): YamlError {
    return this.positions.error(this.at(node?.range?.[0] ?? 0), reason);
  }

  convert(node: unknown, root = false): YamlValue {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.alias(node.source, node);
    const n = node as Node;
    if (n.anchor) this.anchors.set(n.anchor, n);
    let value: YamlValue;
    this.inProgress.add(n);
    if (isScalar(n)) value = this.scalar(n);
    else if (isMap(n)) value = this.mapping(n.items, root, n.flow === true);
    else if (isSeq(n)) {
      const items: YamlValue[] = [];
      for (const item of n.items) {
        // `[a: b]` is a sequence holding a one-pair mapping.
        if (isPair(item)) items.push(this.mapping([item], false, true));
        else {
          const converted = this.convert(item);
          items.push(converted);
          this.reportScalar(items, String(items.length - 1), converted, item);
        }
      }
      if (n.flow && this.options.onFlowCollection) this.reportFlow(items);
      value = items;
    } else throw this.fail(n, "unsupported YAML node");
    this.inProgress.delete(n);
    if (n.anchor) this.done.set(n, value);
    return value;
  }

  private alias(name: string, node: { range?: [number, number, number] | null }): YamlValue {
    const target = this.anchors.get(name);
    if (!target) throw this.fail(node, `unknown anchor '${name}' referenced`);
    if (this.inProgress.has(target)) throw this.fail(node, `anchor '${name}' value contains itself`);
    const value = this.done.get(target) ?? null;
    const copy = cloneValue(value, this.budget, this.copyReports);
    if (this.budget.left < 0) throw this.fail(node, "document contains excessive aliasing");
    return copy;
  }

  private scalar(node: Scalar): YamlScalar {
    const text = scalarText(node);
    if (node.type === Scalar.QUOTE_DOUBLE) this.checkEscapes(node);
    if (node.tag && node.tag !== "!") {
      const r = resolveTaggedYamlScalar(node.tag, text);
      if ("error" in r) throw this.fail(node, r.error);
      return r.value;
    }
    if (node.type === Scalar.BLOCK_FOLDED && !this.sigs) return kyamlFoldedValue(text);
    if (node.tag === "!" || node.type !== Scalar.PLAIN) return text;
    return this.sigs ? resolveYaml11Scalar(text) : resolvePlainScalar(text);
  }

  /** go-yaml rejects escapes that YAML 1.2 added (`\/`) and escapes of surrogate code points. */
  private checkEscapes(node: Scalar): void {
    const range = node.range;
    if (!range) return;
    const raw = this.source.slice(range[0], range[1]);
    for (let i = raw.indexOf("\\"); i >= 0; i = raw.indexOf("\\", i + 2)) {
      const c = raw[i + 1];
      if (!DOUBLE_QUOTE_ESCAPES.has(c)) {
        throw this.positions.error(
          this.at(range[0] + i),
          "found unknown escape character while parsing a quoted scalar",
        );
      }
      if (c === "u" || c === "U") {
        const code = Number.parseInt(raw.slice(i + 2, i + (c === "u" ? 6 : 10)), 16);
        if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
          throw this.positions.error(
            this.at(range[0] + i),
            "found invalid Unicode character escape code while parsing a quoted scalar",
          );
        }
      }
    }
  }

  private isMergeKey(key: unknown): boolean {
    if (!isScalar(key) || scalarText(key) !== "<<") return false;
    if (key.tag) return key.tag === `${TAG_PREFIX}merge` || key.tag === "!!merge";
    return key.type === Scalar.PLAIN;
  }

  private keyOf(
    keyNode: unknown,
    root: boolean,
    fallback: { range?: [number, number, number] | null },
  ): string {
    if (keyNode === null || keyNode === undefined) throw this.fail(fallback, "mapping key is null");
    if (isAlias(keyNode)) {
      const value = this.alias(keyNode.source, keyNode);
      if (typeof value === "string") return value;
      throw this.fail(keyNode, "mapping key is not a string");
    }
    if (!isScalar(keyNode)) throw this.fail(keyNode as Node, "mapping key is not a scalar");
    const text = scalarText(keyNode);
    if (keyNode.type === Scalar.QUOTE_DOUBLE) this.checkEscapes(keyNode);
    const tag = keyNode.tag;
    const quoted = keyNode.type !== Scalar.PLAIN;
    let isString: boolean;
    let value: YamlScalar = text;
    if (tag && tag !== "!") {
      const r = resolveTaggedYamlScalar(tag, text);
      if ("error" in r) throw this.fail(keyNode, r.error);
      value = r.value;
      isString = tag === `${TAG_PREFIX}str` || tag === "!!str";
    } else if (quoted || tag === "!") {
      isString = true;
    } else if (this.sigs) {
      value = resolveYaml11Scalar(text);
      isString = typeof value === "string";
    } else {
      value = resolvePlainScalar(text);
      isString = typeof value === "string" && parseYamlTimestamp(text) === undefined;
    }
    if (isString) return typeof value === "string" ? value : text;
    if (this.sigs) return this.sigsKey(value, keyNode);
    if (value === null) throw this.fail(keyNode, `mapping key "${text}" is null`);
    // A document's top-level keys are decoded into Go strings, which takes the key's text.
    if (root || this.options.nonStringKeys === "stringify") return text;
    throw this.fail(keyNode, `mapping key ${text} is not a string (kustomize cannot serialize it)`);
  }

  /** sigs.k8s.io/yaml turns go-yaml v2 keys into JSON object keys this way. */
  private sigsKey(value: YamlScalar, node: Scalar): string {
    if (value === null) throw this.fail(node, "unsupported map key of type: <nil>");
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "number") {
      if (isIntegerText(scalarText(node))) return String(value);
      if (Number.isNaN(value)) return ".nan";
      if (!Number.isFinite(value)) return value > 0 ? ".inf" : "-.inf";
      return formatGoFloat32(value);
    }
    return String(value);
  }

  /** go-yaml v2 semantics: entries apply in order, so a `<<` merge is overridden by later keys only. */
  private mappingSigs(pairs: readonly unknown[]): YamlMap {
    const out: YamlMap = {};
    for (const p of pairs) {
      if (!isPair(p)) continue;
      if (this.isMergeKey(p.key)) {
        const sources = this.mergeSources(p.value, p.key as Scalar);
        for (let i = sources.length - 1; i >= 0; i--) {
          for (const key of Object.keys(sources[i]))
            setKey(out, key, cloneValue(sources[i][key], this.budget, this.copyReports));
        }
        if (this.budget.left < 0) throw this.fail(p.key as Scalar, "document contains excessive aliasing");
        continue;
      }
      const key = this.keyOf(p.key, false, p.value as Node);
      setKey(out, key, this.convert(p.value));
    }
    return out;
  }

  private mapping(pairs: readonly unknown[], root: boolean, flow: boolean): YamlMap {
    if (this.sigs) return this.mappingSigs(pairs);
    const out: YamlMap = {};
    const firstOffset = new Map<string, number>();
    // kyaml merges the value of the (single) `<<` merge key, then drops the first key spelled `<<`,
    // whatever its style: a quoted "<<" key vanishes from the output.
    let mergePair: unknown;
    let droppedPair: unknown;
    for (const p of pairs) {
      if (!isPair(p)) continue;
      if (this.isMergeKey(p.key)) {
        if (mergePair) throw this.fail(p.key as Scalar, "duplicate merge key");
        mergePair = p;
      }
      if (!droppedPair && isScalar(p.key) && scalarText(p.key) === "<<") droppedPair = p;
    }
    let merges: YamlMap[] | undefined;
    for (const p of pairs) {
      if (!isPair(p)) continue;
      if (p === mergePair) {
        merges = this.mergeSources(p.value, p.key as Scalar);
        continue;
      }
      if (p === droppedPair) {
        this.convert(p.value);
        continue;
      }
      const key = this.keyOf(p.key, root, p.value as Node);
      const keyOffset = this.at((p.key as Node | null)?.range?.[0] ?? 0);
      const previous = firstOffset.get(key);
      if (previous !== undefined) {
        const line = this.positions.at(previous).line;
        throw this.positions.error(
          keyOffset,
          `mapping key ${JSON.stringify(key)} already defined at line ${line}`,
        );
      }
      firstOffset.set(key, keyOffset);
      const value = this.convert(p.value);
      setKey(out, key, value);
      this.reportScalar(out, key, value, p.value);
    }
    if (merges) {
      // Explicit keys win; among merged maps the first listed wins.
      for (const source of merges) {
        for (const key of Object.keys(source)) {
          if (!Object.hasOwn(out, key)) {
            setKey(out, key, cloneValue(source[key], this.budget, this.copyReports));
            this.repeatReports(source, out, key);
          }
        }
      }
      if (this.budget.left < 0) throw this.fail(undefined, "document contains excessive aliasing");
    }
    if (flow && this.options.onFlowCollection) this.reportFlow(out);
    return out;
  }

  /**
   * {@link ParseYamlOptions.onPlainScalar} and `onQuotedScalar` for one entry or item (an alias reports
   * its anchored scalar).
   */
  private reportScalar(holder: YamlHolder, key: string, value: YamlValue, node: unknown): void {
    const { onPlainScalar, onQuotedScalar } = this.options;
    if (!onPlainScalar && !onQuotedScalar) return;
    const scalarNode = isAlias(node) ? this.anchors.get(node.source) : node;
    if (!isScalar(scalarNode)) return;
    if (scalarNode.type !== Scalar.PLAIN) {
      if (onQuotedScalar) this.report(holder, key, { quoted: true });
    } else if (onPlainScalar && !scalarNode.tag) {
      const text = scalarText(scalarNode);
      if (value !== text) this.report(holder, key, { text });
    }
  }

  /** What was reported per map and key, so that copies made by aliases and merges report it again. */
  private readonly reported = new WeakMap<YamlHolder, Map<string, Report>>();

  private report(holder: YamlHolder, key: string, what: Report): void {
    let entries = this.reported.get(holder);
    if (!entries) {
      entries = new Map();
      this.reported.set(holder, entries);
    }
    entries.set(key, what);
    if (what.text !== undefined) this.options.onPlainScalar?.(holder, key, what.text);
    if (what.quoted) this.options.onQuotedScalar?.(holder, key);
  }

  private repeatReports(from: YamlHolder, to: YamlHolder, key: string): void {
    const what = this.reported.get(from)?.get(key);
    if (what) this.report(to, key, what);
  }

  /** Collections reported as flow style (see `onFlowCollection`). */
  private readonly flowHolders = new WeakSet<YamlHolder>();

  private reportFlow(holder: YamlHolder): void {
    this.flowHolders.add(holder);
    this.options.onFlowCollection?.(holder);
  }

  private readonly copyReports = (from: YamlHolder, to: YamlHolder): void => {
    const entries = this.reported.get(from);
    if (entries) for (const key of entries.keys()) this.repeatReports(from, to, key);
    if (this.flowHolders.has(from)) this.reportFlow(to);
  };

  private mergeSources(valueNode: unknown, keyNode: Scalar): YamlMap[] {
    const one = (node: unknown, inSequence: boolean): YamlMap => {
      if (isSeq(node) && inSequence) throw this.fail(node, "invalid map merge: received a nested sequence");
      if (isAlias(node)) {
        const value = this.alias(node.source, node);
        if (!isPlainMap(value))
          throw this.fail(node, "invalid map merge: received alias for a non-map value");
        return value;
      }
      if (isMap(node)) return this.convert(node) as YamlMap;
      throw this.fail((node as Node) ?? keyNode, "map merge requires map or sequence of maps as the value");
    };
    if (isSeq(valueNode)) return valueNode.items.map((item) => one(item, true));
    return [one(valueNode, false)];
  }
}

/** Split like kustomize's reader: CRLF → LF, then at every line that starts with `---`. */
function splitDocuments(text: string, positions: Positions): { source: string; offset: number }[] {
  const pieces: { source: string; offset: number }[] = [];
  let prev = 0;
  SEPARATOR.lastIndex = 0;
  for (let m = SEPARATOR.exec(text); m; m = SEPARATOR.exec(text)) {
    const separator = m[0];
    const rest = separator.slice(4).trim();
    if (rest.length > 0 && rest[0] !== "#") {
      throw positions.error(m.index + 1, `invalid document separator: ${separator.trim()}`);
    }
    // The separator's leading newline ends the previous document's last line.
    pieces.push({ source: text.slice(prev, m.index) + "\n", offset: prev });
    prev = m.index + separator.length;
  }
  pieces.push({ source: text.slice(prev), offset: prev });
  return pieces;
}

function checkCharacters(text: string, positions: Positions): void {
  const m = CONTROL.exec(text);
  if (m) throw positions.error(m.index, "control characters are not allowed");
  const separator = /[\u2028\u2029]/.exec(text);
  if (separator) {
    // YAML 1.1 (go-yaml) reads these as line breaks that survive inside scalars; YAML 1.2 does not.
    const name = separator[0] === "\u2028" ? "U+2028 LINE SEPARATOR" : "U+2029 PARAGRAPH SEPARATOR";
    throw positions.error(
      separator.index,
      `unsupported raw ${name} (escape it as \\u${separator[0] === "\u2028" ? "2028" : "2029"} in a double-quoted string)`,
    );
  }
}

type Doc = Document.Parsed;

function parseFirst(source: string): Doc | undefined {
  const docs = parseAllDocuments(source, {
    schema: "failsafe",
    merge: false,
    uniqueKeys: false,
    // Tags such as !!binary and !!timestamp are resolved here, go-yaml style, not by the library.
    resolveKnownTags: false,
    prettyErrors: false,
  });
  return Array.isArray(docs) ? docs[0] : undefined;
}

/** The quoted scalar whose (truncated) text ends at `end`. */
function quotedScalarEndingAt(node: unknown, end: number): Scalar | undefined {
  if (isScalar(node)) {
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
    return quoted && node.range && node.range[0] < end && node.range[1] >= end ? node : undefined;
  }
  if (isPair(node)) return quotedScalarEndingAt(node.key, end) ?? quotedScalarEndingAt(node.value, end);
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items as unknown[]) {
      const found = quotedScalarEndingAt(item, end);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * go-yaml accepts continuation lines of a quoted scalar at any indentation; YAML 1.2 (and the `yaml`
 * library) wants them indented past the parent. Folding drops a continuation line's leading
 * whitespace, so indenting those lines further keeps the value: returns the re-indented source and
 * where spaces went, or undefined when the quote is really unclosed.
 */
function reindentQuoted(
  source: string,
  doc: Doc,
  errorAt: number,
): { source: string; inserted: [number, number][] } | undefined {
  const scalar = quotedScalarEndingAt(doc.contents, errorAt);
  if (!scalar?.range) return undefined;
  const open = scalar.range[0];
  const quote = source[open];
  let close = -1;
  for (let i = open + 1; i < source.length; i++) {
    const c = source[i];
    if (quote === '"' && c === "\\") i++;
    else if (c === quote) {
      if (quote === "'" && source[i + 1] === "'") i++;
      else {
        close = i;
        break;
      }
    }
  }
  if (close < 0) return undefined;
  const want = open - (source.lastIndexOf("\n", open) + 1) + 1;
  let out = "";
  let last = 0;
  const inserted: [number, number][] = [];
  for (let nl = source.indexOf("\n", open); nl >= 0 && nl < close; nl = source.indexOf("\n", nl + 1)) {
    let indent = 0;
    while (source[nl + 1 + indent] === " ") indent++;
    if (indent >= want) continue;
    out += source.slice(last, nl + 1) + " ".repeat(want - indent);
    inserted.push([out.length - (want - indent), want - indent]);
    last = nl + 1;
  }
  if (inserted.length === 0) return undefined;
  return { source: out + source.slice(last), inserted };
}

/** Parse the first document of one piece; undefined when it is empty or null. */
function parsePiece(
  piece: { source: string; offset: number },
  positions: Positions,
  options: ParseYamlOptions,
): YamlValue | undefined {
  let source = piece.source;
  const inserted: [number, number][] = [];
  // Local offset in the (possibly re-indented) source → offset in the whole input.
  const at = (local: number) => {
    let shift = 0;
    for (const [where, count] of inserted) if (where < local) shift += Math.min(count, local - where);
    return piece.offset + local - shift;
  };
  let doc = parseFirst(source);
  for (let attempt = 0; doc && attempt < 1000; attempt++) {
    const first = doc.errors[0];
    if (first?.code !== "MISSING_CHAR" || !/closing .?quote/.test(first.message)) break;
    const fixed = reindentQuoted(source, doc, first.pos[0]);
    if (!fixed) break;
    source = fixed.source;
    inserted.push(...fixed.inserted);
    doc = parseFirst(source);
  }
  if (!doc) return undefined;
  const first = doc.errors[0];
  if (first) {
    const reason = first.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "");
    throw positions.error(at(first.pos[0]), reason, first);
  }
  if (doc.contents === null) return undefined;
  const value = new Converter(positions, source, at, options).convert(doc.contents, true);
  return value === null ? undefined : value;
}

/**
 * Nesting the recursive parser below can take: past a few hundred levels it runs out of stack, and after
 * that the engine itself can abort the process. Deeper input is refused up front with a clear error.
 */
const MAX_NESTING = 500;

/** Lexer tokens that mark structure without standing for source text. */
const LEXER_MARKERS = new Set(["\x02", "\x18", "\x1f", "\u{FEFF}"]);

function checkNesting(text: string, positions: Positions): void {
  // Only text with many flow openers, or compact `- - ` chains, can nest that deep: skip the lexing pass otherwise.
  let openers = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) openers++;
  }
  if (openers <= MAX_NESTING && !text.includes("- - ")) return;
  let flow = 0;
  let itemsOnLine = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === "[" || token === "{") flow++;
    else if (token === "]" || token === "}") flow = Math.max(0, flow - 1);
    else if (token === "\n") itemsOnLine = 0;
    else if (token === "-" || token === "?") itemsOnLine++;
    if (flow > MAX_NESTING || itemsOnLine > MAX_NESTING) {
      throw positions.error(offset, `collections nested deeper than ${MAX_NESTING} levels`);
    }
    if (!LEXER_MARKERS.has(token)) offset += token.length;
  }
}

function prepare(text: string, options: ParseYamlOptions): { text: string; positions: Positions } {
  let normalised = text.includes("\r\n") ? text.replaceAll("\r\n", "\n") : text;
  // go-yaml's reader turns a raw NEL into a line feed wherever it appears.
  if (normalised.includes("\x85")) normalised = normalised.replaceAll("\x85", "\n");
  const positions = new Positions(normalised, options.file ?? "<input>");
  checkCharacters(normalised, positions);
  checkNesting(normalised, positions);
  return { text: normalised, positions };
}

/**
 * Parse a multi-document YAML stream the way `kustomize build` reads resource files: CRLF line ends
 * normalised, documents split at lines starting with `---` (a separator followed by anything but a
 * comment is an error, as in kustomize), empty and `null` documents dropped. Each document becomes
 * plain data ({@link YamlValue}) with anchors, aliases and `<<` merge keys resolved.
 *
 * Scalars resolve as go-yaml v3 resolves them for kustomize: `true`/`false` are booleans but
 * `yes`/`no`/`on`/`off` stay strings; `~`, `null` and empty values are null; `0x1F`, `010`, `0o10`,
 * `0b1`, `1_000` are integers; `1e3`, `.5`, `.inf` are floats; timestamps (`2001-12-14`) become
 * their RFC 3339 text (`"2001-12-14T00:00:00Z"`), which is what kustomize prints. Pass
 * `dialect: "sigs-yaml"` for files Go reads with sigs.k8s.io/yaml (kustomization.yaml, Helm values).
 *
 * Like go-yaml, continuation lines of quoted scalars may sit at any indentation and a raw NEL is a
 * line break; a raw U+2028/U+2029 is refused (go-yaml treats them as line breaks too).
 *
 * Throws a {@link YamlError} (code `YAML_PARSE`, with `file`, `line`, `column`) for malformed YAML,
 * duplicate keys, non-string keys in nested maps (unless `nonStringKeys: "stringify"`), control
 * characters, unknown escapes and excessive aliasing.
 *
 * @example parseYamlStream("a: 1\n---\nb: yes\n", { file: "x.yaml" }) // [{ a: 1 }, { b: "yes" }]
 */
export function parseYamlStream(text: string, options: ParseYamlOptions = {}): YamlValue[] {
  const prepared = prepare(text, options);
  const out: YamlValue[] = [];
  for (const piece of splitDocuments(prepared.text, prepared.positions)) {
    const value = parsePiece(piece, prepared.positions, options);
    if (value !== undefined) out.push(value);
  }
  return out;
}

/**
 * Parse YAML text that holds at most one document, with the rules of {@link parseYamlStream}. Returns
 * `null` for an empty document. More than one non-empty document is a {@link YamlError}.
 */
export function parseYaml(text: string, options: ParseYamlOptions = {}): YamlValue {
  const prepared = prepare(text, options);
  let result: YamlValue | undefined;
  for (const piece of splitDocuments(prepared.text, prepared.positions)) {
    const value = parsePiece(piece, prepared.positions, options);
    if (value === undefined) continue;
    if (result !== undefined) {
      throw prepared.positions.error(piece.offset, "expected a single YAML document, found several");
    }
    result = value;
  }
  return result ?? null;
}

/**
 * A YAML writer that makes the same decisions as go-yaml v2's emitter (libyaml's emitter, ported to Go)
 * when it marshals data decoded from JSON: block style, 2-space indent, sequences not indented under
 * their mapping key, empty collections as `[]`/`{}`, strings plain when go-yaml would read them back as
 * strings and otherwise single-, double-quoted or literal (`|`) exactly where go-yaml picks them, and
 * long scalars folded at spaces once the column passes the width.
 *
 * That is the output of sigs.k8s.io/yaml (`JSONToYAML`, `Marshal`), which both `kustomize build` and
 * Helm's `toYaml` use. The writer builds one string directly: no node objects, no event queue.
 */
import { YamlPrintError } from "./errors.js";
import { formatNumber, isPlainYamlString } from "./scalars.js";

/** Options of {@link GoYamlEmitter}. The defaults are go-yaml v2's. */
export interface GoYamlEmitterOptions {
  /** Preferred line width (go-yaml `best_width`): scalars fold at a space past this column. Default 80; `Infinity` never folds. */
  width?: number;
  /** Indentation step (go-yaml `best_indent`), 2 to 9. Default 2. */
  indent?: number;
  /** Sort mapping keys in go-yaml v2's natural order (default true), or keep the objects' key order. */
  sortKeys?: boolean;
}

enum Style {
  Plain,
  Single,
  Double,
  Literal,
}

export interface Analysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const EMPTY_ANALYSIS: Analysis = {
  multiline: false,
  flowPlainAllowed: false,
  blockPlainAllowed: true,
  singleQuotedAllowed: true,
  blockAllowed: false,
};

/** libyaml's notion of printable: LF, ASCII text, and BMP text except BOM and non-characters (no astral planes). */
function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

function isBreak(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

function isBlankOrBreakOrNul(cp: number): boolean {
  return cp === 0x20 || cp === 0x09 || cp === 0 || isBreak(cp);
}

/** Code point at `i` of `s` and its length in UTF-16 units. */
function codePointAt(s: string, i: number): number {
  return s.codePointAt(i) ?? 0;
}

/** What libyaml's `analyze_scalar` learns about a string: which styles may carry it. */
export function analyze(s: string): Analysis {
  const n = s.length;
  if (n === 0) return EMPTY_ANALYSIS;
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  if (s.startsWith("---") || s.startsWith("...")) {
    blockIndicators = true;
    flowIndicators = true;
  }
  for (let i = 0; i < n; ) {
    const cp = codePointAt(s, i);
    const w = cp > 0xffff ? 2 : 1;
    const next = i + w < n ? s.charCodeAt(i + w) : -1;
    const followedByWhitespace = next === -1 || next === 0x20 || next === 0x09;
    const first = i === 0;
    const last = i + w >= n;
    if (first) {
      switch (cp) {
        case 0x23: // #
        case 0x2c: // ,
        case 0x5b: // [
        case 0x5d: // ]
        case 0x7b: // {
        case 0x7d: // }
        case 0x26: // &
        case 0x2a: // *
        case 0x21: // !
        case 0x7c: // |
        case 0x3e: // >
        case 0x27: // '
        case 0x22: // "
        case 0x25: // %
        case 0x40: // @
        case 0x60: // `
          flowIndicators = true;
          blockIndicators = true;
          break;
        case 0x3f: // ?
        case 0x3a: // :
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x2d: // -
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (cp) {
        case 0x2c:
        case 0x3f:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
          flowIndicators = true;
          break;
        case 0x3a:
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x23:
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (!isPrintable(cp)) special = true;
    if (cp === 0x20) {
      if (first) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(cp)) {
      lineBreaks = true;
      if (first) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankOrBreakOrNul(cp);
    i += w;
  }
  const a: Analysis = {
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

/** UTF-8 length, which is what go-yaml measures a simple key by. */
function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLetter(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  return /\p{L}/u.test(String.fromCodePoint(cp));
}

function isDigit(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x30 && cp <= 0x39;
  return /\p{Nd}/u.test(String.fromCodePoint(cp));
}

function toRunes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; ) {
    const cp = codePointAt(s, i);
    out.push(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

/** A sequence of runes: a string of BMP characters read by code unit, or an array of code points. */
type Runes = string | number[];

function runeAt(r: Runes, i: number): number {
  return typeof r === "string" ? r.charCodeAt(i) : r[i];
}

/** Value of a run of digits as Go computes it in an int64 (wrapping on overflow). */
function digitRun(r: Runes, from: number, seed: number): { end: number; value: number | bigint } {
  let end = from;
  while (end < r.length && isDigit(runeAt(r, end))) end++;
  if (end - from <= 15) {
    let value = seed;
    for (let i = from; i < end; i++) value = value * 10 + (runeAt(r, i) - 0x30);
    return { end, value };
  }
  let value = BigInt(seed);
  for (let i = from; i < end; i++) value = BigInt.asIntN(64, value * 10n + BigInt(runeAt(r, i) - 0x30));
  return { end, value };
}

const SURROGATE = /[\ud800-\udfff]/;

/**
 * go-yaml v2's key order for string keys (its `keyList.Less`): letters compare by code point, a letter
 * sorts after a non-letter, and runs of digits compare by numeric value (`a2` < `a10`). Usable as a
 * sort comparator.
 */
export function compareGoYamlKeys(a: string, b: string): number {
  if (a === b) return 0;
  // Go compares runes; code units agree with them unless a surrogate pair is involved.
  const astral = SURROGATE.test(a) || SURROGATE.test(b);
  const ar: Runes = astral ? toRunes(a) : a;
  const br: Runes = astral ? toRunes(b) : b;
  const n = Math.min(ar.length, br.length);
  let i = 0;
  while (i < n && runeAt(ar, i) === runeAt(br, i)) i++;
  if (i === n) return ar.length < br.length ? -1 : ar.length > br.length ? 1 : 0;
  const ac = runeAt(ar, i);
  const bc = runeAt(br, i);
  const al = isLetter(ac);
  const bl = isLetter(bc);
  if (al && bl) return ac < bc ? -1 : 1;
  if (al || bl) return bl ? -1 : 1;
  let seed = 0;
  if (ac === 0x30 || bc === 0x30) {
    for (let j = i - 1; j >= 0 && isDigit(runeAt(ar, j)); j--) {
      if (runeAt(ar, j) !== 0x30) {
        seed = 1;
        break;
      }
    }
  }
  const an = digitRun(ar, i, seed);
  const bn = digitRun(br, i, seed);
  if (an.value < bn.value) return -1;
  if (an.value > bn.value) return 1;
  if (an.end !== bn.end) return an.end < bn.end ? -1 : 1;
  return ac < bc ? -1 : 1;
}

/** go-yaml v2's `keyList.Less` for two string keys. */
export function goYamlKeyLess(a: string, b: string): boolean {
  return compareGoYamlKeys(a, b) < 0;
}

const SPACES: string[] = [];

function spaces(n: number): string {
  if (n >= 64) return " ".repeat(n);
  let cached = SPACES[n];
  if (cached === undefined) {
    cached = " ".repeat(n);
    SPACES[n] = cached;
  }
  return cached;
}

const SUSPICIOUS = /[\x7f-\x9f\ud800-\udfff\ufffe\uffff]/;
const REJECTED_BY_READER = /[\x7f-\x84\x86-\x9f\ufffe\uffff]/;

/**
 * What a string becomes after `json.Marshal` and go-yaml v2 reading that JSON back: broken surrogates
 * turn into U+FFFD, a raw NEL (U+0085) is a line break inside the quoted JSON string and folds like
 * one, and characters the YAML reader refuses (DEL, C1 controls, U+FFFE/U+FFFF) fail the whole print.
 */
function throughJson(s: string, path: string, isKey = false): string {
  if (!SUSPICIOUS.test(s)) return s;
  let out = s;
  if (/[\ud800-\udfff]/.test(out)) out = toWellFormed(out);
  if (REJECTED_BY_READER.test(out)) {
    throw new YamlPrintError({ path, reason: "yaml: control characters are not allowed" });
  }
  if (!out.includes("\x85")) return out;
  // A JSON object key is a simple key, which may not span lines.
  if (isKey) throw new YamlPrintError({ path, reason: "yaml: did not find expected ',' or '}'" });
  return foldNel(out);
}

function toWellFormed(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i] + s[i + 1];
        i++;
        continue;
      }
    }
    out += c >= 0xd800 && c <= 0xdfff ? "\ufffd" : s[i];
  }
  return out;
}

/** Line folding of a double-quoted scalar whose only raw line breaks are NEL characters. */
function foldNel(s: string): string {
  let out = "";
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && s[i] !== " " && s[i] !== "\x85") out += s[i++];
    if (i >= n) break;
    let whitespace = "";
    let leadingBlanks = false;
    let trailingBreaks = "";
    while (i < n && (s[i] === " " || s[i] === "\x85")) {
      if (s[i] === " ") {
        if (!leadingBlanks) whitespace += " ";
      } else if (!leadingBlanks) {
        whitespace = "";
        leadingBlanks = true;
      } else {
        trailingBreaks += "\n";
      }
      i++;
    }
    out += leadingBlanks ? trailingBreaks || " " : whitespace;
  }
  return out;
}

function escapeFor(cp: number): string {
  switch (cp) {
    case 0x00:
      return "\\0";
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x09:
      return "\\t";
    case 0x0a:
      return "\\n";
    case 0x0b:
      return "\\v";
    case 0x0c:
      return "\\f";
    case 0x0d:
      return "\\r";
    case 0x1b:
      return "\\e";
    case 0x22:
      return '\\"';
    case 0x5c:
      return "\\\\";
    case 0x85:
      return "\\N";
    case 0xa0:
      return "\\_";
    case 0x2028:
      return "\\L";
    case 0x2029:
      return "\\P";
  }
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return "\\x" + hex.padStart(2, "0");
  if (cp <= 0xffff) return "\\u" + hex.padStart(4, "0");
  return "\\U" + hex.padStart(8, "0");
}

/**
 * One go-yaml v2 emitter: call {@link GoYamlEmitter.document} once per document. The state fields
 * mirror libyaml's (`column`, `indent`, `whitespace`, `indention`) because the folding and spacing
 * rules are defined in their terms.
 */
export class GoYamlEmitter {
  private readonly bestWidth: number;
  private readonly bestIndent: number;
  private readonly sortKeys: boolean;
  private out = "";
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;
  private readonly ancestors = new Set<object>();
  private readonly keyStyles = new Map<string, Style>();
  private readonly valueStyles = new Map<string, Style>();

  constructor(options: GoYamlEmitterOptions = {}) {
    const indent = options.indent ?? 2;
    this.bestIndent = indent >= 2 && indent <= 9 ? Math.floor(indent) : 2;
    const width = options.width ?? 80;
    this.bestWidth = width < 0 ? Number.POSITIVE_INFINITY : width <= this.bestIndent * 2 ? 80 : width;
    this.sortKeys = options.sortKeys ?? true;
  }

  /** The YAML text of one document holding `value`, ending in a newline. */
  document(value: unknown): string {
    this.out = "";
    this.column = 0;
    this.indent = -1;
    this.indents.length = 0;
    this.whitespace = true;
    this.indention = true;
    this.flowLevel = 0;
    this.ancestors.clear();
    try {
      this.node(value, false, false, "");
    } catch (err) {
      if (err instanceof RangeError)
        throw new YamlPrintError({ path: "", reason: "value nested too deeply", cause: err });
      throw err;
    }
    this.writeIndent();
    return this.out;
  }

  private node(value: unknown, mapping: boolean, simpleKey: boolean, path: string): void {
    if (value === null || value === undefined) {
      this.plain("null");
    } else if (typeof value === "boolean") {
      this.plain(value ? "true" : "false");
    } else if (typeof value === "number" || typeof value === "bigint") {
      const text = formatNumber(value);
      if (text === undefined)
        throw new YamlPrintError({ path, reason: `json: unsupported value: ${String(value)}` });
      this.plain(text);
    } else if (typeof value === "string") {
      this.string(throughJson(value, path), simpleKey);
    } else if (typeof value === "object") {
      if (this.ancestors.has(value)) throw new YamlPrintError({ path, reason: "value contains a cycle" });
      this.ancestors.add(value);
      if (Array.isArray(value)) this.sequence(value, mapping, path);
      else this.mapping(value as Record<string, unknown>, path);
      this.ancestors.delete(value);
    } else {
      throw new YamlPrintError({ path, reason: `unsupported type: ${typeof value}` });
    }
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  private sequence(items: unknown[], mapping: boolean, path: string): void {
    if (items.length === 0) {
      this.emptyFlow("[", "]");
      return;
    }
    // Under a mapping key the dash sits at the key's column (libyaml's "indentless" sequence).
    this.increaseIndent(false, mapping && !this.indention);
    for (let i = 0; i < items.length; i++) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(items[i] === undefined ? null : items[i], false, false, `${path}/${i}`);
    }
    this.popIndent();
  }

  private mapping(obj: Record<string, unknown>, path: string): void {
    const entries: [key: string, raw: string][] = [];
    for (const raw of Object.keys(obj)) {
      if (obj[raw] !== undefined) entries.push([throughJson(raw, `${path}/${raw}`, true), raw]);
    }
    if (entries.length === 0) {
      this.emptyFlow("{", "}");
      return;
    }
    if (this.sortKeys && entries.length > 1) entries.sort((x, y) => compareGoYamlKeys(x[0], y[0]));
    this.increaseIndent(false, false);
    for (const [key, rawKey] of entries) {
      const childPath = `${path}/${rawKey}`;
      this.writeIndent();
      if (this.isSimpleKey(key)) {
        this.string(key, true);
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.string(key, false);
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(obj[rawKey], true, false, childPath);
    }
    this.popIndent();
  }

  private isSimpleKey(key: string): boolean {
    for (let i = 0; i < key.length; i++) {
      if (isBreak(key.charCodeAt(i))) return false;
    }
    return utf8Length(key) <= 128;
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private string(s: string, simpleKey: boolean): void {
    // Keys and many values repeat across documents: remember the style chosen for each.
    const cache = simpleKey ? this.keyStyles : this.valueStyles;
    const cacheable = this.flowLevel === 0 && s.length <= 64;
    let style = cacheable ? cache.get(s) : undefined;
    if (style === undefined) {
      style = this.chooseStyle(s, simpleKey);
      if (cacheable) {
        if (cache.size >= 20_000) cache.clear();
        cache.set(s, style);
      }
    }
    this.increaseIndent(true, false);
    const allowBreaks = !simpleKey;
    switch (style) {
      case Style.Plain:
        this.writePlain(s, allowBreaks);
        break;
      case Style.Single:
        this.writeSingleQuoted(s, allowBreaks);
        break;
      case Style.Double:
        this.writeDoubleQuoted(s, allowBreaks);
        break;
      case Style.Literal:
        this.writeLiteral(s);
        break;
    }
    this.popIndent();
  }

  /** libyaml's `select_scalar_style` after go-yaml's encoder asked for literal, plain or double-quoted. */
  private chooseStyle(s: string, simpleKey: boolean): Style {
    const a = analyze(s);
    let style = s.includes("\n") ? Style.Literal : isPlainYamlString(s) ? Style.Plain : Style.Double;
    if (simpleKey && a.multiline) style = Style.Double;
    if (style === Style.Plain) {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) {
        style = Style.Single;
      }
      if (s.length === 0 && (this.flowLevel > 0 || simpleKey)) style = Style.Single;
    }
    if (style === Style.Single && !a.singleQuotedAllowed) style = Style.Double;
    if (style === Style.Literal && (!a.blockAllowed || this.flowLevel > 0 || simpleKey)) style = Style.Double;
    return style;
  }

  /** A scalar that is known to be plain-safe (null, booleans, numbers). */
  private plain(text: string): void {
    this.increaseIndent(true, false);
    this.writePlain(text, false);
    this.popIndent();
  }

  private put(text: string): void {
    this.out += text;
    this.column += text.length;
  }

  private putBreak(): void {
    this.out += "\n";
    this.column = 0;
  }

  /** A line break character of the value itself: `\n` as a newline, others (LS, PS) copied. */
  private writeBreak(ch: string): void {
    if (ch === "\n") this.putBreak();
    else {
      this.out += ch;
      this.column = 0;
    }
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    if (this.column < indent) this.out += spaces(indent - this.column);
    this.column = Math.max(this.column, indent);
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private writePlain(s: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    // Plain scalars hold no astral characters (those force double quotes), so length = columns.
    if (!allowBreaks || this.column + s.length <= this.bestWidth + 1 || !s.includes(" ")) {
      this.put(s);
    } else {
      let spaces = false;
      for (let i = 0; i < s.length; i++) {
        const ch = s[i];
        if (ch === " ") {
          if (!spaces && this.column > this.bestWidth && s[i + 1] !== " ") this.writeIndent();
          else this.put(" ");
          spaces = true;
        } else {
          this.put(ch);
          this.indention = false;
          spaces = false;
        }
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(s: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const last = s.length - 1;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      const c = s.charCodeAt(i);
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < last && s[i + 1] !== " ") {
          this.writeIndent();
        } else {
          this.put(" ");
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c === 0x27 ? "''" : ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(s: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    // libyaml checks for a byte order mark at the start of the value for every character.
    const bomStart = s.charCodeAt(0) === 0xfeff;
    const n = s.length;
    for (let i = 0; i < n; ) {
      const cp = codePointAt(s, i);
      const w = cp > 0xffff ? 2 : 1;
      if (bomStart || !isPrintable(cp) || isBreak(cp) || cp === 0x22 || cp === 0x5c) {
        this.put(escapeFor(cp));
        spaces = false;
      } else if (cp === 0x20) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < n - 1) {
          this.writeIndent();
          if (s.charCodeAt(i + 1) === 0x20) this.put("\\");
        } else {
          this.put(" ");
        }
        spaces = true;
      } else {
        this.out += s.slice(i, i + w);
        this.column++;
        spaces = false;
      }
      i += w;
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(s: string): void {
    this.writeIndicator("|", true, false, false);
    const first = s.charCodeAt(0);
    if (first === 0x20 || isBreak(first)) this.writeIndicator(String(this.bestIndent), false, false, false);
    const lastCp = codePointAt(s, s.length - 1);
    let chomp = "";
    if (!isBreak(lastCp)) chomp = "-";
    else if (s.length === 1) chomp = "+";
    else if (isBreak(s.charCodeAt(s.length - 2))) chomp = "+";
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    let start = -1;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (isBreak(c)) {
        if (start >= 0) {
          this.put(s.slice(start, i));
          start = -1;
        }
        this.writeBreak(s[i]);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) {
          this.writeIndent();
          start = i;
        }
        this.indention = false;
        breaks = false;
      }
    }
    if (start >= 0) this.put(s.slice(start));
  }
}

/**
 * A fast reader for the block-style YAML that chart repository tools write (`helm repo index`,
 * chart-releaser, ChartMuseum): block mappings and sequences, plain / single / double-quoted scalars
 * on one line, literal and folded block scalars, empty and simple flow collections, comments.
 *
 * It reads a 20 MB index in a fraction of the time and memory of a general YAML parser because it
 * works line by line on the string, allocates only the values it returns and never builds a node
 * tree. Anything outside that subset (anchors, aliases, tags, multi-line plain or quoted scalars,
 * nested flow collections, complex keys, several documents) makes it give up by returning
 * `undefined`, and the caller falls back to the general parser, so the result never depends on
 * which reader ran.
 *
 * Plain scalars are resolved as go-yaml v2 (YAML 1.1) resolves them when decoding into `interface{}`:
 * `~`/`null` → null, `true`/`yes`/`on`/... → booleans, integers and floats → numbers, timestamps stay
 * strings.
 *
 * @module
 */

/** A value as read: JSON-like data. */
export type BlockYamlValue = null | boolean | number | bigint | string | BlockYamlValue[] | BlockYamlMap;

/** A mapping as a plain object. */
export interface BlockYamlMap {
  [key: string]: BlockYamlValue;
}

/** Thrown internally when the input leaves the supported subset. */
class Unsupported extends Error {}

/** A mapping key seen twice (go-yaml's strict mode refuses these). */
export class DuplicateKeyError extends Error {
  constructor(
    readonly key: string,
    readonly line: number,
  ) {
    super(`line ${line}: mapping key "${key}" already defined`);
  }
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** Options of {@link readBlockYaml}. */
export interface ReadBlockYamlOptions {
  /**
   * Leave out some values of one mapping without reading them: the mapping reached from the root
   * through the keys `path` (mappings only), and there every key for which `keep` returns false. A
   * skipped value is passed over by indentation alone, which is what makes reading one chart of a
   * large index fast.
   */
  skip?: { path: readonly string[]; keep: (key: string) => boolean };
}

/**
 * Read `text` as one YAML document. Returns `{ value }`, or `undefined` when the text uses YAML that
 * this reader does not handle (the caller then uses a general YAML parser). Throws
 * `DuplicateKeyError` for a key repeated in one mapping.
 */
export function readBlockYaml(
  text: string,
  options: ReadBlockYamlOptions = {},
): { value: BlockYamlValue } | undefined {
  try {
    return { value: new Reader(text, options.skip).document() };
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

class Reader {
  private readonly text: string;
  private readonly length: number;
  /** Start of the current line. */
  private start = 0;
  /** End of the current line's content (before `\r\n` / `\n`). */
  private end = 0;
  /** Start of the next line. */
  private next = 0;
  /** Column where the current node starts (the line's indentation, or further right for `- key: v`). */
  private indent = 0;
  /** The key found by the last successful {@link findKey}, and the offset after its colon. */
  private key = "";
  private keyEnd = 0;
  /** Results of {@link bounds} and {@link plainLine}. */
  private boundEnd = 0;
  private boundNext = 0;
  private plainStop = 0;
  private plainComment = false;
  /** 1-based line number of the current line. */
  private line = 0;
  private eof = false;

  /** Resolved plain keys by their text. */
  private readonly keys = new Map<string, string>();
  /** Keys from the root to the node being read (`""` for a sequence item). */
  private readonly route: string[] = [];

  constructor(
    text: string,
    private readonly skip?: ReadBlockYamlOptions["skip"],
  ) {
    this.text = text;
    this.length = text.length;
    // A byte order mark is allowed before the document.
    if (text.charCodeAt(0) === 0xfeff) this.next = 1;
  }

  document(): BlockYamlValue {
    this.advance();
    if (!this.eof && this.text.charCodeAt(this.start) === 0x25 /* % */) throw new Unsupported();
    if (!this.eof && this.isMarker("---")) {
      if (this.end > this.start + 3) throw new Unsupported();
      this.advance();
    }
    let value: BlockYamlValue = null;
    if (!this.eof) {
      if (this.indent !== 0) throw new Unsupported();
      value = this.node(-1);
    }
    if (!this.eof && this.isMarker("...")) this.advance();
    if (!this.eof) throw new Unsupported();
    return value;
  }

  /** Whether the current line is a `---` or `...` document marker. */
  private atMarker(): boolean {
    return this.indent === 0 && (this.isMarker("---") || this.isMarker("..."));
  }

  private isMarker(marker: string): boolean {
    if (!this.text.startsWith(marker, this.start)) return false;
    const c = this.text.charCodeAt(this.start + 3);
    return this.start + 3 >= this.end || c === SPACE || c === TAB;
  }

  /** Move to the next line that holds content (skipping blank and comment-only lines). */
  private advance(): void {
    const text = this.text;
    for (;;) {
      if (this.next >= this.length) {
        this.eof = true;
        this.start = this.end = this.length;
        return;
      }
      const start = this.next;
      let nl = text.indexOf("\n", start);
      if (nl < 0) nl = this.length;
      this.next = nl + 1;
      this.line++;
      let end = nl;
      if (end > start && text.charCodeAt(end - 1) === CR) end--;
      let i = start;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      if (i === end) continue;
      const c = text.charCodeAt(i);
      if (c === HASH) continue;
      if (c === TAB) {
        // A tab in the indentation is either an error or white space before a comment.
        let j = i;
        while (j < end && (text.charCodeAt(j) === TAB || text.charCodeAt(j) === SPACE)) j++;
        if (j === end || text.charCodeAt(j) === HASH) continue;
        throw new Unsupported();
      }
      this.start = start;
      this.end = end;
      this.indent = i - start;
      return;
    }
  }

  /** The column of the current node's first character. */
  private get col(): number {
    return this.start + this.indent;
  }

  /** Whether the current node is a sequence entry (`-` followed by a space or the end of the line). */
  private atDash(): boolean {
    const at = this.col;
    if (this.text.charCodeAt(at) !== DASH) return false;
    const c = this.text.charCodeAt(at + 1);
    return at + 1 >= this.end || c === SPACE || c === TAB;
  }

  /** A block node starting on the current line, indented more than `parent`. */
  private node(parent: number): BlockYamlValue {
    if (this.atDash()) return this.sequence(this.indent);
    if (!this.findKey()) {
      // A lone scalar as a block node (`key:\n  value`): read it and require nothing after it.
      const value = this.inlineValue(this.col, parent);
      return value;
    }
    return this.mapping(this.indent);
  }

  /** A block sequence whose dashes are at column `indent`. */
  private sequence(indent: number): BlockYamlValue[] {
    const items: BlockYamlValue[] = [];
    this.route.push("");
    while (!this.eof && this.indent === indent && this.atDash() && !this.atMarker()) {
      let at = this.col + 1;
      while (at < this.end && this.text.charCodeAt(at) === SPACE) at++;
      if (at < this.end && this.text.charCodeAt(at) === TAB) throw new Unsupported();
      if (at >= this.end || this.text.charCodeAt(at) === HASH) {
        // `-` alone: the item is on the following lines, or null.
        this.advance();
        if (!this.eof && this.indent > indent) items.push(this.node(indent));
        else items.push(null);
        continue;
      }
      // Compact forms: `- - x`, `- key: value`; the nested node starts at column `at`.
      const saved = this.indent;
      this.indent = at - this.start;
      if (this.atDash()) {
        items.push(this.sequence(this.indent));
      } else if (this.findKey()) {
        items.push(this.mapping(this.indent));
      } else {
        this.indent = saved;
        items.push(this.inlineValue(at, indent));
      }
    }
    this.route.pop();
    if (!this.eof && this.indent > indent) throw new Unsupported();
    return items;
  }

  /** A block mapping whose keys are at column `indent`. */
  private mapping(indent: number): BlockYamlMap {
    const map: BlockYamlMap = {};
    const skip = this.skip && sameRoute(this.route, this.skip.path) ? this.skip.keep : undefined;
    while (!this.eof && this.indent === indent && !this.atDash() && !this.atMarker()) {
      if (!this.findKey()) throw new Unsupported();
      const key = this.key;
      const after = this.keyEnd;
      if (Object.hasOwn(map, key)) throw new DuplicateKeyError(key, this.line);
      if (skip && !skip(key)) {
        this.skipValue(indent);
        continue;
      }
      this.route.push(key);
      const value = this.mappingValue(after, indent);
      this.route.pop();
      setKey(map, key, value);
    }
    if (!this.eof && this.indent > indent) throw new Unsupported();
    return map;
  }

  /** Pass over the value of a key at column `indent`: every following line indented more, or a sequence at `indent`. */
  private skipValue(indent: number): void {
    this.advance();
    while (!this.eof && (this.indent > indent || (this.indent === indent && this.atDash()))) this.advance();
  }

  /** The value of a mapping key whose colon ends at `after`, in a mapping at column `indent`. */
  private mappingValue(after: number, indent: number): BlockYamlValue {
    let at = after;
    while (at < this.end && this.text.charCodeAt(at) === SPACE) at++;
    let value: BlockYamlValue;
    if (at >= this.end || this.text.charCodeAt(at) === HASH) {
      this.advance();
      if (!this.eof && this.indent > indent) value = this.node(indent);
      else if (!this.eof && this.indent === indent && this.atDash()) value = this.sequence(indent);
      else value = null;
    } else {
      if (this.text.charCodeAt(at) === TAB) throw new Unsupported();
      value = this.inlineValue(at, indent);
    }
    return value;
  }

  /**
   * The key of a `key: value` line starting at the current node's column, with the offset after its
   * colon; `undefined` when the line is not a mapping entry.
   */
  private findKey(): boolean {
    const text = this.text;
    const at = this.col;
    const end = this.end;
    const c = text.charCodeAt(at);
    if (c === DQUOTE || c === SQUOTE) {
      const quoted = this.quoted(at);
      let i = quoted.end;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) !== COLON) return false;
      const n = text.charCodeAt(i + 1);
      if (i + 1 < end && n !== SPACE && n !== TAB) return false;
      this.key = quoted.value;
      this.keyEnd = i + 1;
      return true;
    }
    if (!startsPlain(text, at, end)) {
      if (c === 0x3f /* ? */ || c === 0x26 /* & */ || c === 0x21 /* ! */ || c === 0x2a /* * */)
        throw new Unsupported();
      return false;
    }
    let i = text.indexOf(":", at);
    if (i >= end) return false;
    while (i >= 0 && i < end) {
      const n = text.charCodeAt(i + 1);
      if (i + 1 >= end || n === SPACE || n === TAB) {
        // A comment before the colon means this is not a key.
        for (let h = at + 1; h < i; h++) {
          if (text.charCodeAt(h) === HASH && text.charCodeAt(h - 1) === SPACE) return false;
        }
        let k = i;
        while (k > at && text.charCodeAt(k - 1) === SPACE) k--;
        const raw = text.slice(at, k);
        // Keys repeat across entries: resolving each once, and reusing one string per key, saves
        // both the resolution and the property-name lookups of the copies.
        let key = this.keys.get(raw);
        if (key === undefined) {
          key = plainKey(raw);
          if (this.keys.size < 4096) this.keys.set(raw, key);
        }
        this.key = key;
        this.keyEnd = i + 1;
        return true;
      }
      i = text.indexOf(":", i + 1);
    }
    return false;
  }

  /**
   * A value starting at offset `at` of the current line (a scalar, a block scalar header or a flow
   * collection), inside a collection at column `parent`. Leaves the reader on the next node's line.
   */
  private inlineValue(at: number, parent: number): BlockYamlValue {
    const c = this.text.charCodeAt(at);
    if (c === 0x7c /* | */ || c === 0x3e /* > */) return this.blockScalar(at, parent);
    if (c === DQUOTE || c === SQUOTE) {
      const q = this.quoted(at, parent);
      this.finishLine(q.end, q.lineEnd, q.next, q.lines, parent);
      return q.value;
    }
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      const flow = this.flow(at);
      this.finishLine(flow.end, this.end, this.next, 0, parent);
      return flow.value;
    }
    return this.plain(at, parent);
  }

  /**
   * After a quoted scalar or flow collection ending at `end` (on a line whose content ends at
   * `lineEnd`, `lines` lines below the current one): only a comment may follow on that line, and the
   * next node must not be indented beyond `parent`.
   */
  private finishLine(end: number, lineEnd: number, next: number, lines: number, parent: number): void {
    const text = this.text;
    let i = end;
    while (i < lineEnd && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
    if (i < lineEnd && !(text.charCodeAt(i) === HASH && i > end)) throw new Unsupported();
    this.next = next;
    this.line += lines;
    this.advance();
    if (!this.eof && this.indent > parent) throw new Unsupported();
  }

  /** Content end and next line start of the line starting at `pos`. */
  private bounds(pos: number): void {
    let nl = this.text.indexOf("\n", pos);
    if (nl < 0) nl = this.length;
    this.boundEnd = nl > pos && this.text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    this.boundNext = nl + 1;
  }

  /**
   * A plain scalar: the rest of the line up to a comment, continued by following lines indented beyond
   * `parent` (folded: one line break becomes a space, each empty line a line break).
   */
  private plain(at: number, parent: number): BlockYamlValue {
    const text = this.text;
    if (!startsPlain(text, at, this.end)) throw new Unsupported();
    this.plainLine(at, this.end);
    let value = text.slice(at, this.plainStop);
    let multiLine = false;
    if (!this.plainComment) {
      let pos = this.next;
      let lines = 0;
      let breaks = 0;
      while (pos < this.length) {
        this.bounds(pos);
        const end = this.boundEnd;
        const next = this.boundNext;
        let k = pos;
        while (k < end && text.charCodeAt(k) === SPACE) k++;
        if (k === end) {
          breaks++;
          lines++;
          pos = next;
          continue;
        }
        const ch = text.charCodeAt(k);
        if (k - pos <= parent || ch === HASH) break;
        if (ch === TAB) throw new Unsupported();
        if (k === pos && (text.startsWith("---", k) || text.startsWith("...", k))) break;
        this.plainLine(k, end);
        value += (breaks === 0 ? " " : "\n".repeat(breaks)) + text.slice(k, this.plainStop);
        multiLine = true;
        lines++;
        breaks = 0;
        pos = next;
        // Commit the lines read so far as part of the scalar.
        this.next = pos;
        this.line += lines;
        lines = 0;
        if (this.plainComment) break;
      }
    }
    this.advance();
    if (!this.eof && this.indent > parent) throw new Unsupported();
    // A folded multi-line scalar always contains white space, so it is a string.
    return multiLine ? value : resolvePlain(value);
  }

  /** One line of a plain scalar from `at` to `end`: where its text stops and whether a comment follows. */
  private plainLine(at: number, end: number): void {
    const text = this.text;
    let stop = end;
    let comment = false;
    for (let i = at; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === HASH && i > at && (text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === TAB)) {
        stop = i;
        comment = true;
        break;
      }
      if (ch === COLON) {
        const n = text.charCodeAt(i + 1);
        // `a: b: c` is an error in YAML; let the general parser report it.
        if (i + 1 >= end || n === SPACE || n === TAB) throw new Unsupported();
      }
    }
    while (stop > at && (text.charCodeAt(stop - 1) === SPACE || text.charCodeAt(stop - 1) === TAB)) stop--;
    this.plainStop = stop;
    this.plainComment = comment;
  }

  /**
   * A single- or double-quoted scalar starting at `at`. With `parent` it may continue on following
   * lines indented beyond `parent` (folded as YAML folds flow scalars); without it (keys, flow items)
   * it must close on the same line.
   */
  private quoted(
    at: number,
    parent?: number,
  ): { value: string; end: number; lineEnd: number; next: number; lines: number } {
    const text = this.text;
    const double = text.charCodeAt(at) === DQUOTE;
    let lineEnd = this.end;
    let next = this.next;
    let lines = 0;
    let out = "";
    /** Length of `out` that a line break must not trim (escaped characters). */
    let keep = 0;
    let i = at + 1;
    let chunk = i;
    const lineBreak = (escaped: boolean): void => {
      if (parent === undefined) throw new Unsupported();
      out += text.slice(chunk, i);
      if (!escaped) {
        let t = out.length;
        while (t > keep && (out.charCodeAt(t - 1) === SPACE || out.charCodeAt(t - 1) === TAB)) t--;
        out = out.slice(0, t);
      }
      let breaks = 0;
      let pos = next;
      for (;;) {
        if (pos >= this.length) throw new Unsupported();
        this.bounds(pos);
        const b = { end: this.boundEnd, next: this.boundNext };
        lines++;
        let k = pos;
        while (k < b.end && (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB)) k++;
        if (k === b.end) {
          breaks++;
          pos = b.next;
          continue;
        }
        let spaces = 0;
        while (text.charCodeAt(pos + spaces) === SPACE) spaces++;
        if (spaces <= parent) throw new Unsupported();
        i = chunk = k;
        lineEnd = b.end;
        next = b.next;
        break;
      }
      if (escaped) out += "\n".repeat(breaks);
      else out += breaks === 0 ? " " : "\n".repeat(breaks);
      keep = out.length;
    };
    for (;;) {
      if (i >= lineEnd) {
        lineBreak(false);
        continue;
      }
      const ch = text.charCodeAt(i);
      if (double) {
        if (ch === DQUOTE) break;
        if (ch === 0x5c /* \ */) {
          if (i + 1 >= lineEnd) {
            out += text.slice(chunk, i);
            chunk = i;
            i = lineEnd;
            chunk = i;
            lineBreak(true);
            continue;
          }
          out += text.slice(chunk, i);
          const esc = text[i + 1];
          const simple = ESCAPES[esc];
          if (simple !== undefined) {
            out += simple;
            i += 2;
          } else {
            const width = esc === "x" ? 2 : esc === "u" ? 4 : esc === "U" ? 8 : 0;
            const hex = text.slice(i + 2, i + 2 + width);
            if (width === 0 || hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) throw new Unsupported();
            const code = Number.parseInt(hex, 16);
            if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new Unsupported();
            out += String.fromCodePoint(code);
            i += 2 + width;
          }
          chunk = i;
          keep = out.length;
          continue;
        }
      } else if (ch === SQUOTE) {
        if (i + 1 < lineEnd && text.charCodeAt(i + 1) === SQUOTE) {
          out += text.slice(chunk, i + 1);
          i += 2;
          chunk = i;
          keep = out.length;
          continue;
        }
        break;
      }
      i++;
    }
    out += text.slice(chunk, i);
    return { value: out, end: i + 1, lineEnd, next, lines };
  }

  /** `[]`, `{}` or a one-line flow sequence of scalars (`[a, "b"]`). */
  private flow(at: number): { value: BlockYamlValue; end: number } {
    const text = this.text;
    const open = text.charCodeAt(at);
    const close = open === 0x5b ? 0x5d : 0x7d;
    let i = at + 1;
    while (i < this.end && text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) === close) return { value: open === 0x5b ? [] : {}, end: i + 1 };
    if (open !== 0x5b) throw new Unsupported();
    const items: BlockYamlValue[] = [];
    for (;;) {
      while (i < this.end && text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (c === DQUOTE || c === SQUOTE) {
        const q = this.quoted(i);
        items.push(q.value);
        i = q.end;
      } else {
        let j = i;
        while (j < this.end) {
          const ch = text.charCodeAt(j);
          if (ch === 0x2c /* , */ || ch === 0x5d /* ] */) break;
          if (FLOW_UNSUPPORTED.has(ch)) throw new Unsupported();
          j++;
        }
        let k = j;
        while (k > i && text.charCodeAt(k - 1) === SPACE) k--;
        if (k === i || !startsPlain(text, i, k)) throw new Unsupported();
        items.push(resolvePlain(text.slice(i, k)));
        i = j;
      }
      while (i < this.end && text.charCodeAt(i) === SPACE) i++;
      const sep = text.charCodeAt(i);
      if (sep === 0x5d) return { value: items, end: i + 1 };
      if (sep !== 0x2c) throw new Unsupported();
      i++;
      while (i < this.end && text.charCodeAt(i) === SPACE) i++;
      // A trailing comma before `]` is allowed.
      if (text.charCodeAt(i) === 0x5d) return { value: items, end: i + 1 };
    }
  }

  /** A literal (`|`) or folded (`>`) block scalar whose header is at `at`, owned by a node at `parent`. */
  private blockScalar(at: number, parent: number): string {
    const text = this.text;
    const folded = text.charCodeAt(at) === 0x3e;
    let chomp: "clip" | "strip" | "keep" = "clip";
    let explicit = 0;
    let i = at + 1;
    for (let n = 0; n < 2 && i < this.end; n++) {
      const ch = text.charCodeAt(i);
      if (ch === DASH && chomp === "clip") chomp = "strip";
      else if (ch === 0x2b /* + */ && chomp === "clip") chomp = "keep";
      else if (ch >= 0x31 && ch <= 0x39 && explicit === 0) explicit = ch - 0x30;
      else break;
      i++;
    }
    let j = i;
    while (j < this.end && (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB)) j++;
    if (j < this.end && !(text.charCodeAt(j) === HASH && j > i)) throw new Unsupported();

    // Collect lines until a non-empty one is indented at or below the parent. A line of spaces no
    // longer than the content indentation is empty; anything longer is content (spaces included).
    const base = parent < 0 ? 0 : parent;
    let contentIndent = explicit > 0 ? base + explicit : -1;
    const lines: string[] = [];
    const empty: boolean[] = [];
    let pos = this.next;
    let lineNo = this.line;
    let leadingBlankMax = 0;
    while (pos < this.length) {
      let nl = text.indexOf("\n", pos);
      if (nl < 0) nl = this.length;
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === CR) end--;
      let k = pos;
      while (k < end && text.charCodeAt(k) === SPACE) k++;
      const spaces = k - pos;
      if (k === end && (contentIndent < 0 || spaces <= contentIndent)) {
        if (contentIndent < 0) leadingBlankMax = Math.max(leadingBlankMax, spaces);
        lines.push("");
        empty.push(true);
        pos = nl + 1;
        lineNo++;
        continue;
      }
      if (contentIndent < 0) {
        if (spaces <= base && parent >= 0) break;
        contentIndent = spaces;
        // Leading empty lines longer than the content indentation are an error in YAML.
        if (leadingBlankMax > contentIndent) throw new Unsupported();
      }
      if (spaces < contentIndent) {
        if (spaces > base || text.charCodeAt(k) === TAB) throw new Unsupported();
        break;
      }
      lines.push(text.slice(pos + contentIndent, end));
      empty.push(false);
      pos = nl + 1;
      lineNo++;
    }
    // Trailing empty lines are subject to chomping.
    let last = lines.length;
    while (last > 0 && empty[last - 1]) last--;
    const trailing = lines.length - last;
    let value = folded ? foldLines(lines, empty, last) : lines.slice(0, last).join("\n");
    if (last > 0) {
      if (chomp === "clip") value += "\n";
      else if (chomp === "keep") value += "\n".repeat(1 + trailing);
    } else if (chomp === "keep") {
      value = "\n".repeat(trailing);
    }
    // Continue reading after the scalar; it must not be followed by more-indented content.
    this.next = pos;
    this.line = lineNo;
    this.advance();
    return value;
  }
}

/**
 * Folding of `>` scalars over the first `count` lines: a line break between two non-empty lines that
 * do not start with white space becomes a space; empty lines stay line breaks; lines starting with
 * white space ("more indented") keep the breaks around them.
 */
function foldLines(lines: string[], empty: boolean[], count: number): string {
  let out = "";
  let prevMore = false;
  let breaks = 0;
  let started = false;
  for (let i = 0; i < count; i++) {
    if (empty[i]) {
      breaks++;
      continue;
    }
    const line = lines[i];
    const more = line.charCodeAt(0) === SPACE || line.charCodeAt(0) === TAB;
    if (!started) out += "\n".repeat(breaks);
    else if (breaks === 0) out += prevMore || more ? "\n" : " ";
    else out += "\n".repeat(prevMore || more ? breaks + 1 : breaks);
    out += line;
    started = true;
    breaks = 0;
    prevMore = more;
  }
  return out;
}

function sameRoute(route: readonly string[], path: readonly string[]): boolean {
  if (route.length !== path.length) return false;
  for (let i = 0; i < route.length; i++) if (route[i] !== path[i]) return false;
  return true;
}

function setKey(map: BlockYamlMap, key: string, value: BlockYamlValue): void {
  if (key === "__proto__") Object.defineProperty(map, key, { value, enumerable: true, writable: true });
  else map[key] = value;
}

const ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};

/** Characters that make a flow collection too complex for this reader. */
const FLOW_UNSUPPORTED = new Set([0x5b, 0x7b, 0x7d, 0x23, 0x3a, 0x22, 0x27, 0x26, 0x2a, 0x21]);

/** Whether a plain scalar may start at `at` (YAML's indicator rules). */
function startsPlain(text: string, at: number, end: number): boolean {
  const c = text.charCodeAt(at);
  switch (c) {
    case 0x2d: // -
    case 0x3f: // ?
    case 0x3a: {
      // :
      const n = text.charCodeAt(at + 1);
      return at + 1 < end && n !== SPACE && n !== TAB;
    }
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case 0x23: // #
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
      return false;
    default:
      return true;
  }
}

/**
 * A plain mapping key as sigs.k8s.io/yaml turns it into an object key: resolved like a value, then
 * booleans and numbers written as text (`n` → `"false"`, `0x10` → `"16"`, `1.10` → `"1.1"`). A null
 * key is left to the general parser (which refuses it).
 */
function plainKey(text: string): string {
  const value = resolvePlain(text);
  if (typeof value === "string") return value;
  if (value === null) throw new Unsupported();
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "number") throw new Unsupported();
  if (INT.test(text) || INT_OTHER.test(text)) return String(value);
  if (Number.isNaN(value)) return ".nan";
  if (!Number.isFinite(value)) return value > 0 ? ".inf" : "-.inf";
  return formatFloat32(value);
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 32)`: the shortest digits that give back the float32. */
export function formatFloat32(value: number): string {
  const f = Math.fround(value);
  if (Number.isNaN(f)) return "NaN";
  if (!Number.isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  let digits = "0";
  let exp = 0;
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Math.abs(f).toExponential(precision - 1);
    if (Math.fround(Number(candidate)) === Math.abs(f)) {
      const [mantissa, e] = candidate.split("e");
      digits = mantissa.replace(".", "").replace(/0+$/, "") || "0";
      exp = Number(e);
      break;
    }
  }
  const sign = f < 0 ? "-" : "";
  // %g with the shortest digits switches to exponent form below 1e-4 and from 1e6.
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const abs = Math.abs(exp);
    return `${sign}${digits[0]}${frac}e${exp < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`;
  }
  const point = exp + 1;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const NULLS = new Set(["~", "null", "Null", "NULL"]);
const TRUES = new Set(["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"]);
const FALSES = new Set(["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"]);
const INT = /^[-+]?(?:0|[1-9][0-9_]*)$/;
const INT_OTHER = /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/**
 * Resolve a plain scalar as go-yaml v2 does for `interface{}` targets. Most index values are words
 * or URLs, so the first character decides quickly that a scalar is a string.
 */
export function resolvePlain(text: string): BlockYamlValue {
  const c = text.charCodeAt(0);
  const numeric = (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e;
  if (!numeric) {
    if (c === 0x7e || c === 0x6e || c === 0x4e) {
      if (NULLS.has(text)) return null;
    }
    if (text.length <= 5) {
      if (TRUES.has(text)) return true;
      if (FALSES.has(text)) return false;
    }
    return text;
  }
  if (INT.test(text)) {
    const digits = text.replaceAll("_", "");
    const n = Number(digits);
    if (Number.isSafeInteger(n) || String(n) === digits.replace(/^\+/, "")) return n;
    // A number that would not print back digit for digit, within int64 / uint64: exact, as the
    // general parser keeps it.
    const big = BigInt(digits);
    return big >= -(2n ** 63n) && big < 2n ** 64n ? big : n;
  }
  if (INT_OTHER.test(text)) {
    const negative = text.startsWith("-");
    const body = text.replace(/^[-+]/, "").replaceAll("_", "");
    let n: number;
    if (body.startsWith("0b")) n = Number.parseInt(body.slice(2), 2);
    else if (body.startsWith("0x")) n = Number.parseInt(body.slice(2), 16);
    else n = Number.parseInt(body.replace(/^0o?/, "") || "0", 8);
    return negative ? -n : n;
  }
  if (FLOAT.test(text) && /[0-9]/.test(text)) return Number(text.replaceAll("_", ""));
  if (SPECIAL_FLOAT.test(text)) {
    if (/nan/i.test(text)) return Number.NaN;
    return text.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return text;
}

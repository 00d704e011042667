/**
 * A fast reading of the YAML most manifests are written in, for the Setters strategy: block mappings and
 * sequences, one entry per line, single-line plain or quoted scalars, comments, `---`. It yields what the
 * update needs (each scalar that has a line comment, with its span, style and value, and the object
 * identity of each document) without building a syntax tree, several times faster than the full parser.
 *
 * It answers only when the whole file stays inside that subset, where the reading is unambiguous and
 * equal to the `yaml` library's; anything else (flow collections, block or multi-line scalars, anchors,
 * tags, tabs, escapes in double quotes, an own-line comment that may be a marker, odd indentation...)
 * gives `undefined` and the caller parses the file in full.
 */
import type { ObjectIdentifier } from "./result.js";

/** A scalar written on one line with a comment after it. */
export interface CommentedScalar {
  /** Offset of the scalar's first character (an opening quote for quoted styles). */
  start: number;
  /** Offset just past the scalar (past a closing quote). */
  end: number;
  style: "PLAIN" | "QUOTE_SINGLE" | "QUOTE_DOUBLE";
  /** The scalar's string value (quotes removed, `''` unescaped). */
  value: string;
  /** The comment text after `#`. */
  comment: string;
  /** Index of the document in {@link BlockScan.objects}. */
  doc: number;
}

/** What {@link scanBlockYaml} found. */
export interface BlockScan {
  /** Scalars with a line comment, in document order. */
  scalars: CommentedScalar[];
  /** The identity of each document (`apiVersion`, `kind`, `metadata.name`, `metadata.namespace`). */
  objects: ObjectIdentifier[];
}

const MAP = 0;
const SEQ = 1;
// What a mapping is, for the object identity: the document's root, its (first) `metadata`, or other.
const OTHER = 0;
const ROOT = 1;
const METADATA = 2;

interface Frame {
  kind: number;
  indent: number;
  role: number;
  /** Identity keys already seen in this mapping (the first of duplicate keys counts, as lookups do). */
  seen?: Set<string>;
}

/** Thrown inside the scan when the text leaves the subset; never escapes {@link scanBlockYaml}. */
class OutsideSubset extends Error {}
const OUTSIDE = new OutsideSubset();

function isKeyChar(c: number, first: boolean): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95) return true; // a-z A-Z 0-9 _
  return !first && (c === 46 || c === 47 || c === 45); // . / -
}

// Characters a plain scalar may start with (indicators such as `&`, `*`, `!`, `|`, `>`, `[`, `{`, `%`,
// `@`, `?`, `:`, `,` and quotes are left to the full parser); `-` is checked separately.
function isPlainStart(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 || // _
    c === 46 || // .
    c === 47 || // /
    c === 126 || // ~
    c === 36 || // $
    c === 43 || // +
    c === 40 || // (
    c >= 0xa0
  );
}

/** Whether a comment could be a setter marker (its key written out, or spelled with JSON escapes). */
function mayBeMarker(comment: string): boolean {
  return comment.includes("imagepolicy") || comment.includes("\\");
}

/** Scan `text`; `undefined` when it is outside the subset (see the module comment). */
export function scanBlockYaml(text: string): BlockScan | undefined {
  try {
    return scan(text);
  } catch (err) {
    if (err instanceof OutsideSubset) return undefined;
    throw err;
  }
}

function scan(text: string): BlockScan {
  const scalars: CommentedScalar[] = [];
  const objects: ObjectIdentifier[] = [];
  let object: ObjectIdentifier = { apiVersion: "", kind: "", name: "", namespace: "" };
  objects.push(object);
  let stack: Frame[] = [];
  let hasRoot = false;
  // After `key:` with nothing on the line: the mapping's indent and the role a nested mapping would get.
  let pending: { indent: number; role: number } | undefined;

  const n = text.length;
  for (let ls = 0, nl = 0; nl >= 0; ls = nl + 1) {
    nl = text.indexOf("\n", ls);
    let le = nl < 0 ? n : nl;
    if (le > ls && text.charCodeAt(le - 1) === 13) le--; // CRLF
    // Control characters (tabs, lone CR), DEL, C1 controls, Unicode line separators and BOMs: leave
    // to the full parser.
    for (let i = ls; i < le; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfeff || c === 0x2028 || c === 0x2029) throw OUTSIDE;
    }
    let col = ls;
    while (col < le && text.charCodeAt(col) === 32) col++;
    const indent = col - ls;
    if (col === le) {
      // Blank line.
    } else if (text.charCodeAt(col) === 35) {
      // An own-line comment: a marker here would be a head comment, which the full parser resolves.
      if (mayBeMarker(text.slice(col + 1, le))) throw OUTSIDE;
    } else if (indent === 0 && text.startsWith("---", ls)) {
      if (le - ls !== 3) throw OUTSIDE;
      object = { apiVersion: "", kind: "", name: "", namespace: "" };
      objects.push(object);
      stack = [];
      hasRoot = false;
      pending = undefined;
    } else if (indent === 0 && (text.startsWith("...", ls) || text.charCodeAt(ls) === 37)) {
      throw OUTSIDE; // document end marker, directive
    } else {
      const isSeq = text.charCodeAt(col) === 45 && (col + 1 === le || text.charCodeAt(col + 1) === 32);
      if (pending) {
        if (indent > pending.indent || (indent === pending.indent && isSeq)) {
          stack.push({
            kind: isSeq ? SEQ : MAP,
            indent,
            role: isSeq ? OTHER : pending.role,
            seen: pending.role === METADATA && !isSeq ? new Set() : undefined,
          });
        }
        pending = undefined; // otherwise the key's value was empty
      }
      while (stack.length > 0 && stack[stack.length - 1].indent > indent) stack.pop();
      if (stack.length === 0) {
        if (indent !== 0 || isSeq || hasRoot) throw OUTSIDE;
        stack.push({ kind: MAP, indent: 0, role: ROOT, seen: new Set() });
        hasRoot = true;
      }
      let top = stack[stack.length - 1];
      if (top.indent !== indent) throw OUTSIDE;
      if (top.kind === SEQ && !isSeq) {
        // A key at the indent of a sequence written flush under its parent key closes the sequence.
        stack.pop();
        top = stack[stack.length - 1];
        if (top === undefined || top.indent !== indent || top.kind !== MAP) throw OUTSIDE;
      }
      if (top.kind === MAP && isSeq) throw OUTSIDE;
      if (isSeq) {
        let q = col + 1;
        while (q < le && text.charCodeAt(q) === 32) q++;
        if (q === le || text.charCodeAt(q) === 35) throw OUTSIDE; // an item on the following lines
        if (text.charCodeAt(q) === 45 && (q + 1 === le || text.charCodeAt(q + 1) === 32)) throw OUTSIDE;
        if (keyEnd(text, q, le) > 0) {
          const frame: Frame = { kind: MAP, indent: q - ls, role: OTHER };
          stack.push(frame);
          pending = mapEntry(text, q, le, frame);
        } else {
          readScalar(text, q, le);
        }
      } else {
        pending = mapEntry(text, col, le, top);
      }
    }
  }
  return { scalars, objects };

  /** One `key: value` / `key:` entry of `frame` at `pos`; the pending state for the next lines. */
  function mapEntry(
    src: string,
    pos: number,
    end: number,
    frame: Frame,
  ): { indent: number; role: number } | undefined {
    const colon = keyEnd(src, pos, end);
    if (colon < 0) throw OUTSIDE;
    const key = src.slice(pos, colon);
    let first = false;
    if (frame.seen && !frame.seen.has(key)) {
      frame.seen.add(key);
      first = true;
    }
    let v = colon + 1;
    while (v < end && src.charCodeAt(v) === 32) v++;
    if (v === end || src.charCodeAt(v) === 35) {
      if (v < end && mayBeMarker(src.slice(v + 1, end))) throw OUTSIDE;
      const nestedRole = frame.role === ROOT && first && key === "metadata" ? METADATA : OTHER;
      return { indent: frame.indent, role: nestedRole };
    }
    const value = readScalar(src, v, end);
    if (first) {
      if (frame.role === ROOT) {
        if (key === "apiVersion") object.apiVersion = value;
        else if (key === "kind") object.kind = value;
      } else if (frame.role === METADATA) {
        if (key === "name") object.name = value;
        else if (key === "namespace") object.namespace = value;
      }
    }
    return undefined;
  }

  /** A single-line scalar at `pos` running to the end of the line (or a comment); returns its value. */
  function readScalar(src: string, pos: number, end: number): string {
    const c = src.charCodeAt(pos);
    let valueEnd: number;
    let value: string;
    let style: CommentedScalar["style"];
    let after: number;
    if (c === 34) {
      // "...": no escapes, closed on this line.
      const close = src.indexOf('"', pos + 1);
      if (close < 0 || close >= end) throw OUTSIDE;
      value = src.slice(pos + 1, close);
      if (value.includes("\\")) throw OUTSIDE;
      valueEnd = close + 1;
      after = valueEnd;
      style = "QUOTE_DOUBLE";
    } else if (c === 39) {
      // '...' with '' for a quote, closed on this line.
      let i = pos + 1;
      for (;;) {
        const q = src.indexOf("'", i);
        if (q < 0 || q >= end) throw OUTSIDE;
        if (src.charCodeAt(q + 1) === 39 && q + 1 < end) {
          i = q + 2;
          continue;
        }
        valueEnd = q + 1;
        break;
      }
      value = src.slice(pos + 1, valueEnd - 1).replaceAll("''", "'");
      after = valueEnd;
      style = "QUOTE_SINGLE";
    } else {
      const dashStart = c === 45 && pos + 1 < end && src.charCodeAt(pos + 1) !== 32;
      if (!isPlainStart(c) && !dashStart) throw OUTSIDE;
      // The scalar runs to ` #` (a comment) or the end of the line, trailing spaces excluded.
      let stop = src.indexOf(" #", pos);
      if (stop < 0 || stop > end) stop = end;
      valueEnd = stop;
      while (valueEnd > pos && src.charCodeAt(valueEnd - 1) === 32) valueEnd--;
      value = src.slice(pos, valueEnd);
      // `: ` or a final `:` would make it a key: a nested mapping the full parser rejects or reads.
      if (value.includes(": ") || value.endsWith(":") || value.includes(" : ")) throw OUTSIDE;
      after = valueEnd;
      style = "PLAIN";
    }
    let i = after;
    while (i < end && src.charCodeAt(i) === 32) i++;
    if (i < end) {
      // Only a comment may follow, and it needs a space before its `#`.
      if (src.charCodeAt(i) !== 35 || i === after) throw OUTSIDE;
      scalars.push({
        start: pos,
        end: valueEnd,
        style,
        value,
        comment: src.slice(i + 1, end),
        doc: objects.length - 1,
      });
    }
    return value;
  }
}

/** Offset of the `:` ending a plain key at `pos` (followed by a space or the line end), or -1. */
function keyEnd(text: string, pos: number, end: number): number {
  if (pos >= end || !isKeyChar(text.charCodeAt(pos), true)) return -1;
  let i = pos + 1;
  while (i < end && isKeyChar(text.charCodeAt(i), false)) i++;
  if (i >= end || text.charCodeAt(i) !== 58) return -1;
  if (i + 1 < end && text.charCodeAt(i + 1) !== 32) return -1;
  // YAML limits an implicit key to 1024 characters; the full parser reports longer ones.
  if (i - pos > 1000) throw OUTSIDE;
  return i;
}

/**
 * YAML output as SOPS writes decrypted YAML: go-yaml v3's encoder (go.yaml.in/yaml/v3 v3.0.4, whose
 * literal blocks always start on a new line) with a four-space indent (sequences
 * indented under their key, items' mappings two columns past the dash, no line folding), strings plain
 * when v3 would read them back as strings, otherwise single-quoted, double-quoted or literal (`|`) by
 * libyaml's scalar analysis.
 *
 * @module
 */
import { formatGoFloat, parseYamlTimestamp, resolvePlainScalar } from "@gitops-kit/core";
import { SopsDecryptError } from "../errors.js";
import { SopsBranch, SopsBytes, SopsComment, SopsFloat, SopsInt, type SopsNode, SopsTime } from "./tree.js";

const OLD_BOOLS = new Set([
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "on",
  "On",
  "ON",
  "n",
  "N",
  "no",
  "No",
  "NO",
  "off",
  "Off",
  "OFF",
]);
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

type Style = "plain" | "single" | "double" | "literal";
/** The emitter state a collection or scalar was entered from (libyaml keeps it on its state stack). */
type Parent = "root" | "sequence-item" | "mapping";

interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  single: boolean;
  block: boolean;
}

function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

const isBreakCp = (cp: number) => cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
const isBlankCp = (cp: number) => cp === 0x20 || cp === 0x09;

/** libyaml's scalar analysis (block context, unicode output). */
function analyze(s: string): Analysis {
  if (s.length === 0) return { multiline: false, blockPlain: true, single: true, block: false };
  const cps = [...s].map((c) => c.codePointAt(0)!);
  let blockIndicators = s.startsWith("---") || s.startsWith("...");
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    const next = cps[i + 1];
    const followedByWhitespace = next === undefined || isBlankCp(next) || isBreakCp(next);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) blockIndicators = true;
      else if ((ch === "?" || ch === ":" || ch === "-") && followedByWhitespace) blockIndicators = true;
    } else if (ch === ":" && followedByWhitespace) blockIndicators = true;
    else if (ch === "#" && precededByWhitespace) blockIndicators = true;
    if (c === 0x09) tabs = true;
    else if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCp(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankCp(c) || isBreakCp(c) || c === 0;
  }
  const a: Analysis = { multiline: lineBreaks, blockPlain: true, single: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) {
    a.blockPlain = false;
    a.single = false;
  }
  if (spaceBreak || tabs || special) {
    a.blockPlain = false;
    a.single = false;
  }
  if (spaceBreak || special) a.block = false;
  if (lineBreaks || blockIndicators) a.blockPlain = false;
  return a;
}

/** go-yaml v3's `stringv` choice, then the emitter's downgrades. */
function styleFor(s: string, simpleKey: boolean): Style {
  const resolved = resolvePlainScalar(s);
  const canUsePlain =
    typeof resolved === "string" &&
    resolved === s &&
    parseYamlTimestamp(s) === undefined &&
    !BASE60_FLOAT.test(s) &&
    !OLD_BOOLS.has(s);
  let style: Style = s.includes("\n") ? "literal" : canUsePlain ? "plain" : "double";
  const a = analyze(s);
  if (simpleKey && a.multiline) style = "double";
  if (style === "plain" && (!a.blockPlain || (s === "" && simpleKey))) style = "single";
  if (style === "single" && !a.single) style = "double";
  if (style === "literal" && (!a.block || simpleKey)) style = "double";
  return style;
}

/** go-yaml v3's float text: `strconv.FormatFloat(f, 'g', -1, 64)`, with `.inf` and `.nan`. */
function formatFloatG(f: number): string {
  if (Number.isNaN(f)) return ".nan";
  if (!Number.isFinite(f)) return f > 0 ? ".inf" : "-.inf";
  return formatGoFloat(f);
}

function escapeDouble(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (!isPrintable(cp) || isBreakCp(cp) || cp === 0xfeff) {
      const named: Record<number, string> = {
        0: "\\0",
        7: "\\a",
        8: "\\b",
        9: "\\t",
        10: "\\n",
        11: "\\v",
        12: "\\f",
        13: "\\r",
        27: "\\e",
        133: "\\N",
        160: "\\_",
        8232: "\\L",
        8233: "\\P",
      };
      const hex = cp.toString(16).toUpperCase();
      out +=
        named[cp] ??
        (cp <= 0xff
          ? `\\x${hex.padStart(2, "0")}`
          : cp <= 0xffff
            ? `\\u${hex.padStart(4, "0")}`
            : `\\U${hex.padStart(8, "0")}`);
    } else out += ch;
  }
  return `${out}"`;
}

/** Serialise a decrypted SOPS tree as SOPS's YAML store does (go-yaml v3, indent 4). */
export function emitYamlV3(tree: SopsBranch, indentStep = 4): string {
  let out = "";
  let column = 0;
  let indent = -1;
  let whitespace = true;
  let indention = true;
  const stack: number[] = [];

  const write = (s: string) => {
    out += s;
    column += [...s].length;
  };
  const writeBreak = () => {
    out += "\n";
    column = 0;
  };
  const writeIndent = () => {
    const want = Math.max(indent, 0);
    if (!indention || column > want || (column === want && !whitespace)) writeBreak();
    while (column < want) write(" ");
    whitespace = true;
    indention = true;
  };
  const indicator = (s: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean) => {
    if (needWhitespace && !whitespace) write(" ");
    write(s);
    whitespace = isWhitespace;
    indention = indention && isIndention;
  };
  const increaseIndent = (flow: boolean, parent: Parent) => {
    stack.push(indent);
    if (indent < 0) indent = flow ? indentStep : 0;
    else if (parent === "sequence-item") indent += 2;
    else indent = indentStep * Math.floor((indent + indentStep) / indentStep);
  };
  const popIndent = () => {
    indent = stack.pop() ?? -1;
  };

  const scalar = (text: string, style: Style, parent: Parent) => {
    increaseIndent(true, parent);
    if (style === "plain") {
      if (!whitespace && text !== "") write(" ");
      write(text);
      whitespace = false;
      indention = false;
    } else if (style === "single") {
      indicator(`'${text.replaceAll("'", "''")}'`, true, false, false);
    } else if (style === "double") {
      indicator(escapeDouble(text), true, false, false);
    } else {
      indicator("|", true, false, false);
      if (text.startsWith(" ") || isBreakCp(text.codePointAt(0) ?? 0))
        indicator(String(indentStep), false, false, false);
      const last = text.at(-1) ?? "";
      const beforeLast = text.at(-2) ?? "";
      const chomp = !isBreakCp(last.codePointAt(0) ?? 0)
        ? "-"
        : text.length === 1 || isBreakCp(beforeLast.codePointAt(0) ?? 0)
          ? "+"
          : "";
      if (chomp) indicator(chomp, false, false, false);
      writeBreak();
      indention = true;
      whitespace = true;
      let breaks = true;
      for (const ch of text) {
        if (isBreakCp(ch.codePointAt(0)!)) {
          writeBreak();
          indention = true;
          breaks = true;
        } else {
          if (breaks) {
            writeIndent();
            breaks = false;
          }
          write(ch);
          indention = false;
        }
      }
    }
    popIndent();
  };

  /** The text and style of a scalar node, or undefined for collections and comments. */
  const scalarOf = (value: SopsNode, simpleKey: boolean): [string, Style] | undefined => {
    if (value === null) return ["null", "plain"];
    if (typeof value === "boolean") return [value ? "true" : "false", "plain"];
    if (value instanceof SopsInt) return [value.value.toString(), "plain"];
    if (value instanceof SopsFloat) return [formatFloatG(value.value), "plain"];
    if (value instanceof SopsTime) return [value.text, "plain"];
    const text =
      value instanceof SopsBytes
        ? new TextDecoder().decode(value.value)
        : typeof value === "string"
          ? value
          : undefined;
    return text === undefined ? undefined : [text, styleFor(text, simpleKey)];
  };

  const node = (value: SopsNode, parent: Parent, simpleKey = false): void => {
    const s = scalarOf(value, simpleKey);
    if (s) {
      scalar(s[0], s[1], parent);
      return;
    }
    if (value instanceof SopsComment) return;
    if (Array.isArray(value)) {
      const items = value.filter((v) => !(v instanceof SopsComment));
      if (items.length === 0) {
        indicator("[", true, true, false);
        indicator("]", false, false, false);
        return;
      }
      increaseIndent(false, parent);
      for (const item of items) {
        writeIndent();
        indicator("-", true, false, true);
        node(item, "sequence-item");
      }
      popIndent();
      return;
    }
    if (!(value instanceof SopsBranch)) return;
    const entries = value.entries.filter(([k]) => !(k instanceof SopsComment)) as [string, SopsNode][];
    if (entries.length === 0) {
      indicator("{", true, true, false);
      indicator("}", false, false, false);
      return;
    }
    increaseIndent(false, parent);
    for (const [k, v] of entries) {
      writeIndent();
      node(k, "mapping", true);
      indicator(":", false, false, false);
      node(v, "mapping");
    }
    popIndent();
  };

  if (!(tree instanceof SopsBranch)) throw new SopsDecryptError("YAML output needs a mapping");
  node(tree, "root");
  if (column > 0) writeBreak();
  return out;
}

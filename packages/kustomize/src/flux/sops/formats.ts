/**
 * SOPS file formats: loading encrypted documents (tree + `sops` metadata) and emitting decrypted ones
 * as JSON, YAML, dotenv or binary. INI is recognised and reported as unsupported.
 *
 * @module
 */
import { errorMessage, parseYaml, toBase64, type YamlValue } from "@gitops-kit/core";
import { SopsDecryptError, SopsUnsupportedError } from "../errors.js";
import {
  formatFloatF,
  parseOrderedJson,
  SopsBranch,
  SopsBytes,
  SopsComment,
  SopsFloat,
  SopsInt,
  type SopsNode,
  SopsTime,
} from "./tree.js";
import { emitYamlV3 } from "./yaml-v3.js";

/** A SOPS store format. */
export type SopsFormat = "json" | "yaml" | "dotenv" | "ini" | "binary";

/**
 * The format SOPS (and Flux) assumes for a file or Secret key: `.yaml`/`.yml`, `.json`, `.env`, `.ini`,
 * otherwise binary; Flux reads keys ending in `.dockerconfigjson` as JSON.
 */
export function formatForPath(path: string): SopsFormat {
  if (path.endsWith(".dockerconfigjson")) return "json";
  if (path.endsWith(".yaml") || path.endsWith(".yml")) return "yaml";
  if (path.endsWith(".json")) return "json";
  if (path.endsWith(".env")) return "dotenv";
  if (path.endsWith(".ini")) return "ini";
  return "binary";
}

/** The format of SOPS-encrypted bytes by their MAC marker, or `undefined` when they carry none. */
export function detectFormatFromMarker(text: string): SopsFormat | undefined {
  if (text.includes('"mac": "ENC[')) return "json";
  if (text.includes("mac: ENC[")) return "yaml";
  if (text.includes("sops_mac=ENC[")) return "dotenv";
  if (text.includes("[sops]")) return "ini";
  return undefined;
}

/** The marker whose presence means "this file is SOPS-encrypted" for a format. */
export function markerFor(format: SopsFormat): string {
  switch (format) {
    case "yaml":
      return "mac: ENC[";
    case "dotenv":
      return "sops_mac=ENC[";
    case "ini":
      return "[sops]";
    default:
      return '"mac": "ENC[';
  }
}

/** A loaded encrypted document: its tree without the metadata, and the metadata branch. */
export interface LoadedDocument {
  tree: SopsBranch;
  metadata: SopsBranch;
}

/** Split the data from the `sops` metadata for a format. */
export function loadEncrypted(text: string, format: SopsFormat): LoadedDocument {
  if (format === "ini") throw new SopsUnsupportedError("ini", "SOPS INI files are not supported");
  if (format === "dotenv") return loadDotenv(text);
  const tree = format === "yaml" ? loadYaml(text) : parseOrderedJson(text);
  let metadata: SopsBranch | undefined;
  const entries = tree.entries.filter(([k, v]) => {
    if (k !== "sops") return true;
    if (metadata) throw new SopsDecryptError("Found duplicate sops entry");
    if (!(v instanceof SopsBranch)) throw new SopsDecryptError("Found sops entry that is not a mapping");
    metadata = v;
    return false;
  });
  if (!metadata) throw new SopsDecryptError("sops metadata not found");
  return { tree: new SopsBranch(entries), metadata };
}

/** Plain JSON-like data → tree (object key order kept; whole numbers are ints). */
export function treeFromValue(value: unknown): SopsNode {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return new SopsInt(value);
  if (typeof value === "number") {
    return Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER
      ? new SopsInt(BigInt(value))
      : new SopsFloat(value);
  }
  if (Array.isArray(value)) return value.map(treeFromValue);
  if (typeof value === "object") {
    return new SopsBranch(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, treeFromValue(v)]),
    );
  }
  return String(value);
}

/** Tree → plain JSON-like data (comments dropped, bytes as base64 as Go's JSON encoder writes them). */
export function valueFromTree(node: SopsNode): unknown {
  if (node === null || typeof node === "string" || typeof node === "boolean") return node;
  if (node instanceof SopsInt) {
    const n = Number(node.value);
    return Number.isSafeInteger(n) ? n : node.value;
  }
  if (node instanceof SopsFloat) return node.value;
  if (node instanceof SopsBytes) return toBase64(node.value);
  if (node instanceof SopsTime) return node.text;
  if (node instanceof SopsComment) return undefined;
  if (Array.isArray(node)) return node.filter((n) => !(n instanceof SopsComment)).map(valueFromTree);
  const out: Record<string, unknown> = {};
  for (const [k, v] of node.entries) {
    if (k instanceof SopsComment) continue;
    Object.defineProperty(out, k, {
      value: valueFromTree(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function loadYaml(text: string): SopsBranch {
  let value: YamlValue;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new SopsDecryptError(`failed to load encrypted YAML data: ${errorMessage(err)}`);
  }
  const tree = treeFromValue(value);
  if (!(tree instanceof SopsBranch))
    throw new SopsDecryptError("failed to load encrypted YAML data: not a mapping");
  return tree;
}

function loadDotenv(text: string): LoadedDocument {
  const entries: [string | SopsComment, SopsNode][] = [];
  const meta: [string, string][] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line.startsWith("#")) {
      entries.push([new SopsComment(line.slice(1)), null]);
      continue;
    }
    const pos = line.indexOf("=");
    if (pos < 0) throw new SopsDecryptError("invalid dotenv input line");
    const key = line.slice(0, pos);
    const value = line.slice(pos + 1).replaceAll("\\n", "\n");
    if (key.startsWith("sops_")) meta.push([key.slice("sops_".length), value]);
    else entries.push([key, value]);
  }
  if (meta.length === 0) throw new SopsDecryptError("sops metadata not found");
  return { tree: new SopsBranch(entries), metadata: unflatten(meta) };
}

/** SOPS's flattened metadata keys (`age__list_0__map_recipient`) back to a tree. */
function unflatten(items: [string, string][]): SopsBranch {
  type Node = { value?: string; keys?: Map<string, Node>; indices?: Map<number, Node> };
  const root: Node = {};
  for (const [key, value] of items) {
    let node = root;
    for (const token of key.split(/(?=__map_|__list_)/)) {
      if (token.startsWith("__list_")) {
        node.indices ??= new Map();
        const i = Number(token.slice("__list_".length));
        if (!node.indices.has(i)) node.indices.set(i, {});
        node = node.indices.get(i)!;
      } else {
        const k = token.startsWith("__map_") ? token.slice("__map_".length) : token;
        node.keys ??= new Map();
        if (!node.keys.has(k)) node.keys.set(k, {});
        node = node.keys.get(k)!;
      }
    }
    node.value = value;
  }
  const convert = (node: Node): SopsNode => {
    if (node.value !== undefined) return node.value;
    if (node.indices) {
      return [...node.indices.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => convert(n));
    }
    const keys = [...(node.keys?.keys() ?? [])].sort();
    return new SopsBranch(keys.map((k) => [k, convert(node.keys!.get(k)!)]));
  };
  return convert(root) as SopsBranch;
}

/** Emit a decrypted tree in a format, as SOPS's stores do. */
export function emitPlain(tree: SopsBranch, format: SopsFormat): Uint8Array {
  const enc = new TextEncoder();
  switch (format) {
    case "json":
      return enc.encode(`${indentJson(encodeJson(tree))}\n`);
    case "yaml":
      return enc.encode(emitYamlV3(tree));
    case "dotenv":
      return enc.encode(emitDotenv(tree));
    case "binary": {
      const data = tree.get("data");
      if (typeof data !== "string") {
        throw new SopsDecryptError("error emitting binary store: no binary data found in tree");
      }
      return enc.encode(data);
    }
    case "ini":
      throw new SopsUnsupportedError("ini", "SOPS INI files are not supported");
  }
}

// Go's json.Marshal escapes HTML-sensitive characters and U+2028/U+2029.
function goJsonString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function encodeJson(node: SopsNode): string {
  if (node === null) return "null";
  if (typeof node === "string") return goJsonString(node);
  if (typeof node === "boolean") return node ? "true" : "false";
  if (node instanceof SopsInt) return node.value.toString();
  if (node instanceof SopsFloat) return goJsonFloat(node.value);
  if (node instanceof SopsBytes) return `"${toBase64(node.value)}"`;
  if (node instanceof SopsTime) return goJsonString(node.text);
  if (node instanceof SopsComment) return "";
  if (Array.isArray(node)) {
    return `[${node
      .filter((n) => !(n instanceof SopsComment))
      .map(encodeJson)
      .join(",")}]`;
  }
  const parts: string[] = [];
  for (const [k, v] of node.entries) {
    if (k instanceof SopsComment) continue;
    parts.push(`${goJsonString(k)}: ${encodeJson(v)}`);
  }
  return `{${parts.join(",")}}`;
}

function goJsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new SopsDecryptError("json: unsupported value: non-finite float");
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // Go writes e-notation with at least two exponent digits.
    return String(f).replace(/e([+-])(\d)$/, "e$10$2");
  }
  return formatFloatF(f);
}

/** Go's json.Indent with a tab, over compact JSON text. */
function indentJson(compact: string): string {
  let out = "";
  let depth = 0;
  let inString = false;
  let needIndent = false;
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i];
    if (inString) {
      out += c;
      if (c === "\\") out += compact[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === " " && compact[i - 1] === ":") continue;
    if (needIndent && c !== "]" && c !== "}") {
      out += `\n${"\t".repeat(depth)}`;
      needIndent = false;
    }
    switch (c) {
      case '"':
        inString = true;
        out += c;
        break;
      case "{":
      case "[":
        out += c;
        depth++;
        needIndent = true;
        break;
      case "}":
      case "]":
        depth--;
        if (needIndent) needIndent = false;
        else out += `\n${"\t".repeat(depth)}`;
        out += c;
        break;
      case ",":
        out += c;
        out += `\n${"\t".repeat(depth)}`;
        break;
      case ":":
        out += ": ";
        break;
      default:
        out += c;
    }
  }
  return out;
}

function emitDotenv(tree: SopsBranch): string {
  let out = "";
  for (const [k, v] of tree.entries) {
    if (k instanceof SopsComment) {
      out += `#${k.value}\n`;
      continue;
    }
    if (v instanceof SopsBranch || Array.isArray(v)) {
      throw new SopsDecryptError(`cannot use complex value in dotenv file; offending key ${k}`);
    }
    out += `${k}=${typeof v === "string" ? v.replaceAll("\n", "\\n") : dotenvScalar(v)}\n`;
  }
  return out;
}

function dotenvScalar(v: SopsNode): string {
  if (v === null) return "<nil>";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof SopsInt) return v.value.toString();
  if (v instanceof SopsFloat) {
    const g = String(v.value)
      .toUpperCase()
      .replace(/E([+-])(\d)$/, "E$10$2");
    return g.includes(".") || g.includes("E") ? g : v.value.toFixed(1);
  }
  if (v instanceof SopsTime) return v.text;
  if (v instanceof SopsBytes) return new TextDecoder().decode(v.value);
  return String(v);
}

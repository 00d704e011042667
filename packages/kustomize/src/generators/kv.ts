/**
 * Key/value sources of configMapGenerator / secretGenerator: env files, then literals, then files.
 * Values keep their bytes so non-UTF-8 file content can go to `binaryData`.
 *
 * @module
 */
import { errorMessage } from "@gitops-kit/core";
import { GeneratorError } from "../errors.js";
import { decodeUtf8, utf8Bytes } from "./encoding.js";

/** One generated key and its value (bytes, with the text when it is valid UTF-8). */
export interface KvPair {
  key: string;
  bytes: Uint8Array;
  text: string | undefined;
}

/** Where the values come from. */
export interface KvSources {
  literals?: string[];
  files?: string[];
  envs?: string[];
}

/** Options of {@link loadKvPairs}. */
export interface LoadKvPairsOptions {
  sources: KvSources;
  /** Reads a file relative to the kustomization (load restrictions apply). */
  readFile: (path: string) => Uint8Array;
  /** For messages. */
  generator: string;
  file?: string;
}

function textPair(key: string, value: string): KvPair {
  return { key, bytes: utf8Bytes(value), text: value };
}

/** Split a literal `KEY=VALUE`; one pair of matching surrounding quotes is removed from the value. */
export function parseLiteral(source: string): { key: string; value: string } {
  const i = source.indexOf("=");
  if (i <= 0) throw new Error(`invalid literal source ${source}, expected key=value`);
  const key = source.slice(0, i);
  let value = source.slice(i + 1);
  if (value.length >= 2 && value[0] === value[value.length - 1] && (value[0] === '"' || value[0] === "'")) {
    value = value.slice(1, -1);
  }
  return { key, value };
}

/** Split a file source `path` or `key=path`. */
export function parseFileSource(source: string): { key: string; path: string } {
  const n = source.split("=").length - 1;
  if (n === 0) {
    const parts = source.split("/").filter((p) => p !== "");
    return {
      key: parts.length === 0 ? (source.startsWith("/") ? "/" : ".") : parts[parts.length - 1],
      path: source,
    };
  }
  if (n === 1 && source.startsWith("=")) {
    throw new Error(`missing key name for file path "${source.slice(1)}" in source "${source}"`);
  }
  if (n === 1 && source.endsWith("=")) {
    throw new Error(`missing file path for key name "${source.slice(0, -1)}" in source "${source}"`);
  }
  if (n > 1) throw new Error(`source "${source}" key name or file path contains '='`);
  const [key, path] = source.split("=");
  return { key, path };
}

/** Parse an env file: `KEY=VALUE` lines; `#` comments and blank lines skipped; `KEY` alone is empty. */
export function parseEnvFile(content: Uint8Array, path: string): KvPair[] {
  const out: KvPair[] = [];
  // Lines end at \n; a trailing \r is dropped, as Go's line scanner does.
  let start = 0;
  let lineNo = 0;
  while (start < content.length) {
    let end = content.indexOf(0x0a, start);
    if (end < 0) end = content.length;
    let lineEnd = end;
    if (lineEnd > start && content[lineEnd - 1] === 0x0d) lineEnd--;
    const raw = content.subarray(start, lineEnd);
    const text = decodeUtf8(raw);
    if (text === undefined) throw new Error(`${path}: line ${lineNo + 1} has invalid utf8 bytes`);
    let line = lineNo === 0 && text.startsWith("\ufeff") ? text.slice(1) : text;
    line = line.replace(/^[\s\u0085\u00a0]+/u, "");
    lineNo++;
    start = end + 1;
    if (line === "" || line.startsWith("#")) continue;
    const i = line.indexOf("=");
    const key = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? "" : line.slice(i + 1);
    if (key === "") continue;
    out.push(textPair(key, value));
  }
  return out;
}

/**
 * Load every pair, in kustomize's order (env files, literals, files).
 *
 * @throws GeneratorError for malformed sources or unreadable files.
 */
export function loadKvPairs(options: LoadKvPairsOptions): KvPair[] {
  const { sources, generator, file } = options;
  const fail = (field: string, err: unknown): never => {
    if (err instanceof GeneratorError) throw err;
    const msg = errorMessage(err);
    throw new GeneratorError(`${file ? `${file}: ` : ""}${generator}: ${field}: ${msg}`, {
      file,
      field,
      cause: err,
    });
  };
  const out: KvPair[] = [];
  for (const p of sources.envs ?? []) {
    try {
      out.push(...parseEnvFile(options.readFile(p), p));
    } catch (err) {
      fail("envs", err);
    }
  }
  for (const l of sources.literals ?? []) {
    try {
      const { key, value } = parseLiteral(l);
      out.push(textPair(key, value));
    } catch (err) {
      fail("literals", err);
    }
  }
  for (const f of sources.files ?? []) {
    try {
      const { key, path } = parseFileSource(f);
      const bytes = options.readFile(path);
      out.push({ key, bytes, text: decodeUtf8(bytes) });
    } catch (err) {
      fail("files", err);
    }
  }
  return out;
}

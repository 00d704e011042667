/**
 * A small deterministic tar writer whose bytes are those of Go's `archive/tar` writer for the headers
 * Flux produces: USTAR when every field fits (long ASCII names split into prefix + name), otherwise a
 * PAX extended header (`<dir>/PaxHeaders.0/<file>`, mode 0) before a header whose over-long fields are
 * truncated. No padding to a record size: the archive ends with two zero blocks.
 *
 * @module
 */
import { posixPath } from "@gitops-kit/core";
import { ArchiveError } from "../errors.js";
import {
  BLOCK,
  FIELD,
  type FieldName,
  fitsOctal,
  headerChecksum,
  octalField,
  padToBlock,
  TYPE,
  USTAR_MAGIC,
  USTAR_VERSION,
} from "./tar-format.js";

/** Kinds of entries the writer produces. */
export type TarEntryType = "file" | "dir" | "symlink" | "hardlink";

/** One entry's header. Numbers default to 0, strings to `""`. */
export interface TarHeader {
  /** Path inside the archive, `/`-separated, no trailing slash needed for directories. */
  name: string;
  type: TarEntryType;
  /** Permission bits, e.g. `0o600`. */
  mode: number;
  /** Data size for files (taken from the data when given). */
  size?: number;
  /** Target of a link. */
  linkname?: string;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  /** Modification time in whole seconds since the epoch. */
  mtime?: number;
}

const TYPEFLAG: Record<TarEntryType, string> = {
  file: TYPE.file,
  dir: TYPE.dir,
  symlink: TYPE.symlink,
  hardlink: TYPE.hardlink,
};

const encoder = new TextEncoder();

/** Longest PAX extended header data accepted, as Go's writer (1 MiB). */
const MAX_PAX_DATA = 1 << 20;

/**
 * Writes tar entries to a sink, chunk by chunk (headers, data, padding), so callers can hash and
 * compress as the archive is produced.
 *
 * @example
 * const chunks: Uint8Array[] = [];
 * const tar = new TarWriter((c) => chunks.push(c));
 * tar.add({ name: "a.txt", type: "file", mode: 0o600 }, new TextEncoder().encode("hi\n"));
 * tar.finish();
 */
export class TarWriter {
  readonly #sink: (chunk: Uint8Array) => void;
  #finished = false;
  /** Bytes written so far. */
  size = 0;

  constructor(sink: (chunk: Uint8Array) => void) {
    this.#sink = sink;
  }

  /** Add one entry; `data` is required for files with a non-zero size and ignored for other types. */
  add(header: TarHeader, data?: Uint8Array): void {
    if (this.#finished) throw new ArchiveError("ARCHIVE_INVALID", "tar writer already finished");
    const body = header.type === "file" ? (data ?? new Uint8Array(0)) : new Uint8Array(0);
    const size = header.type === "file" ? body.length : 0;
    if (header.size !== undefined && header.type === "file" && header.size !== size) {
      throw new ArchiveError(
        "ARCHIVE_INVALID",
        `tar entry "${header.name}": header size ${header.size} but ${size} bytes of data`,
        { entry: header.name },
      );
    }
    const full: Required<TarHeader> = {
      name: header.name,
      type: header.type,
      mode: header.mode,
      size,
      linkname: header.linkname ?? "",
      uid: header.uid ?? 0,
      gid: header.gid ?? 0,
      uname: header.uname ?? "",
      gname: header.gname ?? "",
      mtime: header.mtime ?? 0,
    };
    for (const block of encodeHeader(full)) this.#emit(block);
    if (size > 0) {
      this.#emit(body);
      const pad = padToBlock(size) - size;
      if (pad > 0) this.#emit(new Uint8Array(pad));
    }
  }

  /** End the archive with two zero blocks. */
  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#emit(new Uint8Array(BLOCK * 2));
  }

  #emit(chunk: Uint8Array): void {
    this.size += chunk.length;
    this.#sink(chunk);
  }
}

/** The header block(s) of one entry: a PAX header (block + data) when needed, then the entry's header. */
export function encodeHeader(h: Required<TarHeader>): Uint8Array[] {
  assertNoNul(h.name, h.name, "name");
  assertNoNul(h.name, h.linkname, "link name");
  for (const [field, value] of [
    ["mode", h.mode],
    ["uid", h.uid],
    ["gid", h.gid],
    ["size", h.size],
    ["mtime", h.mtime],
  ] as const) {
    if (!Number.isSafeInteger(value) || !fitsOctal(FIELD[field][1], value)) {
      throw new ArchiveError("ARCHIVE_INVALID", `tar entry "${h.name}": ${field} ${value} does not fit`, {
        entry: h.name,
      });
    }
  }

  // Every over-long or non-ASCII string field gets a PAX record; USTAR is still used when the only
  // such field is a path that splits into prefix + name.
  const pax = new Map<string, string>();
  if (!fitsUstar(h.name, FIELD.name[1])) pax.set("path", h.name);
  if (!fitsUstar(h.linkname, FIELD.linkname[1])) pax.set("linkpath", h.linkname);
  if (!fitsUstar(h.uname, FIELD.uname[1])) pax.set("uname", h.uname);
  if (!fitsUstar(h.gname, FIELD.gname[1])) pax.set("gname", h.gname);
  let prefix = "";
  let name = h.name;
  if (pax.size === 1 && pax.has("path")) {
    const split = splitUstarPath(h.name);
    if (split) {
      [prefix, name] = split;
      pax.clear();
    }
  }

  const main = new Uint8Array(BLOCK);
  putString(main, "name", toAscii(name));
  putString(main, "linkname", toAscii(h.linkname));
  putOctal(main, "mode", h.mode);
  putOctal(main, "uid", h.uid);
  putOctal(main, "gid", h.gid);
  putOctal(main, "size", h.size);
  putOctal(main, "mtime", h.mtime);
  putString(main, "uname", toAscii(h.uname));
  putString(main, "gname", toAscii(h.gname));
  putOctal(main, "devmajor", 0);
  putOctal(main, "devminor", 0);
  putString(main, "prefix", prefix);
  main[FIELD.typeflag[0]] = TYPEFLAG[h.type].charCodeAt(0);
  if (pax.size === 0) {
    sealUstar(main);
    return [main];
  }

  // PAX: the over-long fields travel in an extended header; the main header keeps a truncated copy.
  const records = [...pax.keys()]
    .sort()
    .map((k) => paxRecord(k, pax.get(k)!))
    .join("");
  const data = encoder.encode(records);
  if (data.length > MAX_PAX_DATA) {
    throw new ArchiveError("ARCHIVE_INVALID", `tar entry "${h.name}": extended header too long`, {
      entry: h.name,
    });
  }
  const slash = h.name.lastIndexOf("/");
  const paxName = posixPath.join(h.name.slice(0, slash + 1), "PaxHeaders.0", h.name.slice(slash + 1));
  const paxBlock = new Uint8Array(BLOCK);
  putString(paxBlock, "name", toAscii(paxName).slice(0, FIELD.name[1]).replace(/\/+$/, ""));
  putOctal(paxBlock, "mode", 0);
  putOctal(paxBlock, "uid", 0);
  putOctal(paxBlock, "gid", 0);
  putOctal(paxBlock, "size", data.length);
  putOctal(paxBlock, "mtime", 0);
  paxBlock[FIELD.typeflag[0]] = TYPE.paxLocal.charCodeAt(0);
  sealUstar(paxBlock);
  const paxData = new Uint8Array(padToBlock(data.length));
  paxData.set(data);
  sealUstar(main);
  return [paxBlock, paxData, main];
}

/** Whether a string can go into a USTAR field as is: ASCII and short enough. */
function fitsUstar(s: string, width: number): boolean {
  return isAscii(s) && s.length <= width;
}

/**
 * Split a long ASCII path into a USTAR prefix (up to 155 bytes) and name (up to 100) at a slash, as
 * Go's writer does; `undefined` when no split works.
 */
function splitUstarPath(s: string): [string, string] | undefined {
  let length = s.length;
  if (length <= FIELD.name[1] || !isAscii(s)) return undefined;
  if (length > FIELD.prefix[1] + 1) length = FIELD.prefix[1] + 1;
  else if (s[length - 1] === "/") length--;
  const i = s.lastIndexOf("/", length - 1);
  const nameLength = s.length - i - 1;
  if (i <= 0 || nameLength > FIELD.name[1] || nameLength === 0 || i > FIELD.prefix[1]) return undefined;
  return [s.slice(0, i), s.slice(i + 1)];
}

/** One PAX record, `"<len> <key>=<value>\n"`, whose length counts its own digits. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyBytes = encoder.encode(body).length;
  let size = bodyBytes + String(bodyBytes).length;
  if (String(size).length + bodyBytes !== size) size = bodyBytes + String(size).length;
  return `${size}${body}`;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Drop every non-ASCII character and NUL, as Go's writer does for header fields. */
function toAscii(s: string): string {
  if (isAscii(s) && !s.includes("\0")) return s;
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80 && c !== 0) out += ch;
  }
  return out;
}

function assertNoNul(entry: string, value: string, what: string): void {
  if (value.includes("\0")) {
    throw new ArchiveError("ARCHIVE_INVALID", `tar entry "${entry}": ${what} contains a NUL byte`, { entry });
  }
}

/** Copy an ASCII string into a field, truncated to the width, NUL-terminated when shorter. */
function putString(block: Uint8Array, field: FieldName, value: string): void {
  const [offset, width] = FIELD[field];
  const n = Math.min(value.length, width);
  for (let i = 0; i < n; i++) block[offset + i] = value.charCodeAt(i);
  // A truncated value must not end in a slash (readers would take a file for a directory): end it
  // after the last non-slash byte, as Go's formatter does.
  if (value.length > width && block[offset + width - 1] === 0x2f) {
    block[offset + value.slice(0, width - 1).replace(/\/+$/, "").length] = 0;
  }
}

function putOctal(block: Uint8Array, field: FieldName, value: number): void {
  putString(block, field, octalField(FIELD[field][1], value));
}

/** Write the USTAR magic and version, then the checksum (six octal digits, NUL, space). */
function sealUstar(block: Uint8Array): void {
  putString(block, "magic", USTAR_MAGIC);
  putString(block, "version", USTAR_VERSION);
  const [offset] = FIELD.checksum;
  const digits = octalField(7, headerChecksum(block));
  for (let i = 0; i < 6; i++) block[offset + i] = digits.charCodeAt(i);
  block[offset + 6] = 0;
  block[offset + 7] = 0x20;
}

/**
 * A tar reader for ustar, PAX (local and global extended headers), GNU long names and old V7 archives,
 * with limits on entry count, total data size and extended header size. Every problem is an
 * {@link ArchiveError} naming the entry.
 *
 * @module
 */
import { ArchiveError } from "../errors.js";
import { BLOCK, FIELD, type FieldName, headerChecksum, isZeroBlock, padToBlock, TYPE } from "./tar-format.js";

/** What an entry is. `other` covers type flags this reader does not know. */
export type TarEntryKind = "file" | "dir" | "symlink" | "hardlink" | "char" | "block" | "fifo" | "other";

/** One entry of an archive. */
export interface TarEntry {
  /** Path as stored (PAX `path` or GNU long name when present). */
  name: string;
  kind: TarEntryKind;
  /** The raw type flag character. */
  typeflag: string;
  /** Permission bits (`mode & 0o7777`). */
  mode: number;
  size: number;
  /** Link target for symlinks and hard links. */
  linkname: string;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  /** Modification time, seconds since the epoch. */
  mtime: number;
  /** The PAX records that applied to this entry (`null` when none), as Go's reader reports them. */
  paxHeaders: Record<string, string> | null;
  /** The entry's data (a view into the archive). */
  data: Uint8Array;
}

/** Limits of {@link readTar}. */
export interface TarReadLimits {
  /** Most entries accepted (default 100 000). */
  maxEntries?: number;
  /** Most bytes of entry data in total (default 100 MiB, Flux's untar limit). */
  maxSize?: number;
}

export const DEFAULT_MAX_ENTRIES = 100_000;
export const DEFAULT_MAX_SIZE = 100 * 1024 * 1024;
/** Longest extended header (PAX or GNU long name) data, as Go's reader. */
const MAX_SPECIAL_FILE = 1 << 20;

const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * Parse an uncompressed tar archive. Stops at the end-of-archive marker (a zero block) or at the end
 * of the data; trailing garbage after the marker is ignored, as tar tools do.
 */
export function readTar(tar: Uint8Array, limits: TarReadLimits = {}): TarEntry[] {
  const maxEntries = limits.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const maxSize = limits.maxSize ?? DEFAULT_MAX_SIZE;
  const entries: TarEntry[] = [];
  let global: Record<string, string> = {};
  let local: Record<string, string> | null = null;
  let longName: string | undefined;
  let longLink: string | undefined;
  let total = 0;
  let offset = 0;

  while (offset + BLOCK <= tar.length) {
    const block = tar.subarray(offset, offset + BLOCK);
    if (isZeroBlock(block)) break;
    const at = `tar header at offset ${offset}`;
    checkChecksum(block, at);
    const rawName = readString(block, "name");
    const typeflag = String.fromCharCode(block[FIELD.typeflag[0]]);
    const size = readNumber(block, "size", rawName || at);
    const dataStart = offset + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > tar.length) {
      throw new ArchiveError(
        "ARCHIVE_INVALID",
        `tar entry "${rawName}": data runs past the end of the archive`,
        {
          entry: rawName,
        },
      );
    }
    const data = tar.subarray(dataStart, dataEnd);
    offset = dataStart + padToBlock(size);

    if (
      typeflag === TYPE.paxLocal ||
      typeflag === TYPE.paxGlobal ||
      typeflag === TYPE.gnuLongName ||
      typeflag === TYPE.gnuLongLink
    ) {
      if (size > MAX_SPECIAL_FILE) {
        throw new ArchiveError("ARCHIVE_TOO_LARGE", `tar entry "${rawName}": extended header too large`, {
          entry: rawName,
        });
      }
      if (typeflag === TYPE.paxLocal) local = { ...(local ?? {}), ...parsePax(data, rawName) };
      else if (typeflag === TYPE.paxGlobal) global = { ...global, ...parsePax(data, rawName) };
      else if (typeflag === TYPE.gnuLongName) longName = cString(data);
      else longLink = cString(data);
      continue;
    }

    if (entries.length >= maxEntries) {
      throw new ArchiveError("ARCHIVE_TOO_MANY_ENTRIES", `archive has more than ${maxEntries} entries`, {
        entry: rawName,
      });
    }
    const pax = Object.keys(global).length > 0 || local ? { ...global, ...(local ?? {}) } : null;
    const prefix = isUstar(block) ? readString(block, "prefix") : "";
    let name = prefix ? `${prefix}/${rawName}` : rawName;
    if (longName !== undefined) name = longName;
    if (pax?.path !== undefined) name = pax.path;
    let linkname = readString(block, "linkname");
    if (longLink !== undefined) linkname = longLink;
    if (pax?.linkpath !== undefined) linkname = pax.linkpath;

    total += size;
    if (total > maxSize) {
      throw new ArchiveError(
        "ARCHIVE_TOO_LARGE",
        `tar entry "${name}": archive content exceeds the limit of ${maxSize} bytes`,
        { entry: name },
      );
    }
    entries.push({
      name,
      kind: kindOf(typeflag, name),
      typeflag,
      mode: readNumber(block, "mode", name) & 0o7777,
      size,
      linkname,
      uid: pax?.uid !== undefined ? Number(pax.uid) : readNumber(block, "uid", name),
      gid: pax?.gid !== undefined ? Number(pax.gid) : readNumber(block, "gid", name),
      uname: pax?.uname ?? readString(block, "uname"),
      gname: pax?.gname ?? readString(block, "gname"),
      mtime: pax?.mtime !== undefined ? Math.floor(Number(pax.mtime)) : readNumber(block, "mtime", name),
      paxHeaders: local,
      data,
    });
    local = null;
    longName = undefined;
    longLink = undefined;
  }
  return entries;
}

function kindOf(typeflag: string, name: string): TarEntryKind {
  switch (typeflag) {
    case TYPE.file:
    case TYPE.contiguous:
      return "file";
    case TYPE.fileV7:
      // Old archives mark directories with a trailing slash only.
      return name.endsWith("/") ? "dir" : "file";
    case TYPE.dir:
      return "dir";
    case TYPE.symlink:
      return "symlink";
    case TYPE.hardlink:
      return "hardlink";
    case TYPE.char:
      return "char";
    case TYPE.block:
      return "block";
    case TYPE.fifo:
      return "fifo";
    default:
      return "other";
  }
}

function isUstar(block: Uint8Array): boolean {
  const [offset] = FIELD.magic;
  // "ustar\0" (POSIX) — GNU's "ustar " has no prefix field.
  return (
    block[offset] === 0x75 &&
    block[offset + 1] === 0x73 &&
    block[offset + 2] === 0x74 &&
    block[offset + 3] === 0x61 &&
    block[offset + 4] === 0x72 &&
    block[offset + 5] === 0
  );
}

function checkChecksum(block: Uint8Array, at: string): void {
  const stored = readNumber(block, "checksum", at);
  const unsigned = headerChecksum(block);
  // Some old writers summed signed bytes.
  let signed = 0;
  const [offset, width] = FIELD.checksum;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= offset && i < offset + width ? 0x20 : block[i];
    signed += b > 127 ? b - 256 : b;
  }
  if (stored !== unsigned && stored !== signed) {
    throw new ArchiveError("ARCHIVE_INVALID", `${at}: invalid header checksum`);
  }
}

/** A NUL-terminated field as text (UTF-8, as modern writers store non-ASCII names). */
function readString(block: Uint8Array, field: FieldName): string {
  const [offset, width] = FIELD[field];
  return cString(block.subarray(offset, offset + width));
}

function cString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return decoder.decode(nul >= 0 ? bytes.subarray(0, nul) : bytes);
}

/** An octal field (spaces and NULs around the digits allowed) or a GNU base-256 number. */
function readNumber(block: Uint8Array, field: FieldName, entry: string): number {
  const [offset, width] = FIELD[field];
  const bytes = block.subarray(offset, offset + width);
  if (bytes[0] & 0x80) {
    // Base-256: big-endian two's complement with the top bit as marker; negative values are refused.
    if (bytes[0] & 0x40) throw invalidNumber(field, entry);
    let value = bytes[0] & 0x3f;
    for (let i = 1; i < bytes.length; i++) {
      value = value * 256 + bytes[i];
      if (!Number.isSafeInteger(value)) throw invalidNumber(field, entry);
    }
    return value;
  }
  let text = "";
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0) break;
    text += String.fromCharCode(c);
  }
  text = text.trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw invalidNumber(field, entry);
  const value = Number.parseInt(text, 8);
  if (!Number.isSafeInteger(value)) throw invalidNumber(field, entry);
  return value;
}

function invalidNumber(field: string, entry: string): ArchiveError {
  return new ArchiveError("ARCHIVE_INVALID", `tar entry "${entry}": invalid ${field} field`, { entry });
}

/** Parse PAX records `"<len> <key>=<value>\n"`. */
function parsePax(data: Uint8Array, entry: string): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) throw badPax(entry);
    const lengthText = decoder.decode(data.subarray(offset, space));
    if (!/^[0-9]+$/.test(lengthText)) throw badPax(entry);
    const length = Number(lengthText);
    const end = offset + length;
    if (length <= space - offset + 1 || end > data.length || data[end - 1] !== 0x0a) throw badPax(entry);
    const record = decoder.decode(data.subarray(space + 1, end - 1));
    const eq = record.indexOf("=");
    if (eq <= 0) throw badPax(entry);
    records[record.slice(0, eq)] = record.slice(eq + 1);
    offset = end;
  }
  return records;
}

function badPax(entry: string): ArchiveError {
  return new ArchiveError("ARCHIVE_INVALID", `tar entry "${entry}": malformed PAX extended header`, {
    entry,
  });
}

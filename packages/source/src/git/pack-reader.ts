/**
 * A read-only reader of Git packfiles (`.pack` with its version 2 `.idx`) for the first checkout of a
 * clone: objects are inflated with fflate and deltas applied here, which is several times cheaper per
 * object than going through isomorphic-git's object API. Objects it cannot find (loose objects) are
 * left to the caller's fallback.
 *
 * @module
 */
import { type FileSystem, posixPath } from "@gitops-kit/core";
import { inflateSync } from "fflate";
import { GitOperationError } from "../errors.js";

/** A Git object's type and content. */
export interface GitObject {
  type: "commit" | "tree" | "blob" | "tag";
  data: Uint8Array;
}

const TYPES = ["", "commit", "tree", "blob", "tag", "", "ofs-delta", "ref-delta"] as const;
const IDX_MAGIC = 0xff744f63;
/** Resolved objects kept for delta bases; dropped wholesale past this many bytes. */
const CACHE_BYTES = 64 * 1024 * 1024;
/** Longest delta chain followed. */
const MAX_CHAIN = 10_000;

interface Pack {
  name: string;
  data: Uint8Array;
}

/** Objects of every pack in `<gitdir>/objects/pack`, by id. */
export class PackReader {
  readonly #locations = new Map<string, { pack: Pack; offset: number }>();
  /** Resolved objects by `<pack>@<offset>`. */
  readonly #cache = new Map<string, GitObject>();
  #cached = 0;

  /** Index the packs of a repository; `undefined` when it has none or an index is not version 2. */
  static open(fs: FileSystem, gitdir: string): PackReader | undefined {
    const dir = posixPath.join(gitdir, "objects", "pack");
    if (!fs.exists(dir)) return undefined;
    const reader = new PackReader();
    let found = false;
    for (const name of fs.readdir(dir)) {
      if (!name.endsWith(".idx")) continue;
      const packPath = posixPath.join(dir, `${name.slice(0, -4)}.pack`);
      if (!fs.exists(packPath)) continue;
      const idx = fs.readFile(posixPath.join(dir, name));
      const pack = { name: packPath, data: fs.readFile(packPath) };
      if (!reader.#addIndex(idx, pack)) return undefined;
      found = true;
    }
    return found ? reader : undefined;
  }

  #addIndex(idx: Uint8Array, pack: Pack): boolean {
    const view = new DataView(idx.buffer, idx.byteOffset, idx.byteLength);
    if (idx.length < 8 + 1024 || view.getUint32(0) !== IDX_MAGIC || view.getUint32(4) !== 2) return false;
    const count = view.getUint32(8 + 255 * 4);
    const names = 8 + 1024;
    const offsets = names + count * 20 + count * 4;
    const large = offsets + count * 4;
    for (let i = 0; i < count; i++) {
      const oid = hex(idx, names + i * 20);
      let offset = view.getUint32(offsets + i * 4);
      if (offset & 0x80000000) {
        const at = large + (offset & 0x7fffffff) * 8;
        offset = view.getUint32(at) * 2 ** 32 + view.getUint32(at + 4);
      }
      this.#locations.set(oid, { pack, offset });
    }
    return true;
  }

  /** Whether the packs hold `oid`. */
  has(oid: string): boolean {
    return this.#locations.has(oid);
  }

  /** The object `oid`, or `undefined` when no pack holds it. */
  read(oid: string): GitObject | undefined {
    const location = this.#locations.get(oid);
    return location ? this.#readAt(location.pack, location.offset, 0) : undefined;
  }

  #remember(key: string, object: GitObject): void {
    if (this.#cached + object.data.length > CACHE_BYTES) {
      this.#cache.clear();
      this.#cached = 0;
    }
    this.#cache.set(key, object);
    this.#cached += object.data.length;
  }

  #readAt(pack: Pack, offset: number, depth: number): GitObject {
    if (depth > MAX_CHAIN) throw corrupt(pack, offset, "delta chain too long");
    const key = `${pack.name}@${offset}`;
    const hit = this.#cache.get(key);
    if (hit) return hit;
    const data = pack.data;
    let pos = offset;
    let byte = data[pos++];
    const type = TYPES[(byte >> 4) & 7];
    let size = byte & 0x0f;
    let shift = 4;
    while (byte & 0x80) {
      byte = data[pos++];
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    }
    if (!type) throw corrupt(pack, offset, "unknown object type");
    let base: GitObject | undefined;
    if (type === "ofs-delta") {
      byte = data[pos++];
      let distance = byte & 0x7f;
      while (byte & 0x80) {
        byte = data[pos++];
        distance = (distance + 1) * 128 + (byte & 0x7f);
      }
      base = this.#readAt(pack, offset - distance, depth + 1);
    } else if (type === "ref-delta") {
      const baseOid = hex(data, pos);
      pos += 20;
      base = this.read(baseOid);
      if (!base) throw corrupt(pack, offset, `missing delta base ${baseOid}`);
    }
    // Skip the 2-byte zlib header; the deflate stream ends itself, and the size is known.
    const content = inflateSync(data.subarray(pos + 2), { out: new Uint8Array(size) });
    if (content.length !== size) throw corrupt(pack, offset, "inflated size differs from the header");
    const object = (
      base ? { type: base.type, data: applyDelta(content, base.data, pack, offset) } : { type, data: content }
    ) as GitObject;
    this.#remember(key, object);
    return object;
  }
}

function corrupt(pack: Pack, offset: number, why: string): GitOperationError {
  return new GitOperationError(
    `corrupt packfile ${posixPath.basename(pack.name)} at offset ${offset}: ${why}`,
  );
}

function hex(bytes: Uint8Array, at: number): string {
  let out = "";
  for (let i = at; i < at + 20; i++) out += bytes[i].toString(16).padStart(2, "0");
  return out;
}

/** Apply a Git delta (source size, target size, then copy and insert instructions) to `base`. */
function applyDelta(delta: Uint8Array, base: Uint8Array, pack: Pack, offset: number): Uint8Array {
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = delta[pos++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  if (varint() !== base.length) throw corrupt(pack, offset, "delta base size mismatch");
  const out = new Uint8Array(varint());
  let o = 0;
  while (pos < delta.length) {
    const op = delta[pos++];
    if (op & 0x80) {
      let from = 0;
      let length = 0;
      for (let i = 0; i < 4; i++) if (op & (1 << i)) from += delta[pos++] * 2 ** (8 * i);
      for (let i = 0; i < 3; i++) if (op & (0x10 << i)) length += delta[pos++] * 2 ** (8 * i);
      if (length === 0) length = 0x10000;
      if (from + length > base.length || o + length > out.length)
        throw corrupt(pack, offset, "delta copy out of range");
      out.set(base.subarray(from, from + length), o);
      o += length;
    } else if (op > 0) {
      if (pos + op > delta.length || o + op > out.length)
        throw corrupt(pack, offset, "delta insert out of range");
      out.set(delta.subarray(pos, pos + op), o);
      pos += op;
      o += op;
    } else {
      throw corrupt(pack, offset, "reserved delta instruction");
    }
  }
  if (o !== out.length) throw corrupt(pack, offset, "delta result size mismatch");
  return out;
}

/** One entry of a tree object. */
export interface TreeEntry {
  mode: string;
  name: string;
  oid: string;
}

/** Parse a tree object: `<mode> <name>\0<20-byte id>` repeated. */
export function parseTree(data: Uint8Array): TreeEntry[] {
  const entries: TreeEntry[] = [];
  const decoder = new TextDecoder();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    const nul = data.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 21 > data.length) throw new GitOperationError("corrupt tree object");
    entries.push({
      mode: decoder.decode(data.subarray(pos, space)),
      name: decoder.decode(data.subarray(space + 1, nul)),
      oid: hex(data, nul + 1),
    });
    pos = nul + 21;
  }
  return entries;
}

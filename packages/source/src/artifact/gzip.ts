/**
 * Deterministic gzip and bounded gunzip over fflate (pure JavaScript, so the compressed bytes are the
 * same on every runtime; zlib builds differ between Node versions and browsers).
 *
 * @module
 */
import { Gunzip, gzipSync } from "fflate";
import { ArchiveError } from "../errors.js";

/** Go's `compress/gzip` header for a stream without name or time: OS byte 255 ("unknown"). */
const GZIP_OS_UNKNOWN = 0xff;

/**
 * Gzip `data` at deflate level 6 with no file name and modification time 0. The header bytes are the
 * ones Go writes (`1f8b 0800 0000 0000 00ff`); the deflate stream itself is fflate's, so it differs
 * from Go's compressor output while decompressing to the same bytes.
 */
export function gzipDeterministic(data: Uint8Array): Uint8Array {
  const out = gzipSync(data, { level: 6, mtime: 0 });
  // fflate writes OS 3 (Unix); the header is not covered by the CRC, so it can be set freely.
  out[9] = GZIP_OS_UNKNOWN;
  return out;
}

/** Options of {@link gunzipBounded}. */
export interface GunzipOptions {
  /** Refuse output beyond this many bytes (a decompression bomb guard). */
  maxBytes: number;
  /** Name used in error messages, e.g. the artifact file name. */
  name?: string;
}

/** Size of the compressed slices fed to the inflater, so the output limit is checked as it grows. */
const SLICE = 64 * 1024;

/**
 * Decompress a gzip stream, failing with {@link ArchiveError} (`ARCHIVE_TOO_LARGE`) as soon as the
 * output would exceed `maxBytes`, and with `ARCHIVE_INVALID` for data that is not gzip.
 */
export function gunzipBounded(data: Uint8Array, options: GunzipOptions): Uint8Array {
  const name = options.name ?? "archive";
  if (data.length < 18 || data[0] !== 0x1f || data[1] !== 0x8b) {
    throw new ArchiveError("ARCHIVE_INVALID", `${name}: not gzip data`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  let members = 1;
  const inflater = new Gunzip((chunk, final) => {
    total += chunk.length;
    if (total > options.maxBytes) {
      throw new ArchiveError(
        "ARCHIVE_TOO_LARGE",
        `${name}: uncompressed size exceeds the limit of ${options.maxBytes} bytes`,
      );
    }
    chunks.push(chunk);
    if (final) ended = true;
  });
  inflater.onmember = () => {
    members++;
  };
  try {
    for (let i = 0; i < data.length; i += SLICE) {
      const end = Math.min(i + SLICE, data.length);
      inflater.push(data.subarray(i, end), end === data.length);
    }
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError("ARCHIVE_INVALID", `${name}: invalid gzip data: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!ended) throw new ArchiveError("ARCHIVE_INVALID", `${name}: truncated gzip data`);
  const out = concat(chunks, total);
  // The inflater does not check the trailer; for the usual single-member stream, check CRC and size.
  if (members === 1) {
    const t = data.length - 8;
    const crc = (data[t] | (data[t + 1] << 8) | (data[t + 2] << 16) | (data[t + 3] << 24)) >>> 0;
    const size = (data[t + 4] | (data[t + 5] << 8) | (data[t + 6] << 16) | (data[t + 7] << 24)) >>> 0;
    if (crc !== crc32(out) || size !== out.length % 2 ** 32) {
      throw new ArchiveError("ARCHIVE_INVALID", `${name}: gzip checksum mismatch`);
    }
  }
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE), as in the gzip trailer. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Join chunks into one array of `total` bytes. */
export function concat(chunks: Uint8Array[], total?: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const size = total ?? chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/**
 * The tar header block layout (V7 + USTAR fields) and the field encodings shared by the writer and the
 * reader. Offsets and widths are those of POSIX ustar.
 *
 * @module
 */

/** Size of a header block and the unit data is padded to. */
export const BLOCK = 512;

/** `[offset, width]` of each header field. */
export const FIELD = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  typeflag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  uname: [265, 32],
  gname: [297, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  prefix: [345, 155],
} as const satisfies Record<string, readonly [number, number]>;

export type FieldName = keyof typeof FIELD;

/** Entry type flags. */
export const TYPE = {
  file: "0",
  /** Old-style regular file (NUL type flag). */
  fileV7: "\0",
  hardlink: "1",
  symlink: "2",
  char: "3",
  block: "4",
  dir: "5",
  fifo: "6",
  contiguous: "7",
  paxLocal: "x",
  paxGlobal: "g",
  gnuLongName: "L",
  gnuLongLink: "K",
} as const;

/** `ustar\0` followed by version `00`: what POSIX ustar and PAX archives carry. */
export const USTAR_MAGIC = "ustar\0";
export const USTAR_VERSION = "00";

/** Round `n` up to a whole number of blocks. */
export function padToBlock(n: number): number {
  return Math.ceil(n / BLOCK) * BLOCK;
}

/** Whether `value` can be written as octal digits in a field of `width` bytes (one byte kept for NUL). */
export function fitsOctal(width: number, value: number): boolean {
  const bits = width * 3 - 3;
  return value >= 0 && (width >= 22 || value < 2 ** bits);
}

/** Octal digits, zero-padded to `width - 1` and NUL-terminated (`0000750\0`). */
export function octalField(width: number, value: number): string {
  const digits = value.toString(8);
  const pad = width - digits.length - 1;
  return (pad > 0 ? "0".repeat(pad) : "") + digits;
}

/** Sum of the header bytes with the checksum field counted as spaces. */
export function headerChecksum(block: Uint8Array): number {
  const [offset, width] = FIELD.checksum;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) {
    sum += i >= offset && i < offset + width ? 0x20 : block[i];
  }
  return sum;
}

/** Whether every byte of `block` is zero (an end-of-archive marker). */
export function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

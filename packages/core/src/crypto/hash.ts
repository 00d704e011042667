/**
 * The streaming hash interface shared by SHA-1, SHA-256 and SHA-512, and the block buffering and
 * Merkle–Damgård padding (FIPS 180-4 §5.1) they have in common. Everything here is synchronous:
 * WebCrypto's `crypto.subtle.digest` is asynchronous and gitops-kit's build paths are not.
 *
 * @module
 */

import { toHex } from "./hex.js";

/** The algorithms gitops-kit hashes with (Flux digests, webhook signatures, Sprig functions). */
export type HashAlgorithm = "sha1" | "sha256" | "sha512";

/**
 * An incremental hash: feed bytes with `update` as often as needed, then finish with `digest`.
 * Strings are hashed as their UTF-8 bytes. After `digest` the hash is final: `digest` and `hex` return
 * the same value again and `update` throws.
 */
export interface Hash {
  /** Which algorithm this is. */
  readonly algorithm: HashAlgorithm;
  /** Bytes per compression block (64 for SHA-1 and SHA-256, 128 for SHA-512); HMAC pads keys to it. */
  readonly blockSize: number;
  /** Bytes in the finished hash (20, 32 or 64). */
  readonly outputSize: number;
  /** Add bytes (or a string, encoded as UTF-8). Returns `this` for chaining. */
  update(data: Uint8Array | string): this;
  /** Finish and return the hash, `outputSize` bytes. */
  digest(): Uint8Array;
  /** Finish and return the hash as lowercase hex. */
  hex(): string;
}

const encoder = new TextEncoder();

/** The bytes of `data`: itself, or a string's UTF-8 encoding. */
export function bytesOf(data: Uint8Array | string): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data;
}

/**
 * A FIPS 180-4 hash over 32-bit big-endian words: subclasses supply the state (whose words, written
 * big-endian, are the result) and the compression function; this class buffers partial blocks, reads
 * each block into the first words of the message schedule, and pads.
 */
export abstract class BlockHash implements Hash {
  readonly algorithm: HashAlgorithm;
  readonly blockSize: number;
  readonly outputSize: number;
  /** The chaining value; the finished hash is these words, big-endian. */
  protected readonly state: Uint32Array;
  /** The message schedule; a block's big-endian words are in front when `compress` runs. */
  private readonly words: Uint32Array;
  /** Bytes the message length takes in the final block. */
  private readonly lengthBytes: number;
  private readonly block: Uint8Array;
  private blockLength = 0;
  /** Total bytes hashed so far (a double holds exact integers up to 2^53, far beyond any input). */
  private total = 0;
  private finished = false;

  /**
   * @param algorithm the algorithm's name.
   * @param blockSize bytes per block.
   * @param lengthBytes bytes the message length takes in the final block (8, or 16 for SHA-512).
   * @param initial the initial chaining value.
   * @param scheduleWords 32-bit words in the message schedule.
   */
  protected constructor(
    algorithm: HashAlgorithm,
    blockSize: number,
    lengthBytes: number,
    initial: ArrayLike<number>,
    scheduleWords: number,
  ) {
    this.algorithm = algorithm;
    this.blockSize = blockSize;
    this.words = new Uint32Array(scheduleWords);
    this.lengthBytes = lengthBytes;
    this.state = Uint32Array.from(initial);
    this.outputSize = this.state.length * 4;
    this.block = new Uint8Array(blockSize);
  }

  /** Compress the block at the front of the message schedule `w` into the chaining value `s`. */
  protected abstract compress(w: Uint32Array, s: Uint32Array): void;

  /** Add a block's working variables into the chaining value, word by word (mod 2^32). */
  protected addToState(...values: number[]): void {
    for (let i = 0; i < values.length; i++) this.state[i] += values[i];
  }

  private consume(data: Uint8Array, offset: number): void {
    const w = this.words;
    for (let t = 0; t < this.blockSize / 4; t++) {
      const p = offset + t * 4;
      w[t] = (data[p] << 24) | (data[p + 1] << 16) | (data[p + 2] << 8) | data[p + 3];
    }
    this.compress(w, this.state);
  }

  update(data: Uint8Array | string): this {
    if (this.finished) throw new Error(`${this.algorithm}: update after digest`);
    const bytes = bytesOf(data);
    const size = this.blockSize;
    this.total += bytes.length;
    let i = 0;
    if (this.blockLength > 0) {
      const take = Math.min(size - this.blockLength, bytes.length);
      this.block.set(bytes.subarray(0, take), this.blockLength);
      this.blockLength += take;
      i = take;
      if (this.blockLength < size) return this;
      this.consume(this.block, 0);
      this.blockLength = 0;
    }
    for (; i + size <= bytes.length; i += size) this.consume(bytes, i);
    if (i < bytes.length) {
      this.block.set(bytes.subarray(i), 0);
      this.blockLength = bytes.length - i;
    }
    return this;
  }

  digest(): Uint8Array {
    if (!this.finished) {
      const size = this.blockSize;
      const bits = this.total * 8;
      const room = this.blockLength < size - this.lengthBytes ? size : 2 * size;
      const pad = new Uint8Array(room - this.blockLength);
      pad[0] = 0x80;
      const view = new DataView(pad.buffer);
      // Only the low 64 bits of the length can be non-zero (inputs stay below 2^53 bytes); they are
      // written as two 32-bit halves because bitwise operators work on 32 bits.
      view.setUint32(pad.length - 8, Math.floor(bits / 0x100000000));
      view.setUint32(pad.length - 4, bits >>> 0);
      this.update(pad);
      this.finished = true;
    }
    const out = new Uint8Array(this.outputSize);
    const view = new DataView(out.buffer);
    for (let j = 0; j < this.state.length; j++) view.setUint32(j * 4, this.state[j]);
    return out;
  }

  hex(): string {
    return toHex(this.digest());
  }
}

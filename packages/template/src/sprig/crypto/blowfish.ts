/**
 * Blowfish as bcrypt uses it (the "eksblowfish" key schedule with salt). The initial P-array and S-boxes
 * are the fractional hexadecimal digits of π, computed once on first use instead of shipping 4 KiB of
 * constants.
 */

const WORDS = 18 + 4 * 256;

let piWords: Uint32Array | undefined;

/** arctan(1/x) scaled by 2^bits (Machin-style series in fixed point). */
function arctanInv(x: bigint, one: bigint): bigint {
  const x2 = x * x;
  let power = one / x;
  let sum = power;
  let n = 1n;
  let negative = true;
  for (;;) {
    power /= x2;
    const term = power / (2n * n + 1n);
    if (term === 0n) return sum;
    sum = negative ? sum - term : sum + term;
    negative = !negative;
    n++;
  }
}

/** The first `WORDS` 32-bit words of the fraction of π (π = 3.243F6A88 85A308D3 ... in hex). */
function pi(): Uint32Array {
  if (piWords) return piWords;
  const bits = BigInt(WORDS * 32 + 64);
  const one = 1n << bits;
  // Machin: π = 16·arctan(1/5) − 4·arctan(1/239).
  const value = 16n * arctanInv(5n, one) - 4n * arctanInv(239n, one);
  const fraction = (value - 3n * one) >> 64n;
  const words = new Uint32Array(WORDS);
  let rest = fraction;
  for (let i = WORDS - 1; i >= 0; i--) {
    words[i] = Number(rest & 0xffffffffn);
    rest >>= 32n;
  }
  piWords = words;
  return words;
}

/** A Blowfish key schedule: P-array then the four S-boxes in one array. */
export class Blowfish {
  readonly p: Uint32Array;
  readonly s: Uint32Array;

  constructor() {
    const init = pi();
    this.p = init.slice(0, 18);
    this.s = init.slice(18);
  }

  private f(x: number): number {
    const s = this.s;
    return (
      (((s[x >>> 24] + s[256 + ((x >>> 16) & 0xff)]) ^ s[512 + ((x >>> 8) & 0xff)]) + s[768 + (x & 0xff)]) >>>
      0
    );
  }

  /** Encrypt one block given as two words; returns the new pair in `out`. */
  encrypt(l0: number, r0: number, out: [number, number]): void {
    const p = this.p;
    let l = l0 ^ p[0];
    let r = r0;
    for (let i = 1; i <= 16; i += 2) {
      r ^= this.f(l) ^ p[i];
      l ^= this.f(r) ^ p[i + 1];
    }
    r ^= p[17];
    out[0] = r >>> 0;
    out[1] = l >>> 0;
  }

  /** Blowfish's ExpandKey, optionally with bcrypt's salt mixed into every block. */
  expandKey(key: Uint8Array, salt?: Uint8Array): void {
    let j = 0;
    const nextWord = (b: Uint8Array): number => {
      let w = 0;
      for (let k = 0; k < 4; k++) {
        w = (w << 8) | b[j];
        j = (j + 1) % b.length;
      }
      return w >>> 0;
    };
    for (let i = 0; i < 18; i++) this.p[i] = (this.p[i] ^ nextWord(key)) >>> 0;
    j = 0;
    const block: [number, number] = [0, 0];
    let l = 0;
    let r = 0;
    const fill = (arr: Uint32Array, n: number) => {
      for (let i = 0; i < n; i += 2) {
        if (salt) {
          l ^= nextWord(salt);
          r ^= nextWord(salt);
        }
        this.encrypt(l, r, block);
        [l, r] = block;
        arr[i] = l;
        arr[i + 1] = r;
      }
    };
    fill(this.p, 18);
    fill(this.s, 1024);
  }
}

/** DSA (FIPS 186-3) parameter and key generation as crypto/dsa does it, for `genPrivateKey "dsa"` (L2048N256). */
import { type RandomSource, randomBytes } from "../random.js";
import { fermatBase2, fromBytes, hasSmallFactor, isProbablePrime, mod, modPow } from "./bigint.js";

/** DSA parameters and key. */
export interface DsaKey {
  p: bigint;
  q: bigint;
  g: bigint;
  y: bigint;
  x: bigint;
}

/** `dsa.GenerateParameters(L2048N256)` then `dsa.GenerateKey`. */
export function generateDsa(random: RandomSource, l = 2048, n = 256): DsaKey {
  let p = 0n;
  let q = 0n;
  search: for (;;) {
    const qb = randomBytes(random, n / 8);
    qb[qb.length - 1] |= 1;
    qb[0] |= 0x80;
    q = fromBytes(qb);
    if (!isProbablePrime(q, 20, random)) continue;
    for (let i = 0; i < 4 * l; i++) {
      const pb = randomBytes(random, l / 8);
      pb[pb.length - 1] |= 1;
      pb[0] |= 0x80;
      p = fromBytes(pb);
      p -= mod(p, q) - 1n;
      if (p.toString(2).length < l) continue;
      if (hasSmallFactor(p) || !fermatBase2(p) || !isProbablePrime(p, 8, random)) continue;
      break search;
    }
  }
  const e = (p - 1n) / q;
  let g = 1n;
  for (let h = 2n; ; h++) {
    g = modPow(h, e, p);
    if (g !== 1n) break;
  }
  let x = 0n;
  while (x === 0n || x >= q) x = fromBytes(randomBytes(random, n / 8 + 8)) % q;
  return { p, q, g, y: modPow(g, x, p), x };
}

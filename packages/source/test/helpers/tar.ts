import { concat } from "../../src/artifact/gzip.js";
import { TarWriter } from "../../src/index.js";

/** The bytes of the tar archive that `add` writes (finished after it returns). */
export function tarOf(add: (w: TarWriter) => void): Uint8Array {
  const chunks: Uint8Array[] = [];
  const w = new TarWriter((c) => chunks.push(c));
  add(w);
  w.finish();
  return concat(chunks, w.size);
}

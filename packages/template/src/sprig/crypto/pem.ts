/** PEM armour (encoding/pem): encode with 64-column base64, decode the first well-formed block. */
import { base64Decode, base64Encode } from "../encoding.js";

/** A PEM block. */
export interface PemBlock {
  type: string;
  bytes: Uint8Array;
}

/** `pem.EncodeToMemory` for a block without headers. */
export function encodePem(block: PemBlock): string {
  const b64 = base64Encode(block.bytes);
  let body = "";
  for (let i = 0; i < b64.length; i += 64) body += `${b64.slice(i, i + 64)}\n`;
  return `-----BEGIN ${block.type}-----\n${body}-----END ${block.type}-----\n`;
}

/** `pem.Decode`: the first valid block in `text` (headers skipped), or `undefined`. */
export function decodePem(text: string): PemBlock | undefined {
  const re = /(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t\r]*\n([\s\S]*?)\n?-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lines = m[2].split("\n").map((l) => l.replace(/[ \t\r]+$/, ""));
    // Optional "Key: value" headers end at a blank line.
    if (lines.length > 0 && lines[0].includes(":")) {
      const blank = lines.indexOf("");
      if (blank < 0) continue;
      lines.splice(0, blank + 1);
    }
    try {
      const bytes = base64Decode(new TextEncoder().encode(lines.join("")));
      return { type: m[1], bytes };
    } catch {
      // Go moves on to the next block.
    }
  }
  return undefined;
}

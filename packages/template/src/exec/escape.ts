/**
 * The escaping builtins `html`, `js` and `urlquery`, byte-compatible with Go's text/template.
 */
import { isPrint } from "../fmt/quote.js";
import { encodeGoString } from "../value/gostring.js";

/** Go's template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  if (!/['"&<>\0]/.test(s)) return s;
  let out = "";
  for (const ch of s) {
    switch (ch) {
      case "\0":
        out += "\ufffd";
        break;
      case '"':
        out += "&#34;";
        break;
      case "'":
        out += "&#39;";
        break;
      case "&":
        out += "&amp;";
        break;
      case "<":
        out += "&lt;";
        break;
      case ">":
        out += "&gt;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

const HEX = "0123456789ABCDEF";

/** Go's template.JSEscapeString. */
export function jsEscape(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x80) {
      switch (c) {
        case 0x5c:
          out += "\\\\";
          continue;
        case 0x27:
          out += "\\'";
          continue;
        case 0x22:
          out += '\\"';
          continue;
        case 0x3c:
          out += "\\u003C";
          continue;
        case 0x3e:
          out += "\\u003E";
          continue;
        case 0x26:
          out += "\\u0026";
          continue;
        case 0x3d:
          out += "\\u003D";
          continue;
        default:
          out += s[i];
          continue;
      }
    }
    if (c < 0x20) {
      out += `\\u00${HEX[c >> 4]}${HEX[c & 0xf]}`;
      continue;
    }
    const cp = s.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    i += ch.length - 1;
    if (cp >= 0xdc80 && cp <= 0xdcff) {
      out += ch; // an escaped raw byte decodes to RuneError, which is printable: written unchanged
    } else if (isPrint(cp)) {
      out += ch;
    } else {
      out += `\\u${cp.toString(16).toUpperCase().padStart(4, "0")}`;
    }
  }
  return out;
}

/** Go's url.QueryEscape. */
export function urlQueryEscape(s: string): string {
  let out = "";
  for (const b of encodeGoString(s)) {
    if (
      (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x61 && b <= 0x7a) ||
      (b >= 0x30 && b <= 0x39) ||
      b === 0x2d ||
      b === 0x5f ||
      b === 0x2e ||
      b === 0x7e
    ) {
      out += String.fromCharCode(b);
    } else if (b === 0x20) {
      out += "+";
    } else {
      out += `%${HEX[b >> 4]}${HEX[b & 0xf]}`;
    }
  }
  return out;
}

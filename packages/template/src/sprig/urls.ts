/** `urlParse` / `urlJoin` with Go's `net/url` parsing, escaping and `URL.String()`. */
import { quote } from "../fmt/quote.js";
import { defineFunc, type FuncMap } from "../funcs/types.js";
import { decodeGoBytes } from "../value/gostring.js";
import { MAP_STRING_ANY, T } from "../value/types.js";
import { kindOf, mapGet, newMap } from "../value/values.js";
import { goBytes } from "./bytes.js";

type Mode = "path" | "host" | "zone" | "userPassword" | "fragment" | "query";

const isAlnum = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

/** Go's shouldEscape. */
function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === "host" || mode === "zone") && "!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  if ("-_.~".includes(ch)) return false;
  if ("$&+,/:;=?@".includes(ch)) {
    switch (mode) {
      case "path":
        return ch === "?";
      case "userPassword":
        return ch === "@" || ch === "/" || ch === "?" || ch === ":";
      case "query":
        return true;
      case "fragment":
        return false;
      default:
        break;
    }
  }
  if (mode === "fragment" && "!()*".includes(ch)) return false;
  return true;
}

/** Go's url escape for a component. */
function urlEscape(s: string, mode: Mode): string {
  let out = "";
  for (const b of goBytes(s)) {
    if (shouldEscape(b, mode)) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** Go's url unescape; throws with Go's messages. */
function urlUnescape(s: string, mode: Mode): string {
  const b = goBytes(s);
  const text = (from: number, to: number) => decodeGoBytes(b.subarray(from, to));
  const out: number[] = [];
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c === 0x25) {
      const h1 = String.fromCharCode(b[i + 1] ?? 0);
      const h2 = String.fromCharCode(b[i + 2] ?? 0);
      if (i + 2 >= b.length || !isHex(h1) || !isHex(h2)) {
        throw new Error(`invalid URL escape ${quote(text(i, Math.min(b.length, i + 3)))}`);
      }
      const v = Number.parseInt(h1 + h2, 16);
      const isPct25 = v === 0x25 && h1 === "2";
      if (mode === "host" && Number.parseInt(h1, 16) < 8 && !isPct25) {
        throw new Error(`invalid URL escape ${quote(text(i, i + 3))}`);
      }
      if (mode === "zone" && !isPct25 && v !== 0x20 && shouldEscape(v, "host")) {
        throw new Error(`invalid URL escape ${quote(text(i, i + 3))}`);
      }
      out.push(v);
      i += 3;
      continue;
    }
    if ((mode === "host" || mode === "zone") && c < 0x80 && shouldEscape(c, mode)) {
      throw new Error(`invalid character ${quote(String.fromCharCode(c))} in host name`);
    }
    out.push(mode === "query" && c === 0x2b ? 0x20 : c);
    i++;
  }
  return decodeGoBytes(Uint8Array.from(out));
}

function validOptionalPort(port: string): boolean {
  return port === "" || /^:[0-9]*$/.test(port);
}

function parseHost(host: string): string {
  if (host.startsWith("[")) {
    const i = host.lastIndexOf("]");
    if (i < 0) throw new Error("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${quote(colonPort)} after host`);
    const zone = host.slice(0, i).indexOf("%25");
    if (zone >= 0) {
      return (
        urlUnescape(host.slice(0, zone), "host") +
        urlUnescape(host.slice(zone, i), "zone") +
        urlUnescape(host.slice(i), "host")
      );
    }
  } else {
    const i = host.lastIndexOf(":");
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${quote(colonPort)} after host`);
    }
  }
  return urlUnescape(host, "host");
}

interface Userinfo {
  username: string;
  password?: string;
}

function userinfoString(u: Userinfo): string {
  let s = urlEscape(u.username, "userPassword");
  if (u.password !== undefined) s += `:${urlEscape(u.password, "userPassword")}`;
  return s;
}

function parseAuthority(authority: string): { user?: Userinfo; host: string } {
  const i = authority.lastIndexOf("@");
  const host = parseHost(i < 0 ? authority : authority.slice(i + 1));
  if (i < 0) return { host };
  const userinfo = authority.slice(0, i);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new Error("net/url: invalid userinfo");
  const colon = userinfo.indexOf(":");
  if (colon < 0) return { user: { username: urlUnescape(userinfo, "userPassword") }, host };
  return {
    user: {
      username: urlUnescape(userinfo.slice(0, colon), "userPassword"),
      password: urlUnescape(userinfo.slice(colon + 1), "userPassword"),
    },
    host,
  };
}

/** The parts of a Go `url.URL` Sprig reads or writes. */
export interface GoURL {
  scheme: string;
  opaque: string;
  user?: Userinfo;
  host: string;
  path: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z")) continue;
    if ((c >= "0" && c <= "9") || c === "+" || c === "-" || c === ".") {
      if (i === 0) return ["", raw];
      continue;
    }
    if (c === ":") {
      if (i === 0) throw new Error("missing protocol scheme");
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ["", raw];
  }
  return ["", raw];
}

function parseNoFragment(raw: string): GoURL {
  // Go rejects control bytes.
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error("net/url: invalid control character in URL");
  const u: GoURL = {
    scheme: "",
    opaque: "",
    host: "",
    path: "",
    rawQuery: "",
    forceQuery: false,
    fragment: "",
  };
  if (raw === "*") {
    u.path = "*";
    return u;
  }
  let [scheme, rest] = getScheme(raw);
  u.scheme = scheme.toLowerCase();
  if (rest.endsWith("?") && rest.split("?").length === 2) {
    u.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf("?");
    if (q >= 0) {
      u.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith("/")) {
    if (u.scheme !== "") {
      u.opaque = rest;
      return u;
    }
    if (rest.split("/")[0].includes(":")) throw new Error("first path segment in URL cannot contain colon");
  }
  if ((u.scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    let authority = rest.slice(2);
    rest = "";
    const i = authority.indexOf("/");
    if (i >= 0) {
      rest = authority.slice(i);
      authority = authority.slice(0, i);
    }
    const a = parseAuthority(authority);
    u.user = a.user;
    u.host = a.host;
  }
  u.path = urlUnescape(rest, "path");
  return u;
}

/** Go's `url.Parse`; throws with Go's `*url.Error` text (`parse "x": ...`). */
export function parseURL(raw: string): GoURL {
  const hash = raw.indexOf("#");
  const withoutFragment = hash < 0 ? raw : raw.slice(0, hash);
  let u: GoURL;
  try {
    u = parseNoFragment(withoutFragment);
  } catch (err) {
    throw new Error(`parse ${quote(withoutFragment)}: ${(err as Error).message}`);
  }
  if (hash >= 0 && hash + 1 < raw.length) {
    try {
      u.fragment = urlUnescape(raw.slice(hash + 1), "fragment");
    } catch (err) {
      throw new Error(`parse ${quote(raw)}: ${(err as Error).message}`);
    }
  }
  return u;
}

/** Go's `URL.Hostname()`. */
export function hostname(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(":");
  if (colon !== -1 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  return h;
}

/** Go's `URL.String()` (for URLs without a RawPath/RawFragment hint). */
export function formatURL(u: GoURL): string {
  let out = "";
  if (u.scheme !== "") out += `${u.scheme}:`;
  if (u.opaque !== "") out += u.opaque;
  else {
    if (u.scheme !== "" || u.host !== "" || u.user) {
      if (u.host !== "" || u.path !== "" || u.user) out += "//";
      if (u.user) out += `${userinfoString(u.user)}@`;
      if (u.host !== "") out += urlEscape(u.host, "host");
    }
    const path = u.path === "*" ? "*" : urlEscape(u.path, "path");
    if (path !== "" && path[0] !== "/" && u.host !== "") out += "/";
    if (out === "" && path.split("/")[0].includes(":")) out += "./";
    out += path;
  }
  if (u.forceQuery || u.rawQuery !== "") out += `?${u.rawQuery}`;
  if (u.fragment !== "") out += `#${urlEscape(u.fragment, "fragment")}`;
  return out;
}

/** Sprig's dictGetOrEmpty: a string entry, `""` when absent, a panic for other types. */
function stringEntry(d: Record<string, unknown>, key: string): string {
  const v = mapGet(d, key);
  if (v === undefined) return "";
  if (v === null) throw new Error("runtime error: invalid memory address or nil pointer dereference");
  if (typeof v !== "string") {
    throw new Error(`unable to parse ${key} key, must be of type string, but ${kindOf(v)} found`);
  }
  return v;
}

/** The URL family. */
export function urlFuncs(): FuncMap {
  return {
    urlParse: defineFunc({
      params: [T.string],
      result: MAP_STRING_ANY,
      fn: (v) => {
        let u: GoURL;
        try {
          u = parseURL(v);
        } catch (err) {
          throw new Error(`unable to parse url: ${(err as Error).message}`);
        }
        const m = newMap();
        m.scheme = u.scheme;
        m.host = u.host;
        m.hostname = hostname(u.host);
        m.path = u.path;
        m.query = u.rawQuery;
        m.opaque = u.opaque;
        m.fragment = u.fragment;
        m.userinfo = u.user ? userinfoString(u.user) : "";
        return m;
      },
    }),
    urlJoin: defineFunc({
      params: [MAP_STRING_ANY],
      result: T.string,
      fn: (d: Record<string, unknown>) => {
        const u: GoURL = {
          scheme: stringEntry(d, "scheme"),
          host: stringEntry(d, "host"),
          path: stringEntry(d, "path"),
          rawQuery: stringEntry(d, "query"),
          opaque: stringEntry(d, "opaque"),
          fragment: stringEntry(d, "fragment"),
          forceQuery: false,
        };
        const userinfo = stringEntry(d, "userinfo");
        if (userinfo !== "") {
          try {
            u.user = parseURL(`proto://${userinfo}@host`).user;
          } catch (err) {
            throw new Error(`unable to parse userinfo in dict: ${(err as Error).message}`);
          }
        }
        return formatURL(u);
      },
    }),
  };
}

/**
 * An in-process Git server: the smart HTTP protocol (v1) over a repository that lives on a memFs()
 * `FileSystem`, exposed as an `HttpFetch`. Sources and image automation talk to it exactly as they
 * would to a Git host (ref advertisement, shallow fetches, pushes), without a socket or a `git` binary.
 *
 * It speaks just enough of the protocol for isomorphic-git clients: `upload-pack` with `shallow` and
 * `side-band-64k` (the pack is always sent whole for the wanted commits, minus what the client says it
 * has), and `receive-pack` with `report-status` (fast-forward checks included).
 */
import type { FileSystem, HttpFetch } from "@gitops-kit/core";
import { toIsomorphicFs } from "@gitops-kit/source";
import * as git from "isomorphic-git";

const ZERO_OID = "0".repeat(40);
const AGENT = "agent=gitops-kit-demo";
const MAX_BAND_DATA = 65515;

/** A repository served over HTTP from a file system. */
export interface GitServerOptions {
  fs: FileSystem;
  /** The repository's working-tree directory (its `.git` is served). */
  dir: string;
  /** The clone URL, e.g. `http://git.localhost/fleet.git`. */
  url: string;
}

/** What the server saw, for the demo's summary. */
export interface GitServerStats {
  refAdvertisements: number;
  fetches: number;
  pushes: number;
}

/** An in-process Git host: pass `fetch` wherever an `HttpFetch` is taken. */
export interface GitServer {
  url: string;
  fetch: HttpFetch;
  stats: GitServerStats;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function pkt(data: string | Uint8Array): Uint8Array {
  const body = typeof data === "string" ? encoder.encode(data) : data;
  const head = encoder.encode((body.length + 4).toString(16).padStart(4, "0"));
  return concat([head, body]);
}

const FLUSH = encoder.encode("0000");

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Split a request body into pkt-line payloads (`null` for a flush) and whatever follows the last flush. */
function readPktLines(
  body: Uint8Array,
  stopAfterFlush = false,
): { lines: (string | null)[]; rest: Uint8Array } {
  const lines: (string | null)[] = [];
  let offset = 0;
  while (offset + 4 <= body.length) {
    const size = Number.parseInt(decoder.decode(body.subarray(offset, offset + 4)), 16);
    if (Number.isNaN(size)) throw new Error("malformed pkt-line");
    if (size === 0) {
      lines.push(null);
      offset += 4;
      if (stopAfterFlush) break;
      continue;
    }
    lines.push(decoder.decode(body.subarray(offset + 4, offset + size)));
    offset += size;
  }
  return { lines, rest: body.subarray(offset) };
}

/** Wrap a payload into side-band channel 1 packets. */
function band1(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += MAX_BAND_DATA) {
    out.push(pkt(concat([Uint8Array.of(1), data.subarray(i, i + MAX_BAND_DATA)])));
  }
  return out;
}

/** Serve the repository in `options.dir` as `options.url`. */
export function createGitServer(options: GitServerOptions): GitServer {
  const fs = toIsomorphicFs(options.fs);
  const { dir } = options;
  const gitdir = `${dir}/.git`;
  const base = new URL(options.url);
  const stats: GitServerStats = { refAdvertisements: 0, fetches: 0, pushes: 0 };
  const cache = {};

  async function advertise(service: string): Promise<Uint8Array> {
    stats.refAdvertisements++;
    const head = await git.currentBranch({ fs, gitdir, fullname: true }).catch(() => undefined);
    const refs: [string, string][] = [];
    for (const branch of (await git.listBranches({ fs, gitdir })).sort()) {
      refs.push([`refs/heads/${branch}`, await git.resolveRef({ fs, gitdir, ref: `refs/heads/${branch}` })]);
    }
    for (const tag of (await git.listTags({ fs, gitdir })).sort()) {
      refs.push([`refs/tags/${tag}`, await git.resolveRef({ fs, gitdir, ref: `refs/tags/${tag}` })]);
    }
    const caps =
      service === "git-upload-pack"
        ? ["side-band-64k", "shallow", "ofs-delta", AGENT]
        : ["report-status", "side-band-64k", "delete-refs", AGENT];
    if (head?.startsWith("refs/")) caps.push(`symref=HEAD:${head}`);
    const lines: Uint8Array[] = [pkt(`# service=${service}\n`), FLUSH];
    const headOid = head
      ? await git.resolveRef({ fs, gitdir, ref: "HEAD" }).catch(() => undefined)
      : undefined;
    const all: [string, string][] =
      headOid && service === "git-upload-pack" ? [["HEAD", headOid], ...refs] : refs;
    if (all.length === 0) lines.push(pkt(`${ZERO_OID} capabilities^{}\0${caps.join(" ")}\n`));
    all.forEach(([name, oid], i) => {
      lines.push(pkt(i === 0 ? `${oid} ${name}\0${caps.join(" ")}\n` : `${oid} ${name}\n`));
    });
    lines.push(FLUSH);
    return concat(lines);
  }

  /** Every tree and blob below `tree`, added to `into`. */
  async function collectTree(tree: string, into: Set<string>): Promise<void> {
    if (into.has(tree)) return;
    into.add(tree);
    const { tree: entries } = await git.readTree({ fs, gitdir, oid: tree, cache });
    for (const entry of entries) {
      if (entry.type === "tree") await collectTree(entry.oid, into);
      else if (entry.type === "blob") into.add(entry.oid);
    }
  }

  async function uploadPack(body: Uint8Array): Promise<Uint8Array> {
    stats.fetches++;
    const { lines } = readPktLines(body);
    const wants: string[] = [];
    const haves = new Set<string>();
    let depth = Number.POSITIVE_INFINITY;
    for (const line of lines) {
      if (line === null) continue;
      const [verb, arg] = line.trim().split(" ");
      if (verb === "want") wants.push(arg);
      else if (verb === "have") haves.add(arg);
      else if (verb === "deepen") depth = Number(arg);
    }
    // What the client already has: the trees of the commits it named.
    const known = new Set<string>();
    for (const oid of haves) {
      const commit = await git.readCommit({ fs, gitdir, oid, cache }).catch(() => undefined);
      if (commit) await collectTree(commit.commit.tree, known);
    }
    const send = new Set<string>();
    const shallow: string[] = [];
    let frontier = wants.map((oid) => ({ oid, level: 1 }));
    const seen = new Set<string>();
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const { oid, level } of frontier) {
        if (seen.has(oid) || haves.has(oid)) continue;
        seen.add(oid);
        const { commit } = await git.readCommit({ fs, gitdir, oid, cache });
        send.add(oid);
        const trees = new Set<string>();
        await collectTree(commit.tree, trees);
        for (const o of trees) if (!known.has(o)) send.add(o);
        if (level >= depth) {
          if (commit.parent.length > 0) shallow.push(oid);
          continue;
        }
        for (const parent of commit.parent) next.push({ oid: parent, level: level + 1 });
      }
      frontier = next;
    }
    const { packfile } = await git.packObjects({ fs, gitdir, oids: [...send], write: false, cache });
    const out: Uint8Array[] = [];
    if (Number.isFinite(depth)) {
      for (const oid of shallow) out.push(pkt(`shallow ${oid}\n`));
      out.push(FLUSH);
    }
    out.push(pkt("NAK\n"), ...band1(packfile ?? new Uint8Array(0)), FLUSH);
    return concat(out);
  }

  async function receivePack(body: Uint8Array): Promise<Uint8Array> {
    stats.pushes++;
    const { lines, rest } = readPktLines(body, true);
    const commands = lines
      .filter((l): l is string => l !== null)
      .map((l) => {
        const [oldOid, newOid, ref] = l.split("\0")[0].trim().split(" ");
        return { oldOid, newOid, ref };
      });
    const report: string[] = [];
    let unpack = "unpack ok\n";
    if (rest.length > 0) {
      try {
        const name = `pack-${Array.from(rest.subarray(rest.length - 20), (b) => b.toString(16).padStart(2, "0")).join("")}`;
        await fs.writeFile(`${gitdir}/objects/pack/${name}.pack`, rest);
        await git.indexPack({ fs, dir, gitdir, filepath: `.git/objects/pack/${name}.pack`, cache });
      } catch (err) {
        unpack = `unpack ${err instanceof Error ? err.message : String(err)}\n`;
      }
    }
    for (const { oldOid, newOid, ref } of commands) {
      const current = await git.resolveRef({ fs, gitdir, ref }).catch(() => ZERO_OID);
      if (unpack !== "unpack ok\n") report.push(`ng ${ref} unpacker error\n`);
      else if (current !== oldOid) report.push(`ng ${ref} fetch first\n`);
      else if (newOid === ZERO_OID) {
        await git.deleteRef({ fs, gitdir, ref });
        report.push(`ok ${ref}\n`);
      } else if (oldOid !== ZERO_OID && !(await isAncestor(oldOid, newOid))) {
        report.push(`ng ${ref} non-fast-forward\n`);
      } else {
        await git.writeRef({ fs, gitdir, ref, value: newOid, force: true });
        report.push(`ok ${ref}\n`);
      }
    }
    const status = concat([pkt(unpack), ...report.map((r) => pkt(r)), FLUSH]);
    return concat([...band1(status), FLUSH]);
  }

  async function isAncestor(ancestor: string, oid: string): Promise<boolean> {
    return oid === ancestor || git.isDescendent({ fs, gitdir, oid, ancestor, depth: -1, cache });
  }

  const fetch: HttpFetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
      return new Response("not found", { status: 404 });
    }
    const path = url.pathname.slice(base.pathname.length);
    const method = (init?.method ?? "GET").toUpperCase();
    try {
      if (method === "GET" && path === "/info/refs") {
        const service = url.searchParams.get("service") ?? "";
        if (service !== "git-upload-pack" && service !== "git-receive-pack") {
          return new Response("dumb HTTP is not served", { status: 403 });
        }
        return new Response(await advertise(service), {
          headers: { "content-type": `application/x-${service}-advertisement`, "cache-control": "no-cache" },
        });
      }
      if (method === "POST" && (path === "/git-upload-pack" || path === "/git-receive-pack")) {
        const body = new Uint8Array(await new Response(init?.body ?? null).arrayBuffer());
        const service = path.slice(1);
        const result = service === "git-upload-pack" ? await uploadPack(body) : await receivePack(body);
        return new Response(result, { headers: { "content-type": `application/x-${service}-result` } });
      }
      return new Response("not found", { status: 404 });
    } catch (err) {
      return new Response(`git server error: ${err instanceof Error ? err.message : String(err)}`, {
        status: 500,
      });
    }
  };

  return { url: options.url, fetch, stats };
}

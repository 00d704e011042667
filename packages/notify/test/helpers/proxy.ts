/** A minimal HTTP proxy on 127.0.0.1: absolute-form requests are forwarded, CONNECT opens a tunnel. */
import { once } from "node:events";
import { createServer, request } from "node:http";
import { type AddressInfo, connect } from "node:net";

export interface Proxy {
  url: string;
  /** `CONNECT host:port` or `GET http://...`, with the Proxy-Authorization seen. */
  seen: { line: string; auth: string | undefined }[];
  close(): Promise<void>;
}

export async function startProxy(): Promise<Proxy> {
  const seen: Proxy["seen"] = [];
  // Tunnelled sockets leave the HTTP server's bookkeeping, so close() must end them itself.
  const tunnels = new Set<{ destroy(): void }>();
  const server = createServer((req, res) => {
    seen.push({ line: `${req.method} ${req.url}`, auth: req.headers["proxy-authorization"] });
    const target = new URL(req.url ?? "");
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on("connect", (req, socket, head) => {
    seen.push({ line: `CONNECT ${req.url}`, auth: req.headers["proxy-authorization"] });
    const [host, port] = (req.url ?? "").split(":");
    tunnels.add(socket);
    const upstream = connect(Number(port), host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    tunnels.add(upstream);
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      for (const t of tunnels) t.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

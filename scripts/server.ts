// The production server (`npm start`, after `npm run build`): Next.js as a custom server, except /scim/v2,
// which lib/http/scim-node.ts answers with the same route handlers of app/scim/v2/** without Next's router
// (about 1 ms per request: issue #5's throughput targets). `next dev` still serves SCIM through Next.
//   node --import tsx scripts/server.ts [-H host] [-p port]      (PORT, HOSTNAME; defaults 127.0.0.1:3000)
import http from "node:http";
import { parseArgs } from "node:util";

// What `next start` sets before anything loads (React picks its build from NODE_ENV at import).
(process.env as Record<string, string>).NODE_ENV = "production";
process.env.NEXT_RUNTIME = "nodejs";

const { values: args } = parseArgs({
  options: { hostname: { type: "string", short: "H" }, port: { type: "string", short: "p" } },
  allowPositionals: false,
});
const hostname = args.hostname ?? process.env.HOSTNAME ?? "127.0.0.1";
const port = Number(args.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${args.port ?? process.env.PORT}`);
  process.exit(1);
}
process.env.PORT = String(port);

const { default: next } = await import("next");
const { log } = await import("@/lib/log");
const { disconnect } = await import("@/lib/db/client");
const { scimNodeHandler, scimRequestRoute } = await import("@/lib/http/scim-node");
const scim = scimNodeHandler({
  Users: await import("@/app/scim/v2/Users/[[...id]]/route"),
  Groups: await import("@/app/scim/v2/Groups/[[...id]]/route"),
  ResourceTypes: await import("@/app/scim/v2/ResourceTypes/[[...id]]/route"),
  Schemas: await import("@/app/scim/v2/Schemas/[[...id]]/route"),
  ServiceProviderConfig: await import("@/app/scim/v2/ServiceProviderConfig/route"),
  "[...path]": await import("@/app/scim/v2/[...path]/route"),
});

// Next builds route handlers' request URLs from its configured host and port, not the Host header.
const origin = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;

const server = http.createServer((req, res) => {
  const route = scimRequestRoute(req.url, origin);
  if (route) return void scim(req, res, route);
  handle(req, res).catch((err: unknown) => {
    log.error("request failed", { err, path: req.url });
    if (!res.headersSent) {
      res.statusCode = 500;
      res.end("Internal Server Error");
    } else res.destroy();
  });
});
// keepAliveTimeout stays node's default (5 s), as with `next start`.

// next.config.mjs (and NEXT_DIST_DIR) from the working directory; prepare() runs instrumentation.ts register().
const app = next({ dev: false, hostname, port, dir: process.cwd(), httpServer: server });
await app.prepare();
const handle = app.getRequestHandler();

server.on("error", (err) => {
  log.error("server failed", { err });
  process.exit(1);
});
server.listen(port, hostname, () => log.info("Gatehouse ready", { url: `http://${hostname}:${port}`, distDir: process.env.NEXT_DIST_DIR || ".next" }));

let closing = false;
async function shutdown(signal: NodeJS.Signals) {
  if (closing) return;
  closing = true;
  // Like `next start`: stop accepting, let in-flight requests finish, then close Next and the database
  // (which waits for buffered SCIM activity rows).
  setTimeout(() => process.exit(1), 10_000).unref();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.close().catch((err: unknown) => log.error("Next did not close cleanly", { err }));
  await disconnect().catch((err: unknown) => log.error("database did not disconnect cleanly", { err }));
  process.exit(signal === "SIGINT" ? 130 : 143);
}
process.on("SIGINT", (s) => void shutdown(s));
process.on("SIGTERM", (s) => void shutdown(s));

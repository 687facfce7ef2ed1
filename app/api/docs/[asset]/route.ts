import fs from "node:fs/promises";
import path from "node:path";
import { DomainError } from "@/lib/domain/errors";
import { publicRoute } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

// The reference page's assets: two files of the swagger-ui-dist package (read once, kept in memory)
// and the few lines that point it at our document. Nothing else can be asked for by name.
const FILES: Record<string, string> = { "swagger-ui.css": "text/css; charset=utf-8", "swagger-ui-bundle.js": "text/javascript; charset=utf-8" };
const INIT = `window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#reference", deepLinking: true, validatorUrl: null, tryItOutEnabled: false });\n`;
const cache = new Map<string, Promise<Buffer>>();

export const GET = publicRoute(async (_req, { asset }) => {
  if (asset === "init.js") return new Response(INIT, { headers: { "content-type": "text/javascript; charset=utf-8" } });
  const type = FILES[asset];
  if (!type) throw new DomainError("not_found", `no such asset ${JSON.stringify(asset)}`);
  let body = cache.get(asset);
  if (!body) cache.set(asset, (body = fs.readFile(path.join(process.cwd(), "node_modules", "swagger-ui-dist", asset))));
  return new Response(new Uint8Array(await body), { headers: { "content-type": type, "cache-control": "public, max-age=86400" } });
});

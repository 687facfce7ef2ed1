import { publicRoute } from "@/app/api/v1/_authorized";

// Dynamic, so the host check runs (a static page would be served before any code of ours).
export const dynamic = "force-dynamic";

// The API reference: Swagger UI (from the swagger-ui-dist package, served by this app: no CDN) over
// GET /api/v1/openapi.json.
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>VM Studio API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
    <style>body { margin: 0 } .topbar { display: none }</style>
  </head>
  <body>
    <div id="reference"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

export const GET = publicRoute(async () => new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } }));

// npm run openapi [-- <file>] — writes the OpenAPI 3.1 document of /api/v1 (the one GET /api/v1/openapi.json
// serves) to a file, default runtime/openapi.json; `npm run lint:openapi` lints it with Redocly.
import fs from "node:fs";
import path from "node:path";
import { APP_VERSION } from "../lib/config/appVersion";
import { openApiDocument } from "../lib/http/openapi";

const out = path.resolve(process.argv[2] ?? "runtime/openapi.json");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(openApiDocument(APP_VERSION), null, 2) + "\n");
console.log(`wrote ${path.relative(process.cwd(), out)}`);

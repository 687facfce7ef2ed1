import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { createParser } from "eventsource-parser";
import * as catchAll from "@/app/api/v1/[...path]/route";
import { openApiDocument } from "@/lib/http/openapi";

// Every answer an API test gets through callRoute is checked against the OpenAPI document the app
// serves: the operation exists, the status is one it declares, and the body matches its schema. An
// undocumented route or a body that drifts from its schema fails the suite.

const doc = openApiDocument("test") as unknown as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...doc, $id: "openapi" });

const templates = Object.keys(doc.paths).map((t) => ({ t, re: new RegExp(`^${t.replace(/\{\w+\}/g, "[^/]+")}$`) }));
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

function validate(ref: string, value: unknown): string | null {
  let v = validators.get(ref);
  if (!v) validators.set(ref, (v = ajv.compile({ $ref: `openapi#/${ref}` })));
  return v(value) ? null : ajv.errorsText(v.errors, { separator: "; " });
}

function sseMessages(text: string): { event: string; data: unknown }[] {
  const out: { event: string; data: unknown }[] = [];
  const parser = createParser({ onEvent: (e) => out.push({ event: e.event ?? "message", data: JSON.parse(e.data) }) });
  parser.feed(text);
  return out;
}

/** Throws when the answer is not what the document says this operation answers. */
export function checkAgainstOpenApi(handler: unknown, method: string, urlPath: string, res: { status: number; headers: Headers; text: string }) {
  const where = `${method} ${urlPath} → ${res.status}`;
  const rawPath = urlPath.split("?")[0];
  // Unknown API paths are the catch-all's: always the error envelope, 404.
  if (Object.values(catchAll).includes(handler as never)) {
    if (res.status !== 404) throw new Error(`${where}: the catch-all answers 404 only`);
    const problem = validate(pointer("components", "schemas", "Error"), JSON.parse(res.text));
    if (problem) throw new Error(`${where}: ${problem}`);
    return;
  }
  let decoded = rawPath;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    // a malformed escape stays as sent
  }
  const template = templates.find((x) => x.re.test(rawPath) || x.re.test(decoded))?.t;
  const op = template && doc.paths[template][method.toLowerCase()];
  if (!template || !op) throw new Error(`${where}: no such operation in the OpenAPI document`);
  const declared = op.responses[String(res.status)];
  if (!declared) throw new Error(`${where}: status not declared (declared: ${Object.keys(op.responses).join(", ")})`);
  const type = (res.headers.get("content-type") ?? "").split(";")[0].trim();
  const media = declared.content ? Object.keys(declared.content) : [];
  if (!media.length) {
    if (res.text) throw new Error(`${where}: a body where none is declared`);
    return;
  }
  if (!media.includes(type)) throw new Error(`${where}: content-type ${type || "(none)"}, declared ${media.join(", ")}`);
  if (!declared.content![type].schema) return;
  const ref = pointer("paths", template, method.toLowerCase(), "responses", String(res.status), "content", type, "schema");
  const values = type === "application/json" ? [JSON.parse(res.text)] : type === "text/event-stream" ? sseMessages(res.text) : [];
  for (const value of values) {
    const problem = validate(ref, value);
    if (problem) throw new Error(`${where}: the body does not match the document: ${problem}\n${JSON.stringify(value).slice(0, 600)}`);
  }
}

import { checkAgainstOpenApi } from "./openApiCheck";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Call {
  body?: unknown;
  /** Raw body text, sent as is (for malformed JSON and size tests). */
  raw?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  query?: string;
}

/**
 * Calls a real route handler the way Next does: a Request object plus the route's params; the answer
 * must be what the OpenAPI document says (see openApiCheck.ts).
 */
export async function callRoute(handler: Handler, method: string, urlPath: string, call: Call = {}) {
  const headers: Record<string, string> = { ...call.headers };
  let body: string | undefined;
  if (call.raw !== undefined) body = call.raw;
  else if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    headers["content-type"] ??= "application/json";
  }
  const url = `http://127.0.0.1:3000${urlPath}${call.query ? `?${call.query}` : ""}`;
  const res = await handler(new Request(url, { method, headers, body }), {
    params: Promise.resolve(call.params ?? {}),
  });
  const text = await res.text();
  checkAgainstOpenApi(handler, method, urlPath, { status: res.status, headers: res.headers, text });
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

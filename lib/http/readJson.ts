import type { z } from "zod";
import { DomainError, type ErrorDetail } from "../domain/errors";

export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: base ? `${base}.${key}` : key,
        issue: "unknown field",
        code: "unknown_field",
      }));
    }
    // A length limit travels with its number, so the form can say "at most 200 characters".
    if (issue.code === "too_big" && (issue.origin === "string" || issue.origin === "array")) {
      return [{ path: base, issue: issue.message, code: issue.origin === "array" ? "too_many" : "too_big", limit: Number(issue.maximum) }];
    }
    return [{ path: base, issue: issue.message, code: issue.code }];
  });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const details = zodDetails(parsed.error);
    const fields = [...new Set(details.map((d) => d.path || "(body)"))].join(", ");
    throw new DomainError("invalid_input", `invalid request body: ${fields}`, details);
  }
  return parsed.data;
}

/**
 * Reads a JSON body: 415 unless it is declared JSON, 413 past `maxBytes` (counted while reading, so
 * a lying Content-Length cannot get more through), 400 for malformed JSON or a body the schema refuses.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes: number): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type.trim())) {
    throw new DomainError("unsupported_media_type", "send the body as application/json");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readLimited(req, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DomainError("invalid_json", `the body is not valid JSON: ${(err as Error).message}`);
  }
  return parseWith(schema, value);
}

function tooLarge(maxBytes: number) {
  return new DomainError("payload_too_large", `the body is larger than ${maxBytes} bytes`);
}

async function readLimited(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

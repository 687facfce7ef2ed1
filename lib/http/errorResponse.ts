import { DomainError, type ErrorCode } from "../domain/errors";

/** The one table from error code to HTTP status. */
const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  not_found: 404,
  conflict: 409,
  guard_blocked: 409,
  idempotency_key_reused: 422,
  vectors_unavailable: 503,
  payload_too_large: 413,
  unsupported_media_type: 415,
  provider_not_configured: 424,
  storage_failure: 507,
  internal: 500,
};

export function statusFor(code: ErrorCode): number {
  return STATUS[code];
}

/** `{error: {code, message, details}}`; unknown errors become a generic 500 and are logged, not leaked. */
export function errorResponse(err: unknown): Response {
  if (err instanceof DomainError) {
    return Response.json(
      { error: { code: err.code, message: err.message, details: err.details } },
      { status: statusFor(err.code) },
    );
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOSPC" || code === "EROFS" || code === "EACCES" || code === "EDQUOT") {
    console.error("[vm] storage failure:", err);
    return Response.json(
      { error: { code: "storage_failure", message: `the workspace cannot be written (${code})`, details: [] } },
      { status: statusFor("storage_failure") },
    );
  }
  console.error("[vm] unexpected error:", err);
  return Response.json(
    { error: { code: "internal", message: "unexpected server error; see the server log", details: [] } },
    { status: 500 },
  );
}

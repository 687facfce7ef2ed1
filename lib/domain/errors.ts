/** Stable error codes shared by the API, the UI and the CLI; lib/http maps each to one HTTP status. */
export const ERROR_CODES = [
  "invalid_input",
  "invalid_json",
  "unauthorized",
  "forbidden",
  "rate_limited",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "provider_not_configured",
  "guard_blocked",
  "idempotency_key_reused",
  "vectors_unavailable",
  "storage_failure",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  /** Dotted path of the offending field ("taboos.2"); "" for the body as a whole. */
  path: string;
  /** Human-readable reason. */
  issue: string;
  /** Machine-readable reason (zod issue code or ours), so the UI can localise it. */
  code?: string;
  /** The limit broken (too_big: characters; too_many: items). */
  limit?: number;
}

// Next bundles the server boot (instrumentation) and each route separately, so one process can hold
// several copies of this class; `instanceof` is answered by a registry-wide brand, not by identity.
const DOMAIN_ERROR = Symbol.for("vm-studio.DomainError");

export class DomainError extends Error {
  readonly [DOMAIN_ERROR] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[DOMAIN_ERROR] === true;
  }

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string, id: string) =>
  new DomainError("not_found", `${what} ${JSON.stringify(id)} does not exist`);

export const conflict = (message: string, details: ErrorDetail[] = []) =>
  new DomainError("conflict", message, details);

export const invalidInput = (message: string, details: ErrorDetail[] = []) =>
  new DomainError("invalid_input", message, details);

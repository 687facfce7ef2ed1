// The LLMProvider port: what services and the engine know about generation. The adapter in lib/llm
// speaks to any OpenAI-compatible endpoint; nothing outside it sees the SDK.

export interface LlmMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface GenerateOptions {
  model?: string;
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Told when the provider is about to try again (overloaded, 5xx, dropped connection). */
  onRetry?: (retry: LlmRetry) => void;
}

/** A retry the provider is about to make: "provider busy, try 2 of 4 in 4 s". */
export interface LlmRetry {
  /** The try about to be made (2 = the first retry). */
  attempt: number;
  /** Tries in all (the first plus llm.max_retries). */
  of: number;
  /** How long it waits first; null when the SDK picks the wait (after a dropped connection). */
  delayMs: number | null;
  /** What failed: "HTTP 429", "HTTP 503", "network". */
  reason: string;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface LlmResult {
  text: string;
  usage: LlmUsage | null;
  latencyMs: number;
  /** Time from sending the request to the first answer token (streaming only). */
  firstTokenMs: number | null;
  finishReason: string | null;
  requestId: string | null;
  model: string;
  /** The provider's response as received (redacted), for the audit trail. */
  raw: unknown;
}

/**
 * `delta`: answer text; `reasoning`: a reasoning model's thinking (never part of the answer — only
 * counted, to show that it is thinking); `done`: the same summary generate() gives.
 */
export type LlmStreamEvent = { type: "delta"; text: string } | { type: "reasoning"; text: string } | { type: "done"; result: LlmResult };

export interface LLMProvider {
  generate(messages: LlmMessage[], options?: GenerateOptions): Promise<LlmResult>;
  /** Answer deltas and reasoning deltas, kept apart, then one `done` with the same summary generate() gives. */
  stream(messages: LlmMessage[], options?: GenerateOptions): AsyncIterable<LlmStreamEvent>;
}

export type LlmErrorKind =
  | "auth"
  | "forbidden"
  | "quota"
  | "rate_limited"
  | "bad_request"
  | "not_found"
  | "server"
  | "timeout"
  | "network"
  /** The stream broke after part of the answer arrived (that part is in `partialText`). */
  | "interrupted"
  | "cancelled"
  | "empty_output";

const LLM_ERROR = Symbol.for("vm-studio.LlmError");

/** A classified provider failure: safe to show (no key, no headers), with what to do next in `hint`. */
export class LlmError extends Error {
  readonly [LLM_ERROR] = true;

  /** Branded like DomainError: several bundled copies of this class may meet in one process. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[LLM_ERROR] === true;
  }

  readonly kind: LlmErrorKind;
  readonly status: number | null;
  readonly hint: string | null;
  readonly requestId: string | null;
  /** What had been streamed before the failure (kept for audit, never saved as a success). */
  readonly partialText: string;

  constructor(
    kind: LlmErrorKind,
    message: string,
    extra: { status?: number | null; hint?: string | null; requestId?: string | null; partialText?: string } = {},
  ) {
    super(message);
    this.name = "LlmError";
    this.kind = kind;
    this.status = extra.status ?? null;
    this.hint = extra.hint ?? null;
    this.requestId = extra.requestId ?? null;
    this.partialText = extra.partialText ?? "";
  }

  withPartial(partialText: string): LlmError {
    return new LlmError(this.kind, this.message, { ...this, partialText });
  }

  toJSON() {
    return { kind: this.kind, message: this.message, status: this.status, hint: this.hint, request_id: this.requestId };
  }
}

/** What the app tells about its provider: never the key, only whether there is one. */
export interface ProviderStatus {
  baseUrl: string;
  model: string;
  keyConfigured: boolean;
  keyRequired: boolean;
  /** Names of the extra request headers; their values may be secrets and are never shown. */
  headerNames: string[];
  /** false when generation is refused with provider_not_configured. */
  configured: boolean;
}

/** A retry as the API and the events write it. */
export function retryJson(r: LlmRetry) {
  return { attempt: r.attempt, of: r.of, delay_ms: r.delayMs, reason: r.reason };
}

/** Usage as the API, the events and the snapshots write it. */
export function usageJson(u: LlmUsage | null) {
  return u && { prompt_tokens: u.promptTokens, completion_tokens: u.completionTokens, total_tokens: u.totalTokens };
}

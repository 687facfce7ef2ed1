import OpenAI from "openai";
import { LlmError } from "../domain/llm";

// Body fields of an error response, as OpenAI, Moonshot/Kimi and most compatible servers send them.
interface ErrorBody {
  message?: string;
  type?: string;
  code?: string | number;
}

const QUOTA = /quota|insufficient[_ ]?(balance|funds)|billing|usage limit|exceeded_current_quota|credit/i;

/** 429 means two different things: "slow down" (retry) and "you are out of quota" (do not). */
export function isQuotaBody(text: string): boolean {
  return QUOTA.test(text);
}

function bodyOf(err: InstanceType<typeof OpenAI.APIError>): ErrorBody {
  const e = err.error as ErrorBody | { error?: ErrorBody } | undefined;
  if (e && typeof e === "object" && "error" in e && e.error) return e.error;
  return (e as ErrorBody) ?? {};
}

/** Maps anything the SDK throws to a classified LlmError whose message is safe to store and show. */
export function classifyError(err: unknown, redact: (s: string) => string): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof OpenAI.APIUserAbortError || (err as Error)?.name === "AbortError") {
    return new LlmError("cancelled", "the request was cancelled");
  }
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return new LlmError("timeout", "the LLM endpoint did not answer in time (llm.timeout_ms)", {
      hint: "Raise llm.timeout_ms, or check that the endpoint is up.",
    });
  }
  if (err instanceof OpenAI.APIConnectionError) {
    const cause = (err.cause as Error | undefined)?.message ?? err.message;
    return new LlmError("network", redact(`cannot reach the LLM endpoint: ${cause}`), {
      hint: "Check llm.base_url and the network.",
    });
  }
  if (err instanceof OpenAI.APIError && typeof err.status === "number") {
    const body = bodyOf(err);
    const detail = redact(String(body.message ?? err.message ?? "")).slice(0, 500);
    const requestId = err.requestID ?? null;
    const status = err.status;
    const make = (kind: LlmError["kind"], message: string, hint: string | null = null) =>
      new LlmError(kind, message, { status, hint, requestId });
    if (status === 401) return make("auth", `the endpoint refused the API key (401): ${detail}`, "Check VM_LLM_API_KEY.");
    if (status === 403) {
      if (body.type === "access_terminated_error" || /coding agents/i.test(detail)) {
        return make(
          "forbidden",
          `Kimi's coding endpoint answered 403 access_terminated_error: it only serves the coding agents it recognises (${detail})`,
          "Use the Moonshot open-platform preset (llm.base_url https://api.moonshot.ai/v1 with a platform key), or set the request headers your Kimi plan allows in llm.headers. See README → LLM provider.",
        );
      }
      return make("forbidden", `the endpoint refused this request (403): ${detail}`, "Check the key's permissions for this model.");
    }
    if (status === 429) {
      return isQuotaBody(`${body.type ?? ""} ${body.code ?? ""} ${detail}`)
        ? make("quota", `the account's usage limit is reached (429): ${detail}`, "Top up or wait for the quota to reset; retrying will not help.")
        : make("rate_limited", `the endpoint is overloaded or rate-limiting (429): ${detail}`, "Wait a moment and try again.");
    }
    if (status === 404) return make("not_found", `the endpoint does not know this model or path (404): ${detail}`, "Check llm.model and llm.base_url.");
    if (status === 400 || status === 413 || status === 422) {
      const tooLong = /context|token|length/i.test(detail);
      return make("bad_request", `the endpoint rejected the request (${status}): ${detail}`, tooLong ? "The context is too long for this model: shorten the history or the memory budget." : null);
    }
    if (status === 408) return make("timeout", `the endpoint timed out (408): ${detail}`);
    if (status >= 500) return make("server", `the endpoint failed (${status}): ${detail}`, "Try again later.");
    return make("bad_request", `unexpected answer ${status}: ${detail}`);
  }
  return new LlmError("network", redact(`the LLM call failed: ${(err as Error)?.message ?? String(err)}`));
}

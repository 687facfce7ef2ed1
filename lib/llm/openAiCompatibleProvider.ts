import { AsyncLocalStorage } from "node:async_hooks";
import OpenAI from "openai";
import pLimit from "p-limit";
import {
  LlmError,
  type GenerateOptions,
  type LLMProvider,
  type LlmMessage,
  type LlmResult,
  type LlmStreamEvent,
  type LlmUsage,
} from "../domain/llm";
import { classifyError, isQuotaBody } from "./classifyError";
import { makeRedactor } from "./redact";

export interface ProviderConfig {
  baseUrl: string;
  model: string;
  apiKey: string | null;
  temperature: number;
  maxTokens: number;
  timeoutMs: number;
  /** Retries after the first attempt, for 408 / 409 / 429-overload / 5xx / connection errors. */
  maxRetries: number;
  /** Simultaneous LLM calls in this process. */
  concurrency: number;
  /** Extra request headers (settings.yaml llm.headers). */
  headers: Record<string, string>;
}

/** The call a fetch belongs to: the SDK's retries of one call all run inside its async context. */
interface CallScope {
  onRetry?: GenerateOptions["onRetry"];
  tries: number;
}
const callScope = new AsyncLocalStorage<CallScope>();

/** The SDK's own rule for a response worth retrying (client.js shouldRetry). */
const retryableStatus = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

/** Exponential backoff with jitter, as the SDK computes it when the server names no wait. */
const backoffMs = (retry: number) => Math.min(500 * 2 ** retry, 8000) * (1 - Math.random() * 0.25);

/**
 * The SDK already retries 408 / 409 / 429 / 5xx / connection errors with exponential backoff and jitter,
 * honouring Retry-After; it never retries 400 / 401 / 403 / 404. Two things it cannot do, done here
 * through the response headers it reads: a 429 that means "quota exhausted", where retrying only burns
 * time, gets `x-should-retry: false`; and a retry it is about to make is announced (onRetry) with the
 * wait it will take — fixed by setting `retry-after-ms` when the server named none.
 */
function observedFetch(maxRetries: number): typeof fetch {
  return async (input, init) => {
    const scope = callScope.getStore();
    const tries = scope ? ++scope.tries : 1;
    const willRetry = tries <= maxRetries;
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (err) {
      if (willRetry && !init?.signal?.aborted) scope?.onRetry?.({ attempt: tries + 1, of: maxRetries + 1, delayMs: null, reason: "network" });
      throw err;
    }
    if (!retryableStatus(response.status) || response.headers.get("x-should-retry") === "false") return response;
    const headers = new Headers(response.headers);
    if (response.status === 429) {
      const body = await response.clone().text();
      if (isQuotaBody(body)) {
        headers.set("x-should-retry", "false");
        return new Response(body, { status: response.status, statusText: response.statusText, headers });
      }
    }
    if (!willRetry || !scope?.onRetry) return response;
    const delayMs = retryAfterMs(response.headers) ?? Math.round(backoffMs(tries - 1));
    headers.set("retry-after-ms", String(delayMs));
    scope.onRetry({ attempt: tries + 1, of: maxRetries + 1, delayMs, reason: `HTTP ${response.status}` });
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** The wait a server asks for (retry-after-ms, or Retry-After in seconds or as a date), as the SDK reads it. */
function retryAfterMs(h: Headers): number | null {
  const ms = Number.parseFloat(h.get("retry-after-ms") ?? "");
  if (!Number.isNaN(ms)) return Math.max(0, Math.round(ms));
  const after = h.get("retry-after");
  if (!after) return null;
  const seconds = Number.parseFloat(after);
  if (!Number.isNaN(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(after);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function usageOf(u: OpenAI.CompletionUsage | null | undefined): LlmUsage | null {
  if (!u) return null;
  return { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens, totalTokens: u.total_tokens };
}

function emptyOutput(finishReason: string | null): LlmError {
  return finishReason === "length"
    ? new LlmError("empty_output", "the model used its whole token budget before answering (finish_reason=length)", {
        hint: "Reasoning models spend tokens thinking first: raise llm.max_tokens.",
      })
    : new LlmError("empty_output", `the model returned an empty answer (finish_reason=${finishReason ?? "none"})`);
}

export function createOpenAiCompatibleProvider(cfg: ProviderConfig): LLMProvider {
  const redact = makeRedactor([cfg.apiKey]);
  const client = new OpenAI({
    baseURL: cfg.baseUrl,
    // Local servers (Ollama, llama.cpp, vLLM) need no key; the SDK insists on a string.
    apiKey: cfg.apiKey ?? "no-key",
    timeout: cfg.timeoutMs,
    maxRetries: cfg.maxRetries,
    defaultHeaders: cfg.headers,
    fetch: observedFetch(cfg.maxRetries),
    logLevel: "off",
  });
  const limit = pLimit(cfg.concurrency);
  /** Takes one of the `concurrency` slots; resolves with its release function. */
  const acquire = () => new Promise<() => void>((granted) => void limit(() => new Promise<void>((release) => granted(release))));

  const params = (messages: LlmMessage[], o: GenerateOptions) => ({
    model: o.model ?? cfg.model,
    messages,
    temperature: o.temperature ?? cfg.temperature,
    max_tokens: o.maxTokens ?? cfg.maxTokens,
  });

  return {
    async generate(messages, options = {}) {
      const release = await acquire();
      const started = performance.now();
      try {
        const { data, request_id } = await callScope.run({ onRetry: options.onRetry, tries: 0 }, () =>
          client.chat.completions.create({ ...params(messages, options), stream: false }, { signal: options.signal }).withResponse(),
        );
        const choice = data.choices[0];
        const text = choice?.message?.content ?? "";
        const finishReason = choice?.finish_reason ?? null;
        if (!text.trim()) throw emptyOutput(finishReason);
        return {
          text,
          usage: usageOf(data.usage),
          latencyMs: Math.round(performance.now() - started),
          firstTokenMs: null,
          finishReason,
          requestId: request_id ?? data.id ?? null,
          model: data.model ?? params(messages, options).model,
          raw: redact.value(data),
        } satisfies LlmResult;
      } catch (err) {
        throw classifyError(err, redact.text);
      } finally {
        release();
      }
    },

    async *stream(messages, options = {}): AsyncGenerator<LlmStreamEvent> {
      const release = await acquire();
      const started = performance.now();
      // A stream that stalls mid-way is cut after timeoutMs without a chunk (the SDK's timeout covers the headers).
      const idle = new AbortController();
      let idleTimer: NodeJS.Timeout | undefined;
      const touch = () => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => idle.abort(), cfg.timeoutMs);
      };
      const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal;
      let text = "";
      let firstTokenMs: number | null = null;
      try {
        touch();
        const { data: chunks, request_id } = await callScope.run({ onRetry: options.onRetry, tries: 0 }, () =>
          client.chat.completions
            .create({ ...params(messages, options), stream: true, stream_options: { include_usage: true } }, { signal })
            .withResponse(),
        );
        let finishReason: string | null = null;
        let usage: LlmUsage | null = null;
        let id: string | null = null;
        let model = params(messages, options).model;
        let reasoningChars = 0;
        for await (const chunk of chunks) {
          touch();
          id ??= chunk.id ?? null;
          if (chunk.model) model = chunk.model;
          if (chunk.usage) usage = usageOf(chunk.usage);
          const choice = chunk.choices?.[0];
          if (!choice) continue;
          // Reasoning models (kimi-for-coding, deepseek-r1…) stream their thinking as reasoning_content first.
          const reasoning = (choice.delta as { reasoning_content?: string } | undefined)?.reasoning_content;
          if (reasoning) {
            reasoningChars += reasoning.length;
            yield { type: "reasoning", text: reasoning };
          }
          const delta = choice.delta?.content;
          if (delta) {
            firstTokenMs ??= Math.round(performance.now() - started);
            text += delta;
            yield { type: "delta", text: delta };
          }
          if (choice.finish_reason) finishReason = choice.finish_reason;
        }
        if (finishReason === null) {
          // The connection closed cleanly but the model never said it was done: a broken stream.
          throw new LlmError("network", "the stream ended before the model finished its answer");
        }
        if (!text.trim()) throw emptyOutput(finishReason);
        yield {
          type: "done",
          result: {
            text,
            usage,
            latencyMs: Math.round(performance.now() - started),
            firstTokenMs,
            finishReason,
            requestId: request_id ?? id,
            model,
            raw: { id, model, finish_reason: finishReason, usage: usage && redact.value(usage), reasoning_chars: reasoningChars, streamed: true },
          },
        };
      } catch (err) {
        const timedOut = idle.signal.aborted && !options.signal?.aborted;
        const classified = timedOut
          ? new LlmError("timeout", `the stream stalled for ${cfg.timeoutMs} ms (llm.timeout_ms)`)
          : classifyError(err, redact.text);
        if (!text) throw classified;
        // Part of the answer arrived: the connection dropped mid-answer, which says nothing about base_url.
        if (classified.kind === "network") {
          throw new LlmError("interrupted", `the connection dropped in the middle of the answer: ${classified.message}`, {
            requestId: classified.requestId,
            hint: "The part received was kept; try again.",
            partialText: text,
          });
        }
        throw classified.withPartial(text);
      } finally {
        clearTimeout(idleTimer);
        release();
      }
    },
  };
}

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

/**
 * The SDK already retries 408 / 409 / 429 / 5xx / connection errors with exponential backoff and jitter,
 * honouring Retry-After; it never retries 400 / 401 / 403 / 404. The one thing it cannot tell is a 429
 * that means "quota exhausted", where retrying only burns time: we mark those with the SDK's own
 * `x-should-retry: false` response header.
 */
const quotaAwareFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (response.status !== 429) return response;
  const body = await response.clone().text();
  if (!isQuotaBody(body)) return response;
  const headers = new Headers(response.headers);
  headers.set("x-should-retry", "false");
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
};

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
    fetch: quotaAwareFetch,
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
        const { data, request_id } = await client.chat.completions
          .create({ ...params(messages, options), stream: false }, { signal: options.signal })
          .withResponse();
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
        const { data: chunks, request_id } = await client.chat.completions
          .create(
            { ...params(messages, options), stream: true, stream_options: { include_usage: true } },
            { signal },
          )
          .withResponse();
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
          if (reasoning) reasoningChars += reasoning.length;
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
        throw text ? classified.withPartial(text) : classified;
      } finally {
        clearTimeout(idleTimer);
        release();
      }
    },
  };
}

import type { GenerateOptions, LLMProvider, LlmMessage, LlmResult, LlmStreamEvent } from "../domain/llm";
import type { Span, Tracer } from "../domain/tracing";

/** US$ per million tokens, in and out (0: not configured). */
export interface LlmPrices {
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * The LLM port with a span per call (OpenTelemetry's gen_ai conventions): the model, tokens in and
 * out, latency and time to first token, the retries the provider made, the classified error, and the
 * cost when prices are configured.
 */
export function tracedLlm(llm: LLMProvider, tracer: Tracer, meta: { model: string; baseUrl: string; prices: LlmPrices }): LLMProvider {
  const start = (operation: "generate" | "stream") => ({
    "gen_ai.operation.name": "chat",
    "gen_ai.system": "openai",
    "gen_ai.request.model": meta.model,
    "server.address": hostOf(meta.baseUrl),
    "vm.llm.streaming": operation === "stream",
  });
  const finish = (span: Span, result: LlmResult, retries: number) => {
    const input = result.usage?.promptTokens;
    const output = result.usage?.completionTokens;
    const priced = meta.prices.inputPerMTok > 0 || meta.prices.outputPerMTok > 0;
    span.setAttributes({
      "gen_ai.response.model": result.model,
      "gen_ai.usage.input_tokens": input,
      "gen_ai.usage.output_tokens": output,
      "gen_ai.response.finish_reasons": result.finishReason ?? undefined,
      "vm.llm.latency_ms": result.latencyMs,
      "vm.llm.first_token_ms": result.firstTokenMs ?? undefined,
      "vm.llm.retries": retries,
      "vm.llm.cost_usd":
        priced && input !== undefined && output !== undefined ? (input * meta.prices.inputPerMTok + output * meta.prices.outputPerMTok) / 1_000_000 : undefined,
    });
  };
  const counting = (options: GenerateOptions | undefined) => {
    const counter = { retries: 0 };
    const onRetry: GenerateOptions["onRetry"] = (r) => {
      counter.retries++;
      options?.onRetry?.(r);
    };
    return { counter, options: { ...options, onRetry } };
  };
  const failed = (span: Span, err: unknown, retries: number) => {
    span.setAttributes({ "vm.llm.retries": retries });
    span.fail((err as { kind?: string }).kind ?? "error", (err as Error).message);
  };

  return {
    generate(messages: LlmMessage[], options?: GenerateOptions) {
      return tracer.inSpan(`chat ${meta.model}`, start("generate"), async (span) => {
        const c = counting(options);
        try {
          const result = await llm.generate(messages, c.options);
          finish(span, result, c.counter.retries);
          return result;
        } catch (err) {
          failed(span, err, c.counter.retries);
          throw err;
        }
      });
    },

    async *stream(messages: LlmMessage[], options?: GenerateOptions): AsyncIterable<LlmStreamEvent> {
      // The span covers the whole stream, up to its `done` event (or the error, or the reader leaving).
      const span = tracer.start(`chat ${meta.model}`, start("stream"));
      const c = counting(options);
      try {
        for await (const event of llm.stream(messages, c.options)) {
          if (event.type === "done") finish(span, event.result, c.counter.retries);
          yield event;
        }
      } catch (err) {
        failed(span, err, c.counter.retries);
        throw err;
      } finally {
        span.end();
      }
    },
  };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

import { LlmError, type LLMProvider, type ProviderStatus } from "../domain/llm";

export type ProviderInfo = Omit<ProviderStatus, "configured">;

export type ProviderCheck =
  | { ok: true; latencyMs: number; model: string; note: string | null }
  | { ok: false; error: ReturnType<LlmError["toJSON"]> };

export type ProviderService = ReturnType<typeof createProviderService>;

export function createProviderService(info: ProviderInfo, llm: LLMProvider | null) {
  return {
    status(): ProviderStatus {
      return { ...info, configured: llm !== null };
    },

    /** One tiny call to the endpoint: does the URL, key and model work together? */
    async check(): Promise<ProviderCheck> {
      if (!llm) {
        return {
          ok: false,
          error: new LlmError("auth", "no API key is configured", { hint: "Set VM_LLM_API_KEY in .env and restart." }).toJSON(),
        };
      }
      const started = performance.now();
      try {
        const r = await llm.generate([{ role: "user", content: "Responda apenas: ok" }], { maxTokens: 1024, temperature: 0 });
        return { ok: true, latencyMs: r.latencyMs, model: r.model, note: null };
      } catch (err) {
        if (err instanceof LlmError && err.kind === "empty_output") {
          // The endpoint answered (URL, key and model are fine); only the tiny budget ran out.
          return { ok: true, latencyMs: Math.round(performance.now() - started), model: info.model, note: err.message };
        }
        if (err instanceof LlmError) return { ok: false, error: err.toJSON() };
        throw err;
      }
    },
  };
}

import OpenAI from "openai";
import type { Embedder, EmbedderState } from "../domain/memory";

export interface RemoteEmbedderConfig {
  baseUrl: string;
  model: string;
  apiKey: string | null;
  dims: number;
  timeoutMs: number;
}

/** `/v1/embeddings` of any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM…), through the openai SDK. */
export class OpenAiEmbedder implements Embedder {
  readonly fingerprint: string;
  readonly dims: number;
  private readonly client: OpenAI;
  private current: EmbedderState;

  constructor(private readonly cfg: RemoteEmbedderConfig) {
    this.dims = cfg.dims;
    this.fingerprint = `openai-compatible:${cfg.baseUrl}:${cfg.model}:${cfg.dims}`;
    this.client = new OpenAI({ baseURL: cfg.baseUrl, apiKey: cfg.apiKey ?? "no-key", timeout: cfg.timeoutMs, maxRetries: 2, logLevel: "off" });
    this.current = { provider: "openai-compatible", model: cfg.model, state: "loading", progress: null, error: null };
  }

  state(): EmbedderState {
    return { ...this.current };
  }

  async ready(): Promise<boolean> {
    if (this.current.state === "ready") return true;
    try {
      await this.embed(["ok"], "query");
      return true;
    } catch {
      return false;
    }
  }

  async embed(texts: string[], _kind: "query" | "passage"): Promise<number[][]> {
    try {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += 64) {
        const res = await this.client.embeddings.create({ model: this.cfg.model, input: texts.slice(i, i + 64), encoding_format: "float" });
        const vectors = [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
        if (vectors.some((v) => v.length !== this.dims)) {
          throw new Error(`the endpoint gives ${vectors[0]?.length}-dimension vectors but memory.embedding.dims is ${this.dims}`);
        }
        out.push(...vectors.map(normalize));
      }
      this.current = { ...this.current, state: "ready", error: null };
      return out;
    } catch (err) {
      this.current = { ...this.current, state: "unavailable", error: (err as Error).message.split("\n")[0] };
      throw err;
    }
  }
}

function normalize(v: number[]): number[] {
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

/** No embedder: retrieval is full-text only. */
export const noEmbedder: Embedder = {
  fingerprint: "none",
  dims: 8,
  state: () => ({ provider: "none", model: "", state: "disabled", progress: null, error: null }),
  ready: async () => false,
  embed: async () => {
    throw new Error("no embedder is configured");
  },
};

import path from "node:path";
import type { Embedder, EmbedderState } from "../domain/memory";

export interface LocalEmbedderConfig {
  /** Hugging Face model id, e.g. Xenova/multilingual-e5-small. */
  model: string;
  dims: number;
  /** Folder holding <org>/<name>/ model files; when set, nothing is ever downloaded. */
  modelPath: string | null;
  /** Where a downloaded model is kept (the workspace's model cache). */
  cacheDir: string;
  allowDownload: boolean;
  /** Where downloads come from: "" for the Hugging Face Hub, or a mirror with the Hub's layout (<host>/<org>/<name>/resolve/main/…). */
  downloadHost?: string;
  dtype: "fp32" | "fp16" | "q8" | "int8" | "uint8" | "q4";
  queryPrefix: string;
  passagePrefix: string;
}

/** Where transformers.js downloads models from by default. */
const HUB = "https://huggingface.co/";

type Extractor = (texts: string[], o: { pooling: "mean"; normalize: boolean }) => Promise<{ tolist(): number[][] }>;

/**
 * A sentence-embedding model run in-process with transformers.js on onnxruntime-node. Loaded on first
 * use from the local folder or the workspace's cache, downloaded there once when allowed, with progress
 * visible in state(). When it cannot be loaded, ready() says so and retrieval stays lexical.
 */
export class TransformersEmbedder implements Embedder {
  readonly fingerprint: string;
  readonly dims: number;
  private extractor: Extractor | null = null;
  private loading: Promise<boolean> | null = null;
  private current: EmbedderState;
  private lastFailure = 0;

  constructor(private readonly cfg: LocalEmbedderConfig) {
    this.dims = cfg.dims;
    this.fingerprint = `local:${cfg.model}:${cfg.dtype}:${cfg.dims}`;
    this.current = { provider: "local", model: cfg.model, state: "loading", progress: null, error: null };
  }

  state(): EmbedderState {
    return { ...this.current };
  }

  ready(): Promise<boolean> {
    if (this.extractor) return Promise.resolve(true);
    // After a failure, try again at most once a minute (e.g. the model folder appeared, or the network did).
    if (!this.loading && this.current.state === "unavailable" && Date.now() - this.lastFailure < 60_000) {
      return Promise.resolve(false);
    }
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<boolean> {
    this.current = { ...this.current, state: "loading", error: null, progress: null };
    try {
      const { env, pipeline } = await import("@huggingface/transformers");
      env.allowLocalModels = true;
      if (this.cfg.modelPath) {
        env.localModelPath = path.resolve(this.cfg.modelPath) + path.sep;
        env.allowRemoteModels = false;
      } else {
        env.cacheDir = this.cfg.cacheDir;
        env.localModelPath = this.cfg.cacheDir + path.sep;
        env.allowRemoteModels = this.cfg.allowDownload;
        // env is the library's global: set it every time, so one embedder's mirror never leaks into another's.
        env.remoteHost = (this.cfg.downloadHost || HUB).replace(/\/*$/, "/");
      }
      const extractor = await pipeline("feature-extraction", this.cfg.model, {
        dtype: this.cfg.dtype,
        // Bytes across all of the model's files; only a model that may come from the network "downloads"
        // (one read from model_path is just loading).
        progress_callback: (p: { status: string; progress?: number }) => {
          if (p.status === "progress_total" && !this.cfg.modelPath && (p.progress ?? 0) < 100) {
            this.current = { ...this.current, state: "downloading", progress: (p.progress ?? 0) / 100 };
          }
        },
      });
      this.extractor = extractor as unknown as Extractor;
      const [probe] = await this.embed(["ok"], "query");
      if (probe.length !== this.dims) {
        this.extractor = null;
        throw new Error(`the model gives ${probe.length}-dimension vectors but memory.embedding.dims is ${this.dims}`);
      }
      this.current = { ...this.current, state: "ready", progress: null, error: null };
      return true;
    } catch (err) {
      this.lastFailure = Date.now();
      const message = (err as Error).message?.split("\n")[0] ?? String(err);
      this.current = {
        ...this.current,
        state: "unavailable",
        progress: null,
        error: this.cfg.modelPath
          ? `cannot load ${this.cfg.model} from ${this.cfg.modelPath}: ${message}`
          : this.cfg.allowDownload
            ? `cannot load or download ${this.cfg.model}: ${message}`
            : `${this.cfg.model} is not in the model cache and downloads are off: ${message}`,
      };
      return false;
    }
  }

  async embed(texts: string[], kind: "query" | "passage"): Promise<number[][]> {
    if (!this.extractor && !(await this.ready())) throw new Error(this.current.error ?? "embedding model unavailable");
    const prefix = kind === "query" ? this.cfg.queryPrefix : this.cfg.passagePrefix;
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += 32) {
      const batch = texts.slice(i, i + 32).map((t) => prefix + t);
      out.push(...(await this.extractor!(batch, { pooling: "mean", normalize: true })).tolist());
    }
    return out;
  }
}

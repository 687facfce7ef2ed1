import type { LLMProvider } from "../domain/llm";
import type { BlobReader, Clock, Repositories, UnitOfWork } from "../domain/ports";
import type { Retriever } from "../domain/retrieval";
import type { Tracer } from "../domain/tracing";
import type { EventBus } from "./eventBus";
import type { StageDrafts } from "./stageDrafts";

export interface EngineOptions {
  /** Token budget of a stage's Context Pack (settings: engine.context_token_budget). */
  contextTokenBudget: number;
  /** Memory snippets retrieved per stage (settings: retrieval.top_k). */
  topK: number;
  model: string;
  temperature: number;
  maxTokens: number;
  /** Times the driver is restarted after an unexpected error before the stage fails (engine.driver_retries). */
  driverRetries: number;
  /** First wait before restarting it, doubled each time (engine.driver_retry_ms). */
  driverRetryMs: number;
  /** The language guard findings are written in (ui.language). */
  uiLanguage: "pt-BR" | "en";
  /** guard.judge: one extra LLM call per attempt that scores the voice and the product's constraints. */
  judge: boolean;
}

export interface EngineDeps {
  repos: Repositories;
  uow: UnitOfWork;
  blobs: BlobReader;
  clock: Clock;
  /** null when no provider is configured: a stage then fails with provider_not_configured. */
  llm: LLMProvider | null;
  retriever: Retriever;
  bus: EventBus;
  /** The text of the attempts being written, for live readers (never persisted as such). */
  drafts: StageDrafts;
  /** Spans around driving a run and each stage attempt (a no-op unless telemetry is configured). */
  tracer: Tracer;
  /** This process's name in run claims. */
  owner: string;
  options: EngineOptions;
  log: (message: string, err?: unknown) => void;
}

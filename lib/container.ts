// The composition root: the one place that knows which adapter serves which port.
import fs from "node:fs";
import path from "node:path";
import { loadSettings, type Settings } from "./config/settings";
import type { BlobReader, Clock, UnitOfWork } from "./domain/ports";
import { layout } from "./domain/workspaceLayout";
import { createBrandService } from "./services/brandService";
import { createProductService } from "./services/productService";
import { createThreadService } from "./services/threadService";
import { createChatService } from "./services/chatService";
import { createProviderService } from "./services/providerService";
import type { LLMProvider } from "./domain/llm";
import { createOpenAiCompatibleProvider } from "./llm/openAiCompatibleProvider";
import os from "node:os";
import { emptyRetriever } from "./domain/retrieval";
import { EventBus } from "./engine/eventBus";
import { createRunEngine } from "./engine/runEngine";
import { createRunService } from "./services/runService";
import { fsStackCatalog } from "./storage/stacks/fsStackCatalog";
import type { ServiceDeps } from "./services/serviceDeps";
import { fsBlobStore } from "./storage/files/fsBlobStore";
import { sweepTempFiles } from "./storage/files/sweepTempFiles";
import { openSqlite, type Db } from "./storage/prisma/database";
import { applySqliteMigrations } from "./storage/prisma/migrationRunner";
import { serializedRepositories } from "./storage/prisma/serializedRepositories";
import { prismaUnitOfWork } from "./storage/prisma/prismaUnitOfWork";

export interface Container {
  settings: Settings;
  brands: ReturnType<typeof createBrandService>;
  products: ReturnType<typeof createProductService>;
  threads: ReturnType<typeof createThreadService>;
  chat: ReturnType<typeof createChatService>;
  provider: ReturnType<typeof createProviderService>;
  runs: ReturnType<typeof createRunService>;
  engine: ReturnType<typeof createRunEngine>;
  bus: EventBus;
  close(): Promise<void>;
}

/** Adapters a caller may replace (tests inject faults this way; production passes nothing). */
export interface Overrides {
  uow?: (real: UnitOfWork) => UnitOfWork;
  blobs?: (real: BlobReader) => BlobReader;
  clock?: Clock;
  llm?: (real: LLMProvider | null) => LLMProvider | null;
}

/** The configured LLM provider, or null when it needs a key and none is set. */
function llmFrom(settings: Settings): LLMProvider | null {
  const { llm, secrets } = settings;
  if (llm.api_key_required && !secrets.llmApiKey) return null;
  return createOpenAiCompatibleProvider({
    baseUrl: llm.base_url,
    model: llm.model,
    apiKey: secrets.llmApiKey,
    temperature: llm.temperature,
    maxTokens: llm.max_tokens,
    timeoutMs: llm.timeout_ms,
    maxRetries: llm.max_retries,
    concurrency: llm.concurrency,
    headers: llm.headers,
  });
}

const systemClock: Clock = { now: () => new Date() };

/** Opens the workspace: creates it if needed, applies pending migrations, wires the services. */
export function createContainer(settings: Settings, overrides: Overrides = {}): Container {
  const root = settings.workspaceDir;
  fs.mkdirSync(root, { recursive: true });
  applySqliteMigrations(path.join(root, layout.database), path.join(settings.projectDir, "prisma", "migrations"));
  sweepTempFiles(root);
  const db: Db = openSqlite(path.join(root, layout.database));
  const realUow = prismaUnitOfWork(db, root, path.join(root, ".trash"));
  const realBlobs = fsBlobStore(root);
  const deps: ServiceDeps = {
    repos: serializedRepositories(db),
    uow: overrides.uow ? overrides.uow(realUow) : realUow,
    blobs: overrides.blobs ? overrides.blobs(realBlobs) : realBlobs,
    clock: overrides.clock ?? systemClock,
  };
  const realLlm = llmFrom(settings);
  const llm = overrides.llm ? overrides.llm(realLlm) : realLlm;
  const brands = createBrandService(deps);
  const products = createProductService(deps);
  const bus = new EventBus();
  const engine = createRunEngine({
    ...deps,
    llm,
    retriever: emptyRetriever,
    bus,
    owner: `${os.hostname()}:${process.pid}:${Date.now().toString(36)}`,
    options: {
      contextTokenBudget: settings.engine.context_token_budget,
      topK: settings.retrieval.top_k,
      model: settings.llm.model,
      temperature: settings.llm.temperature,
      maxTokens: settings.llm.max_tokens,
    },
    log: (message, err) => console.error(`[vm] ${message}`, err ?? ""),
  });
  const runs = createRunService({
    ...deps,
    engine,
    bus,
    stacks: fsStackCatalog(path.resolve(settings.projectDir, settings.stacks.dir), settings.projectDir),
    providerConfigured: () => llm !== null,
  });
  return {
    runs,
    engine,
    bus,
    settings,
    brands,
    products,
    threads: createThreadService(deps),
    chat: createChatService({ ...deps, brands, products, llm, historyTokenBudget: settings.chat.history_token_budget }),
    provider: createProviderService(
      {
        baseUrl: settings.llm.base_url,
        model: settings.llm.model,
        keyConfigured: !!settings.secrets.llmApiKey,
        keyRequired: settings.llm.api_key_required,
        headerNames: Object.keys(settings.llm.headers),
      },
      llm,
    ),
    close: async () => {
      await engine.stop();
      await db.$disconnect();
    },
  };
}

// One container per process (Next may load route modules more than once; globalThis is shared).
const holder = globalThis as unknown as { __vmContainer?: Container };

export function getContainer(): Container {
  holder.__vmContainer ??= createContainer(loadSettings());
  return holder.__vmContainer;
}

/** Drops the process container (tests point VM_WORKSPACE elsewhere, then call this). */
export async function resetContainer(next?: Container): Promise<void> {
  const current = holder.__vmContainer;
  holder.__vmContainer = next;
  if (current && current !== next) await current.close();
}

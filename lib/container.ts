// The composition root: the one place that knows which adapter serves which port.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { databaseConfig, loadSettings, type Settings } from "./config/settings";
import type { LLMProvider } from "./domain/llm";
import type { Embedder } from "./domain/memory";
import type { BlobReader, Clock, UnitOfWork } from "./domain/ports";
import { EventBus } from "./engine/eventBus";
import { StageDrafts } from "./engine/stageDrafts";
import { createGateDecisions } from "./engine/gateDecisions";
import { createRunDriver } from "./engine/runDriver";
import { createOpenAiCompatibleProvider } from "./llm/openAiCompatibleProvider";
import { folderLocation, openMemoryIndex, type IndexLocation } from "./memory/lanceMemoryIndex";
import { noEmbedder, OpenAiEmbedder } from "./memory/openAiEmbedder";
import { TransformersEmbedder } from "./memory/transformersEmbedder";
import { argon2PasswordHasher } from "./auth/argon2PasswordHasher";
import { logMailer, smtpMailer } from "./auth/mailers";
import { createAccessService } from "./services/accessService";
import { createAccountService } from "./services/accountService";
import { createOrganizationService } from "./services/organizationService";
import { prismaAccountStore } from "./storage/prisma/prismaAccountStore";
import { createBrandService } from "./services/brandService";
import { createCanonicalStore } from "./services/canonicalStore";
import { createChatService } from "./services/chatService";
import { createGuardService } from "./services/guardService";
import { createMemoryService } from "./services/memoryService";
import { createProductService } from "./services/productService";
import { createPromotionService } from "./services/promotionService";
import { createProviderService } from "./services/providerService";
import { createRunService } from "./services/runService";
import { createCompareService } from "./services/compareService";
import type { ServiceDeps } from "./services/serviceDeps";
import { createThreadService } from "./services/threadService";
import { createWorkspaceTransfer } from "./services/workspaceTransfer";
import { readTarGz, writeTarGz } from "./storage/archive/tarGzArchive";
import { APP_VERSION } from "./config/appVersion";
import { fsBlobStore } from "./storage/files/fsBlobStore";
import { FileTransaction } from "./storage/files/fileTransaction";
import { objectBlobStore, sweepObjects } from "./storage/objects/objectBlobStore";
import { ObjectTransaction } from "./storage/objects/objectTransaction";
import { s3ObjectStore, type ObjectStore } from "./storage/objects/s3ObjectStore";
import { splitPostgresUrl } from "./storage/prisma/database";
import { pgBossJobQueue } from "./cluster/pgBossJobQueue";
import { pgBroadcast } from "./cluster/pgBroadcast";
import type { JobQueue } from "./domain/cluster";
import type { MemoryWrite } from "./domain/memory";
import { startEventRelay } from "./engine/eventRelay";
import { createQueuedRuns, RUN_QUEUE } from "./engine/queuedRuns";
import { sweepTempFiles } from "./storage/files/sweepTempFiles";
import { openDatabase } from "./storage/prisma/openDatabase";
import { prismaIdempotencyStore } from "./storage/prisma/prismaIdempotencyStore";
import { pingDatabase } from "./storage/prisma/pingDatabase";
import { probeWorkspace } from "./storage/files/probeWorkspace";
import { checkReadiness } from "./domain/readiness";
import { prismaUnitOfWork } from "./storage/prisma/prismaUnitOfWork";
import { serializedRepositories } from "./storage/prisma/serializedRepositories";
import { fsStackCatalog } from "./storage/stacks/fsStackCatalog";
import { startEventLoopMonitor } from "./telemetry/eventLoopMonitor";
import { startOtelTelemetry } from "./telemetry/otelTracer";
import { tracedLlm } from "./telemetry/tracedLlm";
import { noTracer } from "./domain/tracing";

export type Container = ReturnType<typeof createContainer>;

/** Adapters a caller may replace (tests inject faults this way; production passes nothing). */
export interface Overrides {
  uow?: (real: UnitOfWork) => UnitOfWork;
  blobs?: (real: BlobReader) => BlobReader;
  clock?: Clock;
  llm?: (real: LLMProvider | null) => LLMProvider | null;
  embedder?: (real: Embedder) => Embedder;
}

const systemClock: Clock = { now: () => new Date() };
const log = (message: string, err?: unknown) => console.error(`[vm] ${message}`, err ?? "");

/** The configured LLM provider, or null when it needs a key and none is set. */
function llmFrom({ llm, secrets }: Settings): LLMProvider | null {
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

function embedderFrom(settings: Settings): Embedder {
  const e = settings.memory.embedding;
  if (e.provider === "none") return noEmbedder;
  if (e.provider === "openai-compatible") {
    return new OpenAiEmbedder({
      baseUrl: e.base_url || settings.llm.base_url,
      model: e.model,
      apiKey: settings.secrets.embeddingApiKey,
      dims: e.dims,
      timeoutMs: settings.llm.timeout_ms,
    });
  }
  return new TransformersEmbedder({
    model: e.model,
    dims: e.dims,
    modelPath: e.model_path ? path.resolve(settings.projectDir, e.model_path) : null,
    cacheDir: path.join(settings.workspaceDir, "models"),
    allowDownload: e.allow_download,
    downloadHost: e.download_host,
    dtype: e.dtype,
    queryPrefix: e.query_prefix,
    passagePrefix: e.passage_prefix,
  });
}

const MEMORY_QUEUE = "vm-memory";

/**
 * What hosted mode shares between instances: the object store, the job queue (pg-boss, in its own
 * schema of the app's database) and the broadcast (LISTEN/NOTIFY on a channel named after that schema,
 * so deployments sharing a database server never hear each other).
 */
function hostedParts(settings: Settings) {
  const b = settings.storage.blobs;
  const objects = s3ObjectStore({
    bucket: b.bucket,
    prefix: b.prefix,
    endpoint: b.endpoint,
    region: b.region,
    forcePathStyle: b.force_path_style,
    credentials: settings.secrets.s3!,
  });
  const { connectionString, schema } = splitPostgresUrl(settings.database.url);
  const h = settings.hosted;
  const queue = pgBossJobQueue({
    connectionString,
    schema: `${schema ?? "vm"}_jobs`,
    heartbeatSeconds: h.stage_expiry_seconds,
    superviseIntervalSeconds: h.supervise_interval_seconds,
    queues: [
      // Take-overs and shutdowns count as tries too: a few more than driver_retries before a stage gives up.
      { name: RUN_QUEUE, policy: "stately", retryLimit: settings.engine.driver_retries + 5, retryDelaySeconds: Math.max(1, Math.round(settings.engine.driver_retry_ms / 1000)) },
      // One active job in the whole queue: the deployment's single writer of the memory index.
      { name: MEMORY_QUEUE, policy: "singleton", retryLimit: 5, retryDelaySeconds: 2 },
    ],
    log,
  });
  const broadcast = pgBroadcast({ connectionString, channel: `vm_events_${(schema ?? "public").replace(/[^a-zA-Z0-9_]/g, "_")}`.slice(0, 63), log });
  return { objects, queue, broadcast };
}

/** The memory index on the object store, its note an object beside it. */
function objectLocation(objects: ObjectStore): IndexLocation {
  return {
    ...objects.lanceLocation("memory"),
    shared: true,
    meta: {
      read: async () => (await objects.get("memory-index.json"))?.toString("utf8") ?? null,
      write: (text) => objects.put("memory-index.json", text),
    },
  };
}

/** Opens the workspace: creates it if needed, applies pending migrations, wires the services. */
export function createContainer(settings: Settings, overrides: Overrides = {}) {
  const root = settings.workspaceDir;
  fs.mkdirSync(root, { recursive: true });
  sweepTempFiles(root);
  const clock = overrides.clock ?? systemClock;
  const { db, ready: databaseReady } = openDatabase(databaseConfig(settings), log);
  const hosted = settings.deployment.mode === "hosted" ? hostedParts(settings) : null;
  const realUow = hosted
    ? prismaUnitOfWork(db, () => new ObjectTransaction(hosted.objects, clock.now), { timeoutMs: 300_000, maxWaitMs: 30_000 })
    : prismaUnitOfWork(db, () => new FileTransaction(root, path.join(root, ".trash")));
  const realBlobs = hosted ? objectBlobStore(db, hosted.objects) : fsBlobStore(root);
  const repos = serializedRepositories(db);
  const blobs = overrides.blobs ? overrides.blobs(realBlobs) : realBlobs;
  // Traces only when an OTLP endpoint is configured: otherwise nothing is recorded or wrapped.
  const telemetry = settings.telemetry.otlp_endpoint
    ? startOtelTelemetry({ endpoint: settings.telemetry.otlp_endpoint, serviceName: settings.telemetry.service_name, version: APP_VERSION, batchDelayMs: settings.telemetry.batch_delay_ms })
    : null;
  const tracer = telemetry?.tracer ?? noTracer;
  let closing = false;
  const configuredLlm = overrides.llm ? overrides.llm(llmFrom(settings)) : llmFrom(settings);
  const llm =
    configuredLlm && telemetry
      ? tracedLlm(configuredLlm, tracer, {
          model: settings.llm.model,
          baseUrl: settings.llm.base_url,
          prices: { inputPerMTok: settings.llm.price_input_per_mtok, outputPerMTok: settings.llm.price_output_per_mtok },
        })
      : configuredLlm;
  const realEmbedder = embedderFrom(settings);
  const embedder = overrides.embedder ? overrides.embedder(realEmbedder) : realEmbedder;

  const memory = createMemoryService({
    repos,
    blobs,
    embedder,
    openIndex: () => openMemoryIndex(hosted ? objectLocation(hosted.objects) : folderLocation(path.join(root, "memory")), embedder.fingerprint, embedder.dims, {
        cacheMaxBytes: settings.memory.cache_max_mb * 2 ** 20,
      }),
    shared: hosted
      ? {
          send: (w) => hosted.queue.send(MEMORY_QUEUE, w),
          waitFor: (ids, boundMs) => hosted.queue.waitFor(MEMORY_QUEUE, ids, boundMs),
          waitForBacklog: (boundMs) => hosted.queue.waitForBacklog(MEMORY_QUEUE, boundMs),
          backlog: () => hosted.queue.backlog(MEMORY_QUEUE),
        }
      : undefined,
    chunkMaxChars: settings.memory.chunk_max_chars,
    indexChat: settings.memory.index_chat,
    defaultTopK: settings.retrieval.top_k,
    log,
  });
  const deps: ServiceDeps = {
    repos,
    uow: overrides.uow ? overrides.uow(realUow) : realUow,
    blobs,
    clock,
    indexing: memory.indexing,
  };
  const bus = new EventBus();
  const drafts = new StageDrafts();
  // Gate decisions, approved artifacts and feedback become memory as they happen.
  const stopIndexingRuns = bus.subscribeAll((e) => {
    if (e.type === "stage.approved" || e.type === "decision" || e.type === "feedback") {
      memory.indexing.enqueue({ type: "run", runId: e.run_id, threadId: e.thread_id });
    }
  });
  const engineDeps = {
    ...deps,
    llm,
    retriever: memory.retriever,
    bus,
    drafts,
    tracer,
    owner: `${os.hostname()}:${process.pid}:${Date.now().toString(36)}`,
    options: {
      contextTokenBudget: settings.engine.context_token_budget,
      topK: settings.retrieval.top_k,
      model: settings.llm.model,
      temperature: settings.llm.temperature,
      maxTokens: settings.llm.max_tokens,
      driverRetries: settings.engine.driver_retries,
      driverRetryMs: settings.engine.driver_retry_ms,
      uiLanguage: settings.ui.language,
      judge: settings.guard.judge === "on",
    },
    log,
  };
  const driver = createRunDriver(engineDeps);
  const engine = hosted ? createQueuedRuns({ driver, queue: hosted.queue, bus, repos, concurrency: settings.hosted.worker_concurrency, log }) : driver;
  // Hosted: the events written here reach the readers on other instances, and theirs reach ours.
  const stopRelay = hosted ? startEventRelay({ bus, drafts, broadcast: hosted.broadcast, blobs, instance: engineDeps.owner, log }) : () => {};
  if (hosted) void startMemoryWriter(hosted.queue, memory.write);
  // Objects no file points at (a transaction that died after uploading) are collected an hour later.
  const objectSweep = hosted ? setInterval(() => void sweepObjects(db, hosted.objects, 3600_000).catch((err) => log("object sweep failed", err)), 3600_000) : null;
  objectSweep?.unref();
  const decisions = createGateDecisions({ ...engineDeps, kick: engine.kick, abort: engine.abort });
  // A run whose driver gave up while the database was unreachable is picked up again.
  const sweep = setInterval(() => void engine.sweep().catch((err) => log("run sweep failed", err)), settings.engine.sweep_interval_ms);
  sweep.unref();
  const eventLoop = startEventLoopMonitor({ warnMs: settings.server.event_loop_warn_ms, log: (m) => log(m) });
  const canonical = createCanonicalStore(deps);
  const stacks = fsStackCatalog(path.resolve(settings.projectDir, settings.stacks.dir), settings.projectDir);
  const guard = createGuardService({ ...deps, canonical, stacks, lang: settings.ui.language });
  const brands = createBrandService({ ...deps, canonical });
  const products = createProductService({ ...deps, canonical });
  const accounts = prismaAccountStore(db);
  // Ended sessions, used links and idle throttles are forgotten hourly (the table an attacker grows by guessing stays small).
  const accountSweep = hosted
    ? setInterval(() => void accounts.sweep(clock.now(), Math.max(settings.auth.failure_window_minutes, settings.auth.lock_minutes, 60) * 60_000).catch((err) => log("account sweep failed", err)), 3600_000)
    : null;
  accountSweep?.unref();
  const mailer = settings.secrets.smtpUrl ? smtpMailer(settings.secrets.smtpUrl, settings.auth.mail.from) : logMailer((line) => console.log(line));
  const publicUrl = settings.auth.public_url || `http://${settings.server.host.includes(":") ? `[${settings.server.host}]` : settings.server.host}:${settings.server.port}`;
  const account = createAccountService({
    accounts, hasher: argon2PasswordHasher, mailer, clock, log: (line) => console.log(line),
    settings: {
      publicUrl,
      sessionDays: settings.auth.session_days,
      resetLinkMinutes: settings.auth.reset_link_minutes,
      maxFailuresPerAccount: settings.auth.max_failures_per_account,
      maxFailuresPerAddress: settings.auth.max_failures_per_address,
      failureWindowMinutes: settings.auth.failure_window_minutes,
      lockMinutes: settings.auth.lock_minutes,
      maxResetMailsPerHour: settings.auth.max_reset_mails_per_hour,
    },
  });
  const embeddingRefresh = setInterval(() => void memory.refreshEmbeddings().catch((err) => log("memory re-embed failed", err)), 5 * 60_000);
  embeddingRefresh.unref();

  return {
    settings,
    version: APP_VERSION,
    /** Resolves when the database is migrated and usable (immediately on SQLite). */
    ready: databaseReady,
    /** The unit of work itself: tests and tools read consistent snapshots through it. */
    uow: deps.uow,
    /** GET /ready: the database and the workspace answer (each probe bounded). */
    readiness: () =>
      checkReadiness(
        [
          { name: "database", probe: () => pingDatabase(db) },
          { name: "workspace", probe: () => probeWorkspace(root) },
          ...(hosted
            ? [
                { name: "object_store", probe: () => hosted.objects.ping() },
                { name: "queue", probe: () => hosted.queue.ping() },
              ]
            : []),
          // A load balancer stops sending work here as soon as a shutdown begins.
          { name: "accepting_work", probe: async () => { if (closing) throw new Error("shutting down"); } },
        ],
        2000,
      ),
    /** Idempotency-Key: the keys' table, this process's owner (as for run claims) and the clock. */
    idempotency: { store: prismaIdempotencyStore(db), owner: engineDeps.owner, clock },
    bus,
    engine,
    memory,
    /** Event-loop delay of this process (health, status screens). */
    eventLoop,
    /** Canonical memory of any kind: read, update, history (brands and products alike). */
    canonical,
    brands,
    products,
    /** Hosted mode: who is asking (session cookie, API token) and whether what they name is their organization's. */
    access: createAccessService({ hosted: hosted !== null, secureCookies: settings.auth.public_url.startsWith("https://"), accounts, clock }),
    /** Hosted mode: sign-in, sessions, password reset, the first owner, personal API tokens. */
    account,
    /** Hosted mode: members, roles, invitations, the four-eyes setting and the audit. */
    organization: createOrganizationService({ accounts, account, hasher: argon2PasswordHasher, mailer, clock, settings: { publicUrl, invitationDays: settings.auth.invitation_days }, log: (line) => console.log(line) }),
    /** The brand guard outside runs: checking any text, chat replies, per-rule calibration. */
    guard,
    threads: createThreadService(deps),
    chat: createChatService({
      ...deps,
      brands,
      products,
      llm,
      retriever: memory.retriever,
      topK: settings.retrieval.top_k,
      historyTokenBudget: settings.chat.history_token_budget,
      checkReply: (brand, product, text, request) => guard.checkText(brand, product, text, request),
    }),
    runs: createRunService({
      ...deps,
      driver: engine,
      decisions,
      bus,
      drafts,
      stacks,
      defaultBudget: { tokens: settings.engine.budget_tokens || null, seconds: settings.engine.budget_seconds || null },
      providerConfigured: () => llm !== null,
    }),
    /** Two attempts, or a stage in a re-run and its original, side by side. */
    compare: createCompareService(deps),
    promotions: createPromotionService({ ...deps, canonical }),
    transfer: createWorkspaceTransfer({
      ...deps,
      codec: { write: (entries) => writeTarGz(entries), read: readTarGz },
      limits: {
        maxEntryBytes: settings.transfer.max_entry_bytes,
        maxTotalBytes: settings.transfer.max_total_bytes,
        maxEntries: settings.transfer.max_entries,
      },
      appVersion: APP_VERSION,
      rebuildMemory: () => memory.reindex(),
      afterImport: async () => void (await engine.recover()),
    }),
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
    /** Stops everything; stages in flight get `graceMs` to finish first (a graceful shutdown), then are cut. */
    async close(graceMs = 0) {
      closing = true;
      clearInterval(embeddingRefresh);
      clearInterval(sweep);
      if (objectSweep) clearInterval(objectSweep);
      if (accountSweep) clearInterval(accountSweep);
      eventLoop.stop();
      // Hosted: the deployment's memory writer stops first and finishes its write, so the queue never
      // hands the next write to another instance while this one still commits (two LanceDB writers).
      if (hosted) await memory.close().catch(() => {});
      await engine.stop(graceMs);
      stopIndexingRuns();
      stopRelay();
      await hosted?.broadcast.close();
      if (!hosted) await memory.close().catch(() => {});
      await telemetry?.flush().catch(() => {});
      await db.$disconnect();
    },
  };
}

/** The deployment's single memory writer: whichever instance the queue gives the (one active) job. */
async function startMemoryWriter(queue: JobQueue, write: (w: MemoryWrite) => Promise<unknown>): Promise<void> {
  await queue.work<MemoryWrite>(MEMORY_QUEUE, 1, async (job) => void (await write(job.data))).catch((err) => log("cannot take memory jobs from the queue", err));
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

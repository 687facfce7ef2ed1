import { z } from "zod";

// The shape of settings.yaml. Strict everywhere: a misspelt key is an error, not a silent default.
export const settingsSchema = z.strictObject({
  deployment: z
    .strictObject({
      // local: one process, SQLite (or PostgreSQL), files under workspace.dir, runs driven in-process.
      // hosted: any number of instances behind a load balancer on PostgreSQL (database.url / DATABASE_URL),
      // an S3-compatible object store (storage.blobs: s3) and pg-boss jobs in that PostgreSQL.
      mode: z.enum(["local", "hosted"]).default("local"),
    })
    .prefault({}),
  storage: z
    .strictObject({
      blobs: z
        .strictObject({
          // fs: files under workspace.dir; s3: objects in an S3-compatible bucket (credentials from the environment only).
          kind: z.enum(["fs", "s3"]).default("fs"),
          bucket: z.string().default(""),
          // Every object of this deployment lives under this key prefix (several deployments may share a bucket).
          prefix: z.string().regex(/^$|^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, "a key prefix like vm or team/vm").default("vm"),
          // "" = AWS itself; else e.g. http://minio.internal:9000
          endpoint: z.union([z.literal(""), z.url()]).default(""),
          region: z.string().min(1).default("us-east-1"),
          // Path-style URLs (endpoint/bucket/key): MinIO, Ceph and most S3-compatible servers need them.
          force_path_style: z.boolean().default(false),
        })
        .prefault({}),
    })
    .prefault({}),
  hosted: z
    .strictObject({
      // A worker that stops sending heartbeats (killed, out of memory, cut off) loses its stage after this
      // many seconds and another instance takes the stage over (pg-boss heartbeatSeconds; at least 10).
      stage_expiry_seconds: z.number().int().min(10).max(3600).default(30),
      // Stages this instance executes at once (other runs' stages wait for a free worker on some instance).
      worker_concurrency: z.number().int().min(1).max(64).default(4),
      // How often each instance checks for expired leases and queue upkeep (pg-boss supervise/monitor intervals).
      supervise_interval_seconds: z.number().int().min(1).max(600).default(5),
    })
    .prefault({}),
  // Hosted mode only: sign-in, sessions, links and the sign-in throttle. Local mode has no accounts.
  auth: z
    .strictObject({
      // The address people open (links in reset and invitation mails, the setup link); default: server host and port.
      public_url: z.string().url().or(z.literal("")).default(""),
      session_days: z.number().int().min(1).max(90).default(14),
      invitation_days: z.number().int().min(1).max(30).default(7),
      reset_link_minutes: z.number().int().min(5).max(1440).default(60),
      // Failed sign-ins within the window before the account (or the address) locks for lock_minutes.
      max_failures_per_account: z.number().int().min(1).max(100).default(5),
      max_failures_per_address: z.number().int().min(1).max(1000).default(20),
      failure_window_minutes: z.number().int().min(1).max(1440).default(15),
      lock_minutes: z.number().int().min(1).max(1440).default(15),
      // Reset mails per account (and ten times that per caller's address) per hour; more are silently not sent.
      max_reset_mails_per_hour: z.number().int().min(1).max(100).default(3),
      // Proxies in front of the app that append the caller's address to X-Forwarded-For (a load balancer: 1).
      // 0: the header is the caller's to invent, so no per-address limit applies (the per-account one does).
      trusted_proxies: z.number().int().min(0).max(10).default(0),
      // Reset and invitation mails: an SMTP URL (VM_SMTP_URL, smtp://user:pass@host:587); "" prints links to the server log.
      mail: z.strictObject({ from: z.string().default("VM Studio <no-reply@localhost>") }).prefault({}),
    })
    .prefault({}),
  workspace: z.strictObject({ dir: z.string().min(1).default("runtime/vm") }).prefault({}),
  database: z
    .strictObject({
      // "" = SQLite in the workspace (workspace.sqlite3); or postgresql://user:pass@host:5432/db[?schema=name]
      url: z.string().regex(/^$|^postgres(ql)?:\/\//, "empty (SQLite) or a postgresql:// URL").default(""),
    })
    .prefault({}),
  server: z
    .strictObject({
      host: z.string().min(1).default("127.0.0.1"),
      port: z.number().int().min(1).max(65535).default(3000),
      // Host names the app answers to besides localhost / 127.0.0.1 / [::1] and `host` (DNS-rebinding guard).
      allowed_hosts: z.array(z.string().regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:]+\]$/, "a host name")).default([]),
      // A single event-loop block longer than this is logged as a warning (health shows the percentiles).
      event_loop_warn_ms: z.number().int().min(10).max(600_000).default(500),
    })
    .prefault({}),
  http: z
    .strictObject({ max_body_bytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024) })
    .prefault({}),
  llm: z
    .strictObject({
      base_url: z.url().default("https://api.kimi.com/coding/v1"),
      model: z.string().min(1).default("kimi-for-coding"),
      temperature: z.number().min(0).max(2).default(0.6),
      max_tokens: z.number().int().min(16).max(1_000_000).default(8192),
      timeout_ms: z.number().int().min(100).max(3_600_000).default(120_000),
      max_retries: z.number().int().min(0).max(10).default(3),
      concurrency: z.number().int().min(1).max(64).default(4),
      headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, "not a header name"), z.string()).default({}),
      api_key_required: z.boolean().default(true),
      // Prices in US$ per million tokens: when set, each LLM call's trace span carries its cost.
      price_input_per_mtok: z.number().min(0).max(10_000).default(0),
      price_output_per_mtok: z.number().min(0).max(10_000).default(0),
    })
    .prefault({}),
  telemetry: z
    .strictObject({
      // OpenTelemetry traces over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`; "" = none (nothing is recorded).
      otlp_endpoint: z.union([z.literal(""), z.url()]).default(""),
      service_name: z.string().min(1).max(200).default("vm-studio"),
      // How long finished spans wait to be sent together.
      batch_delay_ms: z.number().int().min(100).max(60_000).default(1000),
    })
    .prefault({}),
  chat: z
    .strictObject({ history_token_budget: z.number().int().min(0).max(1_000_000).default(6000) })
    .prefault({}),
  transfer: z
    .strictObject({
      // Largest archive accepted by an import (compressed), and limits on what it may inflate to.
      max_archive_bytes: z.number().int().min(1024).default(512 * 1024 * 1024),
      max_total_bytes: z.number().int().min(1024).default(2 * 1024 * 1024 * 1024),
      max_entry_bytes: z.number().int().min(1024).default(64 * 1024 * 1024),
      max_entries: z.number().int().min(1).default(200_000),
    })
    .prefault({}),
  stacks: z.strictObject({ dir: z.string().min(1).default("stacks") }).prefault({}),
  engine: z
    .strictObject({
      // Estimated tokens of a stage's Context Pack; retrieved memory is trimmed first to fit.
      context_token_budget: z.number().int().min(1000).max(2_000_000).default(32_000),
      // When the run driver stops on an unexpected error (a busy database, say): drive again this many
      // times, waiting driver_retry_ms, then twice that, …; then the stage fails visibly (Retry resumes it).
      driver_retries: z.number().int().min(0).max(20).default(3),
      driver_retry_ms: z.number().int().min(1).max(600_000).default(1000),
      // How often runs left `running` with no driver are picked up again.
      sweep_interval_ms: z.number().int().min(50).max(3_600_000).default(30_000),
      // A run's budgets unless it is started with its own: tokens, and seconds spent generating (0 = none).
      // Before a model call that would go past one, the run pauses; POST /runs/{id}/resume raises it.
      // On SIGTERM / SIGINT: how long stages in flight may take to finish before they are cut (and resumed at the next start).
      shutdown_grace_ms: z.number().int().min(0).max(3_600_000).default(30_000),
      budget_tokens: z.number().int().min(0).max(100_000_000).default(500_000),
      budget_seconds: z.number().int().min(0).max(7 * 24 * 3600).default(3600),
    })
    .prefault({}),
  events: z.strictObject({ heartbeat_ms: z.number().int().min(100).max(600_000).default(15_000) }).prefault({}),
  retrieval: z.strictObject({ top_k: z.number().int().min(0).max(100).default(8) }).prefault({}),
  memory: z
    .strictObject({
      chunk_max_chars: z.number().int().min(200).max(20_000).default(1200),
      index_chat: z.boolean().default(true),
      // Local mode: the brands searched lately are answered from memory, up to this many MB in all (a
      // brand larger than this is searched in LanceDB); 0 turns the cache off.
      cache_max_mb: z.number().int().min(0).max(4096).default(192),
      embedding: z
        .strictObject({
          provider: z.enum(["local", "openai-compatible", "none"]).default("local"),
          model: z.string().min(1).default("Xenova/multilingual-e5-small"),
          dims: z.number().int().min(2).max(8192).default(384),
          dtype: z.enum(["fp32", "fp16", "q8", "int8", "uint8", "q4"]).default("q8"),
          model_path: z.string().default(""),
          allow_download: z.boolean().default(true),
          // A mirror with the Hugging Face Hub's layout (an internal artifact store); "" = the Hub itself.
          download_host: z.string().default(""),
          query_prefix: z.string().default("query: "),
          passage_prefix: z.string().default("passage: "),
          base_url: z.string().default(""),
        })
        .prefault({}),
    })
    .prefault({}),
  ui: z.strictObject({ language: z.enum(["pt-BR", "en"]).default("pt-BR") }).prefault({}),
  // The brand guard: `judge: on` adds one LLM call per stage attempt that scores the brand's voice and
  // the product's constraints (findings `voice` and `constraint`, warn); the deterministic rules always run.
  guard: z.strictObject({ judge: z.enum(["off", "on"]).default("off") }).prefault({}),
});

export type SettingsFile = z.infer<typeof settingsSchema>;

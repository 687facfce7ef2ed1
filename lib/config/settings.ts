import fs from "node:fs";
import path from "node:path";
import { load as parseYaml } from "js-yaml";
import { loadEnvConfig } from "@next/env";
import { settingsSchema, type SettingsFile } from "./settingsSchema";

/** Everything the app is configured with: settings.yaml, then environment overrides, then secrets. */
export interface Settings extends SettingsFile {
  /** Absolute path of settings.yaml that was read (or would have been). */
  file: string;
  /** Absolute workspace directory. */
  workspaceDir: string;
  /** Absolute project root (where prisma/ and stacks/ live). */
  projectDir: string;
  secrets: {
    llmApiKey: string | null;
    embeddingApiKey: string | null;
    s3: { accessKeyId: string; secretAccessKey: string; sessionToken: string | null } | null;
    /** Hosted mode: the mail transport for reset and invitation links, and the first owner. */
    smtpUrl: string | null;
    owner: { email: string; password: string } | null;
  };
}

const CONFIG_ERROR = Symbol.for("vm-studio.ConfigError");

export class ConfigError extends Error {
  readonly [CONFIG_ERROR] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[CONFIG_ERROR] === true;
  }

  constructor(
    message: string,
    readonly file: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

let envLoaded = false;

/** Reads settings.yaml and the environment. This module is the only reader of process.env. */
export function loadSettings(projectDir: string = process.cwd()): Settings {
  if (!envLoaded) {
    // .env holds secrets; `next start` loads it too, scripts and tests get it here.
    loadEnvConfig(projectDir, false, { info: () => {}, error: console.error });
    envLoaded = true;
  }
  const env = process.env;
  const file = path.resolve(projectDir, env.VM_SETTINGS || "settings.yaml");
  let raw: unknown = {};
  if (fs.existsSync(file)) {
    try {
      raw = parseYaml(fs.readFileSync(file, "utf8")) ?? {};
    } catch (err) {
      throw new ConfigError(`${file}: not valid YAML: ${(err as Error).message}`, file);
    }
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const key = [...issue.path, ...keys.slice(0, 1)].join(".") || "(root)";
    const reason = issue.code === "unrecognized_keys" ? "unknown key" : issue.message;
    throw new ConfigError(`${file}: invalid setting "${key}": ${reason}`, file, key);
  }
  const s = parsed.data;
  if (env.VM_WORKSPACE) s.workspace.dir = env.VM_WORKSPACE;
  if (env.VM_STACKS_DIR) s.stacks.dir = env.VM_STACKS_DIR;
  if (env.DATABASE_URL) s.database.url = env.DATABASE_URL;
  if (env.VM_DEPLOYMENT_MODE) {
    if (env.VM_DEPLOYMENT_MODE !== "local" && env.VM_DEPLOYMENT_MODE !== "hosted") {
      throw new ConfigError(`environment: VM_DEPLOYMENT_MODE must be "local" or "hosted", not "${env.VM_DEPLOYMENT_MODE}"`, file, "VM_DEPLOYMENT_MODE");
    }
    s.deployment.mode = env.VM_DEPLOYMENT_MODE;
  }
  if (env.VM_S3_BUCKET) s.storage.blobs = { ...s.storage.blobs, kind: "s3", bucket: env.VM_S3_BUCKET };
  if (env.VM_S3_PREFIX) s.storage.blobs.prefix = env.VM_S3_PREFIX;
  if (env.VM_S3_ENDPOINT) s.storage.blobs.endpoint = env.VM_S3_ENDPOINT;
  if (env.VM_S3_REGION || env.AWS_REGION) s.storage.blobs.region = (env.VM_S3_REGION || env.AWS_REGION)!;
  if (env.VM_S3_FORCE_PATH_STYLE) s.storage.blobs.force_path_style = env.VM_S3_FORCE_PATH_STYLE === "true" || env.VM_S3_FORCE_PATH_STYLE === "1";
  if (env.VM_EMBEDDING_MODEL_PATH) s.memory.embedding.model_path = env.VM_EMBEDDING_MODEL_PATH;
  if (env.VM_TRUSTED_PROXIES) {
    const n = Number(env.VM_TRUSTED_PROXIES);
    if (!Number.isInteger(n) || n < 0 || n > 10) throw new ConfigError(`environment: VM_TRUSTED_PROXIES must be a whole number from 0 to 10, not "${env.VM_TRUSTED_PROXIES}"`, file, "VM_TRUSTED_PROXIES");
    s.auth.trusted_proxies = n;
  }
  if (env.VM_PUBLIC_URL) s.auth.public_url = env.VM_PUBLIC_URL.replace(/\/+$/, "");
  if (env.VM_LLM_BASE_URL) s.llm.base_url = env.VM_LLM_BASE_URL;
  if (env.VM_LLM_MODEL) s.llm.model = env.VM_LLM_MODEL;
  // The OpenTelemetry variables every collector setup already uses.
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) s.telemetry.otlp_endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "");
  if (env.OTEL_SERVICE_NAME) s.telemetry.service_name = env.OTEL_SERVICE_NAME;
  if (env.PORT) {
    const port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ConfigError(`environment: invalid PORT "${env.PORT}"`, file, "PORT");
    }
    s.server.port = port;
  }
  const s3 = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
    ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || null }
    : null;
  checkDeployment(s, s3 !== null, file);
  return {
    ...s,
    file,
    projectDir,
    workspaceDir: path.resolve(projectDir, s.workspace.dir),
    secrets: {
      llmApiKey: env.VM_LLM_API_KEY || env.KIMI_API_KEY || null,
      embeddingApiKey: env.VM_EMBEDDING_API_KEY || env.VM_LLM_API_KEY || env.KIMI_API_KEY || null,
      s3,
      smtpUrl: env.VM_SMTP_URL || null,
      owner: env.VM_OWNER_EMAIL && env.VM_OWNER_PASSWORD ? { email: env.VM_OWNER_EMAIL, password: env.VM_OWNER_PASSWORD } : null,
    },
  };
}

/** Where the database is, as the storage adapter takes it ("" url = SQLite in the workspace). */
export const databaseConfig = (s: Settings) => ({ url: s.database.url, workspaceDir: s.workspaceDir, projectDir: s.projectDir });

/**
 * Hosted mode shares everything between instances, so it refuses to start on anything an instance
 * would keep to itself: SQLite, local files, or an object store it cannot sign requests for.
 */
function checkDeployment(s: SettingsFile, hasS3Credentials: boolean, file: string): void {
  const blobs = s.storage.blobs;
  if (blobs.kind === "s3" && !blobs.bucket) throw new ConfigError(`${file}: storage.blobs.kind is s3 but storage.blobs.bucket (or VM_S3_BUCKET) is empty`, file, "storage.blobs.bucket");
  if (blobs.kind === "s3" && !hasS3Credentials) {
    throw new ConfigError("storage.blobs.kind is s3 but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (object store credentials come from the environment only)", file, "AWS_ACCESS_KEY_ID");
  }
  if (s.deployment.mode !== "hosted") {
    if (blobs.kind === "s3") throw new ConfigError(`${file}: storage.blobs.kind s3 needs deployment.mode hosted (a local workspace keeps its files on disk)`, file, "storage.blobs.kind");
    return;
  }
  if (!s.database.url) {
    throw new ConfigError("deployment.mode is hosted but no PostgreSQL database is configured: set DATABASE_URL (or database.url) to a postgresql:// URL — SQLite cannot be shared by several instances", file, "database.url");
  }
  if (blobs.kind !== "s3") {
    throw new ConfigError("deployment.mode is hosted but storage.blobs.kind is fs: set storage.blobs (kind s3, bucket, endpoint, region) or VM_S3_BUCKET — local files cannot be shared by several instances", file, "storage.blobs.kind");
  }
}

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
  secrets: { llmApiKey: string | null; embeddingApiKey: string | null };
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
  if (env.VM_EMBEDDING_MODEL_PATH) s.memory.embedding.model_path = env.VM_EMBEDDING_MODEL_PATH;
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
  return {
    ...s,
    file,
    projectDir,
    workspaceDir: path.resolve(projectDir, s.workspace.dir),
    secrets: {
      llmApiKey: env.VM_LLM_API_KEY || env.KIMI_API_KEY || null,
      embeddingApiKey: env.VM_EMBEDDING_API_KEY || env.VM_LLM_API_KEY || env.KIMI_API_KEY || null,
    },
  };
}

/** Where the database is, as the storage adapter takes it ("" url = SQLite in the workspace). */
export const databaseConfig = (s: Settings) => ({ url: s.database.url, workspaceDir: s.workspaceDir, projectDir: s.projectDir });

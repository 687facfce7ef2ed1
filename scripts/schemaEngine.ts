// Prisma's schema engine, in its WebAssembly build, driven over a better-sqlite3 driver adapter.
// The Prisma CLI needs a native engine it downloads at run time, which offline machines cannot get
// (see README, "Migrations"); this gives us `diff` — to write new migrations and to prove that the
// migrations folder and schema.prisma agree — with nothing but npm packages.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import { readMigrations } from "../lib/storage/prisma/migrationRunner";

export const SCHEMA_PATH = path.resolve("prisma", "schema.prisma");
export const MIGRATIONS_DIR = path.resolve("prisma", "migrations");

type Adapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;

// The engine replays each migration file as one executeRaw call; better-sqlite3 refuses more than one
// statement per prepared query, so parameterless SQL goes through executeScript instead.
function scriptTolerant(adapter: Adapter): Adapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "executeRaw") {
        return async (query: { sql: string; args: unknown[] }) => {
          if (query.args.length === 0) {
            await target.executeScript(query.sql);
            return 0;
          }
          return target.executeRaw(query as Parameters<Adapter["executeRaw"]>[0]);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function adapterFactory() {
  const factory = new PrismaBetterSqlite3({ url: ":memory:" });
  // The engine expects Prisma's error-capturing wrapper around the factory (results as {ok, value}).
  return bindMigrationAwareSqlAdapterFactory({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => scriptTolerant(await factory.connect()),
    connectToShadowDb: async () => scriptTolerant(await factory.connectToShadowDb()),
  });
}

/** The migrations folder in the shape the engine wants (the runner's own reading of it). */
export function readMigrationList(migrationsDir = MIGRATIONS_DIR) {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: (fs.existsSync(migrationsDir) ? readMigrations(migrationsDir) : []).map((m) => ({
      path: m.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok" as const, value: m.sql } },
    })),
  };
}

// The package imports its .wasm as an ES module, which Node 20 cannot do; instantiate it by hand.
let loaded: Promise<typeof glue.SchemaEngine> | undefined;
function loadEngine(): Promise<typeof glue.SchemaEngine> {
  loaded ??= (async () => {
    const glueFile = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = path.join(path.dirname(glueFile), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as { __wbindgen_start: () => void };
    glue.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return glue.SchemaEngine;
  })();
  return loaded;
}

/** SQL that takes a database built from the migrations folder to schema.prisma ("" when they agree). */
export async function diffMigrationsToSchema(schemaPath = SCHEMA_PATH, migrationsDir = MIGRATIONS_DIR): Promise<string> {
  const schema = { files: [{ path: schemaPath, content: fs.readFileSync(schemaPath, "utf8") }] };
  const SchemaEngine = await loadEngine();
  const engine = await SchemaEngine.new({ datamodels: undefined }, () => {}, adapterFactory());
  try {
    const result = await engine.diff({
      from: { tag: "migrations", ...readMigrationList(migrationsDir) },
      to: { tag: "schemaDatamodel", ...schema },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = (result.stdout ?? "").trim();
    return /^-- This is an empty migration\.?$/.test(sql) ? "" : sql;
  } finally {
    engine.free();
  }
}

/**
 * The SQL that takes a database from `fromSchemaText` (or from empty) to the schema file, for the
 * schema's provider. PostgreSQL's history is written this way: schema → schema, no shadow database.
 */
/** Scripts are tools, not the app: they take their database from the command line's environment. */
function pgUrlForTools(): string {
  const url = process.env.VM_SCHEMA_ENGINE_PG_URL;
  if (!url) throw new Error("set VM_SCHEMA_ENGINE_PG_URL to a PostgreSQL server the schema engine can reach");
  return url;
}

export async function diffEmptyToSchema(schemaPath: string, fromSchemaText: string | null = null): Promise<string> {
  const schema = { files: [{ path: schemaPath, content: fs.readFileSync(schemaPath, "utf8") }] };
  const SchemaEngine = await loadEngine();
  const isPg = /provider\s*=\s*"postgresql"/.test(schema.files[0].content);
  // For PostgreSQL the engine connects (it reads the server version) even to diff against "empty":
  // pass any reachable server (README: Migrations on PostgreSQL).
  const pgUrl = pgUrlForTools();
  const factory = isPg ? bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: pgUrl })) : adapterFactory();
  const engine = await SchemaEngine.new({ datamodels: undefined }, () => {}, factory);
  try {
    const result = await engine.diff({
      from: fromSchemaText === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: schemaPath, content: fromSchemaText }] },
      to: { tag: "schemaDatamodel", ...schema },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return (result.stdout ?? "").trim();
  } finally {
    engine.free();
  }
}

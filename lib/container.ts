// The composition root: the one place that knows which adapter serves which port.
import fs from "node:fs";
import path from "node:path";
import { loadSettings, type Settings } from "./config/settings";
import type { BlobReader, Clock, UnitOfWork } from "./domain/ports";
import { layout } from "./domain/workspaceLayout";
import { createBrandService } from "./services/brandService";
import { createProductService } from "./services/productService";
import { createThreadService } from "./services/threadService";
import type { ServiceDeps } from "./services/serviceDeps";
import { fsBlobStore } from "./storage/files/fsBlobStore";
import { sweepTempFiles } from "./storage/files/sweepTempFiles";
import { openSqlite, type Db } from "./storage/prisma/database";
import { applySqliteMigrations } from "./storage/prisma/migrationRunner";
import { prismaRepositories } from "./storage/prisma/prismaRepositories";
import { prismaUnitOfWork } from "./storage/prisma/prismaUnitOfWork";

export interface Container {
  settings: Settings;
  brands: ReturnType<typeof createBrandService>;
  products: ReturnType<typeof createProductService>;
  threads: ReturnType<typeof createThreadService>;
  close(): Promise<void>;
}

/** Adapters a caller may replace (tests inject faults this way; production passes nothing). */
export interface Overrides {
  uow?: (real: UnitOfWork) => UnitOfWork;
  blobs?: (real: BlobReader) => BlobReader;
  clock?: Clock;
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
    repos: prismaRepositories(db),
    uow: overrides.uow ? overrides.uow(realUow) : realUow,
    blobs: overrides.blobs ? overrides.blobs(realBlobs) : realBlobs,
    clock: overrides.clock ?? systemClock,
  };
  return {
    settings,
    brands: createBrandService(deps),
    products: createProductService(deps),
    threads: createThreadService(deps),
    close: () => db.$disconnect(),
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

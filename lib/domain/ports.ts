// The interfaces the adapters in lib/storage (and later lib/llm, lib/memory) implement.
// Services and the engine depend on these only; lib/container.ts decides which adapter serves each.
import type { Brand } from "./brand";
import type { Product } from "./product";
import type { Thread } from "./thread";
import type { CanonicalKind, CanonicalRecord } from "./canonical";
import type { CanonicalVersion } from "./canonicalVersion";
import type { Promotion } from "./promotion";
import type { TableName, TableRows } from "./workspaceArchive";
import type { Artifact, Attempt, Decision, Feedback, Run, RunBudget, RunError, RunPause, RunStatus, StageStatus } from "./run";
import type { Stack, StackProblem } from "./stackDefinition";

/** Row-level records: what the relational index holds (markdown bodies live in the blob store). */
export type BrandRecord = Omit<Brand, "soulMd">;
export type ProductRecord = Omit<Product, "essenceMd">;
export type ThreadRecord = Thread;

/** What every canonical kind's rows offer (see lib/domain/canonical.ts). */
export interface CanonicalRepository<R> {
  get(id: string): Promise<R | null>;
  insert(record: R): Promise<void>;
  /** Compare-and-set on canonicalVersion: false when someone else saved first. */
  update(record: R, expectedVersion: number): Promise<boolean>;
  delete(id: string): Promise<void>;
}

export interface BrandRepository extends CanonicalRepository<BrandRecord> {
  /** All brands, or (hosted mode) one organization's. */
  list(organizationId?: string): Promise<BrandRecord[]>;
}

export interface ProductRepository extends CanonicalRepository<ProductRecord> {
  listByBrand(brandId: string): Promise<ProductRecord[]>;
}

export interface ThreadRepository {
  get(id: string): Promise<ThreadRecord | null>;
  listByProduct(productId: string): Promise<ThreadRecord[]>;
  listByBrand(brandId: string): Promise<ThreadRecord[]>;
  insert(thread: ThreadRecord): Promise<void>;
  /** Deletes the threads and everything recorded under them (messages, runs); returns their run ids. */
  deleteMany(threadIds: string[]): Promise<{ runIds: string[] }>;
}

export interface CanonicalVersionRepository {
  list(entityType: CanonicalKind, entityId: string): Promise<CanonicalVersion[]>;
  insert(version: CanonicalVersion): Promise<void>;
  deleteFor(entityType: CanonicalKind, entityIds: string[]): Promise<void>;
}

/** Read access to the workspace's files, by workspace-relative path. */
export interface BlobReader {
  read(path: string): Promise<string | null>;
  readBytes(path: string): Promise<Buffer | null>;
  /** Every file under these top-level folders (e.g. "brands"), as workspace-relative paths, sorted. */
  list(folders: string[]): Promise<string[]>;
}

/**
 * File writes that belong to a database transaction: staged while the transaction runs, made visible
 * (atomically, file by file) just before it commits, and undone if anything fails.
 */
export interface FileChanges {
  put(path: string, content: string): Promise<void>;
  /** Appends to a log file (JSONL); undone by truncating back to its previous length. */
  append(path: string, content: string): Promise<void>;
  removeTree(path: string): Promise<void>;
}

/** The database index of threads/<id>/chat.jsonl (the file holds the content). */
export interface ChatIndexRepository {
  lastSeq(threadId: string): Promise<number>;
  insert(row: ChatIndexRow): Promise<void>;
  count(threadId: string): Promise<number>;
}

export interface ChatIndexRow {
  id: string;
  threadId: string;
  seq: number;
  role: "user" | "assistant";
  status: "ok" | "failed";
  errorCode: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  latencyMs: number | null;
  createdAt: string;
}

/** Runs, their stages and attempts, artifacts and decisions. Status moves are compare-and-set. */
export interface RunRepository {
  insert(run: Run): Promise<void>;
  get(id: string): Promise<Run | null>;
  listByThread(threadId: string): Promise<Run[]>;
  listByStatus(status: RunStatus): Promise<Run[]>;
  /**
   * Moves the run to `to` (with extra fields) if the state machine allows it from where it is — a
   * compare-and-set whose expected side is runStatusesInto(to); false when the move was not legal.
   */
  moveRun(
    id: string,
    to: RunStatus,
    patch: { currentStage?: string | null; error?: RunError | null; finishedAt?: string | null; pause?: RunPause | null; budget?: RunBudget; updatedAt: string },
  ): Promise<boolean>;
  /** Not a move: the variant the reviewer approved at a stage. */
  chooseAttempt(runId: string, stageId: string, attempt: number | null): Promise<void>;
  /** Not a move: the stage an active run is working on. */
  setCurrentStage(id: string, stageId: string, updatedAt: string): Promise<void>;
  /** Takes (or, with owner null, releases) the right to execute the run: false when another owner holds it. */
  claim(id: string, owner: string | null, expectedOwner: string | null): Promise<boolean>;
  /** Reserves the next event sequence number of the run. */
  nextEventSeq(id: string): Promise<number>;
  /** Moves a stage to `to` if stageStatusesInto(to) allows it from where it is; false otherwise. */
  moveStage(runId: string, stageId: string, to: StageStatus, updatedAt: string): Promise<boolean>;
  insertAttempt(runId: string, stageId: string, attempt: Attempt): Promise<void>;
  /**
   * Closes an attempt that is still open (running): a compare-and-set, false when it was closed
   * already — e.g. another worker took the stage over and marked it interrupted.
   */
  closeAttempt(attemptId: string, patch: Partial<Omit<Attempt, "id" | "n">> & { status: Attempt["status"] }): Promise<boolean>;
  insertArtifact(artifact: Artifact): Promise<void>;
  listArtifacts(runId: string): Promise<Artifact[]>;
  insertDecision(decision: Decision): Promise<void>;
  listDecisions(runId: string): Promise<Decision[]>;
  insertFeedback(feedback: Feedback): Promise<void>;
  listFeedback(runId: string): Promise<Feedback[]>;
}

/** The stacks a user can run: stacks/<name>/stack.yaml plus contracts, read on each call. */
export interface StackCatalog {
  load(): Promise<{ stacks: Stack[]; problems: StackProblem[] }>;
}

export interface PromotionRepository {
  insert(p: Promotion): Promise<void>;
  get(id: string): Promise<Promotion | null>;
  list(entityType: CanonicalKind, entityId: string): Promise<Promotion[]>;
  /** Compare-and-set on status: false when it was no longer `from`. */
  decide(id: string, from: Promotion["status"], to: Promotion["status"], decidedAt: string, decidedBy?: string | null): Promise<boolean>;
  /** Drops the proposals of deleted brands or products (they would point at nothing). */
  deleteFor(entityType: CanonicalKind, entityIds: string[]): Promise<void>;
}

/** Whole tables as JSON rows: export and import of a workspace. */
export interface TableStore {
  /** Every row of every table, or only what belongs to one brand. */
  /** Every row, or those of some brands (with their products, threads, runs…). */
  dump(scope?: { brandIds: string[] }): Promise<TableRows>;
  existingIds(table: TableName, ids: string[]): Promise<Set<string>>;
  insert(table: TableName, rows: Record<string, unknown>[]): Promise<void>;
}

/** The repository of a canonical kind's rows. */
export const canonicalRepository = (repos: Pick<Repositories, "brands" | "products">, kind: CanonicalKind): CanonicalRepository<CanonicalRecord> =>
  (kind === "brand" ? repos.brands : repos.products) as unknown as CanonicalRepository<CanonicalRecord>;

export interface Repositories {
  brands: BrandRepository;
  products: ProductRepository;
  threads: ThreadRepository;
  versions: CanonicalVersionRepository;
  chat: ChatIndexRepository;
  runs: RunRepository;
  promotions: PromotionRepository;
  tables: TableStore;
}

export interface UnitOfWork {
  /**
   * Runs `work` in one database transaction whose file changes land with it or not at all.
   * `prestage` stages file changes whose content is known before the transaction (it must not read what
   * the transaction reads): they are written and made durable before the database is taken, so concurrent
   * units of work flush their files side by side instead of one after another behind its single writer.
   * They become visible, or are undone, exactly like those staged in `work`. A wrapper must pass it on.
   */
  run<T>(work: (tx: Repositories & { files: FileChanges }) => Promise<T>, opts?: UnitOfWorkOptions): Promise<T>;
}

export interface UnitOfWorkOptions {
  prestage?: (files: FileChanges) => Promise<void>;
}

export interface Clock {
  now(): Date;
}

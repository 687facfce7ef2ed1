import type {
  BlobReader,
  CanonicalRepository,
  ChatIndexRow,
  BrandRecord,
  FileChanges,
  ProductRecord,
  Repositories,
  ThreadRecord,
  UnitOfWork,
} from "@/lib/domain/ports";
import type { CanonicalVersion } from "@/lib/domain/canonicalVersion";
import type { Artifact, Decision, Feedback, Run } from "@/lib/domain/run";
import type { Promotion } from "@/lib/domain/promotion";
import { isOpenAttempt, runStatusesInto, stageStatusesInto } from "@/lib/domain/runStateMachine";

interface State {
  promotions: Map<string, Promotion>;
  chat: ChatIndexRow[];
  runs: Map<string, Run>;
  artifacts: Artifact[];
  decisions: Decision[];
  feedback: Feedback[];
  brands: Map<string, BrandRecord>;
  products: Map<string, ProductRecord>;
  threads: Map<string, ThreadRecord>;
  versions: CanonicalVersion[];
  runsByThread: Map<string, string[]>;
  files: Map<string, string>;
}

const clone = <T>(v: T): T => structuredClone(v);

function emptyState(): State {
  return { promotions: new Map(), chat: [], runs: new Map(), artifacts: [], decisions: [], feedback: [], brands: new Map(), products: new Map(), threads: new Map(), versions: [], runsByThread: new Map(), files: new Map() };
}

/** Rows of a canonical kind: insert refuses a duplicate id, update is compare-and-set on the version. */
function canonicalRows<R extends { id: string; canonicalVersion: number }>(rows: Map<string, R>): CanonicalRepository<R> {
  return {
    get: async (id) => clone(rows.get(id) ?? null),
    insert: async (r) => {
      if (rows.has(r.id)) throw new Error("duplicate id");
      rows.set(r.id, clone(r));
    },
    update: async (r, expected) => {
      if (rows.get(r.id)?.canonicalVersion !== expected) return false;
      rows.set(r.id, clone(r));
      return true;
    },
    delete: async (id) => void rows.delete(id),
  };
}

function repositories(s: State): Repositories {
  return {
    brands: { ...canonicalRows(s.brands), list: async () => [...s.brands.values()].map(clone) },
    products: { ...canonicalRows(s.products), listByBrand: async (brandId) => [...s.products.values()].filter((p) => p.brandId === brandId).map(clone) },
    threads: {
      get: async (id) => clone(s.threads.get(id) ?? null),
      listByProduct: async (productId) => [...s.threads.values()].filter((t) => t.productId === productId).reverse(),
      listByBrand: async (brandId) => [...s.threads.values()].filter((t) => t.brandId === brandId).reverse(),
      insert: async (t) => void s.threads.set(t.id, clone(t)),
      deleteMany: async (ids) => {
        const runIds = ids.flatMap((id) => s.runsByThread.get(id) ?? []);
        for (const id of ids) s.threads.delete(id);
        return { runIds };
      },
    },
    runs: runRepository(s),
    // Export / import are covered against the real store (tests/api/workspaceTransfer.test.ts).
    tables: {
      dump: async () => {
        throw new Error("table dumps are not modelled by the in-memory fake");
      },
      existingIds: async () => new Set(),
      insert: async () => {
        throw new Error("table inserts are not modelled by the in-memory fake");
      },
    },
    promotions: {
      insert: async (p) => void s.promotions.set(p.id, clone(p)),
      get: async (id) => clone(s.promotions.get(id) ?? null),
      list: async (type, id) => [...s.promotions.values()].filter((p) => p.entityType === type && p.entityId === id).reverse().map(clone),
      decide: async (id, from, to, decidedAt) => {
        const p = s.promotions.get(id);
        if (!p || p.status !== from) return false;
        s.promotions.set(id, { ...clone(p), status: to, decidedAt });
        return true;
      },
      deleteFor: async (type, ids) => {
        for (const [id, p] of s.promotions) if (p.entityType === type && ids.includes(p.entityId)) s.promotions.delete(id);
      },
    },
    chat: {
      lastSeq: async (threadId) => Math.max(0, ...s.chat.filter((r) => r.threadId === threadId).map((r) => r.seq)),
      insert: async (row) => {
        if (s.chat.some((r) => r.threadId === row.threadId && r.seq === row.seq)) throw new Error("duplicate seq");
        s.chat.push(clone(row));
      },
      count: async (threadId) => s.chat.filter((r) => r.threadId === threadId).length,
    },
    versions: {
      list: async (type, id) =>
        s.versions.filter((v) => v.entityType === type && v.entityId === id).sort((a, b) => b.version - a.version),
      insert: async (v) => void s.versions.push(clone(v)),
      deleteFor: async (type, ids) => {
        s.versions = s.versions.filter((v) => !(v.entityType === type && ids.includes(v.entityId)));
      },
    },
  };
}

/**
 * In-memory fakes of every storage port, with the same all-or-nothing unit of work as the real one:
 * work runs against a copy of the state that replaces the real state only when nothing threw.
 */
export function memoryStore() {
  let state = emptyState();
  const repos: Repositories = {
    brands: wrap(() => repositories(state).brands),
    products: wrap(() => repositories(state).products),
    threads: wrap(() => repositories(state).threads),
    versions: wrap(() => repositories(state).versions),
    chat: wrap(() => repositories(state).chat),
    runs: wrap(() => repositories(state).runs),
    promotions: wrap(() => repositories(state).promotions),
    tables: wrap(() => repositories(state).tables),
  };

  const uow: UnitOfWork = {
    async run(work, opts = {}) {
      const draft: State = {
        promotions: new Map(state.promotions),
        chat: [...state.chat],
        runs: new Map(state.runs),
        artifacts: [...state.artifacts],
        decisions: [...state.decisions],
        feedback: [...state.feedback],
        brands: new Map(state.brands),
        products: new Map(state.products),
        threads: new Map(state.threads),
        versions: [...state.versions],
        runsByThread: new Map(state.runsByThread),
        files: new Map(state.files),
      };
      const files: FileChanges = {
        put: async (path, content) => void draft.files.set(path, content),
        append: async (path, content) => void draft.files.set(path, (draft.files.get(path) ?? "") + content),
        removeTree: async (path) => {
          for (const key of [...draft.files.keys()]) if (key === path || key.startsWith(path + "/")) draft.files.delete(key);
        },
      };
      await opts.prestage?.(files);
      const result = await work({ ...repositories(draft), files });
      state = draft;
      return result;
    },
  };
  const blobs: BlobReader = {
    read: async (path) => state.files.get(path) ?? null,
    readBytes: async (path) => (state.files.has(path) ? Buffer.from(state.files.get(path)!) : null),
    list: async (folders) => [...state.files.keys()].filter((k) => folders.some((f) => k.startsWith(f + "/"))).sort(),
  };
  return {
    repos,
    uow,
    blobs,
    files: () => new Map(state.files),
    addRun: (threadId: string, runId: string) =>
      state.runsByThread.set(threadId, [...(state.runsByThread.get(threadId) ?? []), runId]),
  };
}

function runRepository(s: State): Repositories["runs"] {
  const edit = (id: string, change: (r: Run) => void) => {
    const run = clone(s.runs.get(id)!);
    change(run);
    s.runs.set(id, run);
  };
  const stageOf = (run: Run, stageId: string) => run.stages.find((x) => x.id === stageId)!;
  return {
    insert: async (run) => void s.runs.set(run.id, clone(run)),
    get: async (id) => clone(s.runs.get(id) ?? null),
    listByThread: async (threadId) => [...s.runs.values()].filter((r) => r.threadId === threadId).reverse().map(clone),
    listByStatus: async (status) => [...s.runs.values()].filter((r) => r.status === status).map(clone),
    moveRun: async (id, to, patch) => {
      const run = s.runs.get(id);
      if (!run || !runStatusesInto(to).includes(run.status)) return false;
      edit(id, (r) => {
        r.status = to;
        if (patch.currentStage !== undefined) r.currentStage = patch.currentStage;
        if (patch.error !== undefined) r.error = patch.error;
        if (patch.finishedAt !== undefined) r.finishedAt = patch.finishedAt;
        if (patch.pause !== undefined) r.pause = patch.pause;
        if (patch.budget !== undefined) r.budget = patch.budget;
        r.updatedAt = patch.updatedAt;
      });
      return true;
    },
    chooseAttempt: async (runId, stageId, attempt) => edit(runId, (r) => void (stageOf(r, stageId).chosenAttempt = attempt)),
    setCurrentStage: async (id, stageId, updatedAt) => edit(id, (r) => Object.assign(r, { currentStage: stageId, updatedAt })),
    claim: async (id, owner, expected) => {
      if (s.runs.get(id)?.claimedBy !== expected) return false;
      edit(id, (r) => void (r.claimedBy = owner));
      return true;
    },
    nextEventSeq: async (id) => {
      edit(id, (r) => void (r.lastEventSeq += 1));
      return s.runs.get(id)!.lastEventSeq;
    },
    moveStage: async (runId, stageId, to, updatedAt) => {
      const run = s.runs.get(runId);
      if (!run || !stageStatusesInto(to).includes(stageOf(run, stageId).status)) return false;
      edit(runId, (r) => Object.assign(stageOf(r, stageId), { status: to, updatedAt }));
      return true;
    },
    insertAttempt: async (runId, stageId, attempt) => edit(runId, (r) => void stageOf(r, stageId).attempts.push(clone(attempt))),
    closeAttempt: async (attemptId, patch) => {
      for (const run of s.runs.values())
        for (const stage of run.stages) {
          const a = stage.attempts.find((x) => x.id === attemptId);
          if (!a) continue;
          if (!isOpenAttempt(a.status)) return false;
          edit(run.id, (r) => Object.assign(stageOf(r, stage.id).attempts.find((x) => x.id === attemptId)!, clone(patch)));
          return true;
        }
      return false;
    },
    insertArtifact: async (a) => void s.artifacts.push(clone(a)),
    listArtifacts: async (runId) => s.artifacts.filter((a) => a.runId === runId).map(clone),
    insertDecision: async (d) => void s.decisions.push(clone(d)),
    listDecisions: async (runId) => s.decisions.filter((d) => d.runId === runId).map(clone),
    insertFeedback: async (f) => void s.feedback.push(clone(f)),
    listFeedback: async (runId) => s.feedback.filter((f) => f.runId === runId).map(clone),
  };
}

// Resolve against the current state at call time, so `repos` keeps working after a unit of work swaps it.
function wrap<T extends object>(get: () => T): T {
  return new Proxy({} as T, { get: (_t, prop) => (get() as Record<string | symbol, unknown>)[prop] }) as T;
}

export const fixedClock = (iso = "2026-11-25T12:00:00.000Z") => {
  let t = new Date(iso).getTime();
  return { now: () => new Date((t += 1000)) };
};

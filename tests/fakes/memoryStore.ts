import type {
  BlobReader,
  ChatIndexRow,
  BrandRecord,
  FileChanges,
  ProductRecord,
  Repositories,
  ThreadRecord,
  UnitOfWork,
} from "@/lib/domain/ports";
import type { CanonicalVersion } from "@/lib/domain/canonicalVersion";

interface State {
  chat: ChatIndexRow[];
  brands: Map<string, BrandRecord>;
  products: Map<string, ProductRecord>;
  threads: Map<string, ThreadRecord>;
  versions: CanonicalVersion[];
  runsByThread: Map<string, string[]>;
  files: Map<string, string>;
}

const clone = <T>(v: T): T => structuredClone(v);

function emptyState(): State {
  return { chat: [], brands: new Map(), products: new Map(), threads: new Map(), versions: [], runsByThread: new Map(), files: new Map() };
}

function repositories(s: State): Repositories {
  return {
    brands: {
      get: async (id) => clone(s.brands.get(id) ?? null),
      list: async () => [...s.brands.values()].map(clone),
      insert: async (b) => {
        if (s.brands.has(b.id)) throw new Error("duplicate id");
        s.brands.set(b.id, clone(b));
      },
      update: async (b, expected) => {
        if (s.brands.get(b.id)?.canonicalVersion !== expected) return false;
        s.brands.set(b.id, clone(b));
        return true;
      },
      delete: async (id) => void s.brands.delete(id),
    },
    products: {
      get: async (id) => clone(s.products.get(id) ?? null),
      listByBrand: async (brandId) => [...s.products.values()].filter((p) => p.brandId === brandId).map(clone),
      insert: async (p) => void s.products.set(p.id, clone(p)),
      update: async (p, expected) => {
        if (s.products.get(p.id)?.canonicalVersion !== expected) return false;
        s.products.set(p.id, clone(p));
        return true;
      },
      delete: async (id) => void s.products.delete(id),
    },
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
  };

  const uow: UnitOfWork = {
    async run(work) {
      const draft: State = {
        chat: [...state.chat],
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
      const result = await work({ ...repositories(draft), files });
      state = draft;
      return result;
    },
  };
  const blobs: BlobReader = { read: async (path) => state.files.get(path) ?? null };
  return {
    repos,
    uow,
    blobs,
    files: () => new Map(state.files),
    addRun: (threadId: string, runId: string) =>
      state.runsByThread.set(threadId, [...(state.runsByThread.get(threadId) ?? []), runId]),
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

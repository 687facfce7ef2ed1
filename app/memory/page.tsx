import type { Metadata } from "next";
import { getContainer } from "@/lib/container";
import { currentActor } from "@/app/_components/currentActor";
import { presentMemoryStatus } from "@/lib/http/presenters";
import { AppShell } from "../_components/AppShell";
import { EPISODIC_KINDS, type MemoryStatusJson, type SnippetJson } from "../_components/apiTypes";
import { PageHeader } from "../_components/PageHeader";
import { getDictionary } from "../_i18n/server";
import type { SawContext, ScopeTree } from "./inspectorTypes";
import { MemoryInspector } from "./MemoryInspector";
import { MemoryStatusPanel } from "./MemoryStatusPanel";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getDictionary();
  return { title: t.memory.title };
}

type Search = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/** The memory status in the API's JSON shape (the panel re-reads GET /api/v1/memory/status). */
async function statusJson(): Promise<MemoryStatusJson> {
  const c = getContainer();
  const actor = await currentActor();
  return presentMemoryStatus(await c.memory.status(actor.organizationId ? (kind, id) => c.access.owns(actor, kind, id) : undefined), c.eventLoop.snapshot());
}

/** Brands → products → campaigns, for the scope selects (a local workspace: small enough to send whole). */
async function scopeTree(): Promise<ScopeTree> {
  const c = getContainer();
  const brands = await c.brands.listBrands((await currentActor()).organizationId);
  return Promise.all(
    brands.map(async (b) => {
      const [products, threads] = await Promise.all([c.products.listProducts(b.id), c.threads.listBrandThreads(b.id)]);
      return {
        id: b.id,
        name: b.name,
        products: products.map((p) => ({
          id: p.id,
          name: p.name,
          threads: threads.filter((th) => th.productId === p.id).map((th) => ({ id: th.id, title: th.title })),
        })),
      };
    }),
  );
}


/** "What the model saw": the attempt's recorded retrieval and the scope its stage searched (the run's brand and product). */
async function sawContext(runId: string, stageId: string, attempt: string): Promise<SawContext | { missing: true }> {
  const c = getContainer();
  try {
    if (!/^\d{1,4}$/.test(attempt)) return { missing: true };
    await c.access.requireOwned(await currentActor(), "run", runId);
    const { run } = await c.runs.runDetails(runId);
    const read = await c.runs.getAttemptSnapshot(runId, stageId, Number(attempt));
    // A snapshot in an older format has no retrieval this page can trust: shown as not recorded.
    const snapshot = read.format === "current" ? read.snapshot : null;
    const thread = await c.threads.getThread(run.threadId);
    const stage = run.stages.find((s) => s.id === stageId);
    return {
      runId,
      stageId,
      attempt: Number(attempt),
      stageTitle: snapshot?.stage.title ?? stage?.title ?? stageId,
      stack: run.stack,
      startedAt: snapshot?.started_at ?? null,
      brandId: thread.brandId,
      productId: thread.productId,
      retrieval: snapshot?.retrieval ?? null,
    };
  } catch {
    return { missing: true };
  }
}

export default async function MemoryPage({ searchParams }: Search) {
  const { t } = await getDictionary();
  const sp = await searchParams;
  const c = getContainer();
  const [tree, status] = await Promise.all([scopeTree(), statusJson()]);
  const runId = one(sp.run);
  const saw = runId ? await sawContext(runId, one(sp.stage), one(sp.attempt)) : null;
  const found = saw && !("missing" in saw) ? saw : null;

  // The scope asked for in the URL, kept only where it names things that exist and belong together.
  const brand = tree.find((b) => b.id === (found?.brandId ?? one(sp.brand))) ?? (tree.length === 1 ? tree[0] : undefined);
  const product = brand?.products.find((p) => p.id === (found?.productId ?? one(sp.product)));
  const thread = found ? undefined : product?.threads.find((th) => th.id === one(sp.thread));

  return (
    <AppShell
      active={{
        ...(brand && { brand: { id: brand.id, name: brand.name } }),
        ...(product && { product: { id: product.id, name: product.name } }),
        ...(thread && { thread: { id: thread.id, title: thread.title } }),
      }}
    >
      <PageHeader kind={t.memory.kind} title={t.memory.title} meta={t.memory.intro} />
      {saw && !found && (
        <p role="alert" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {t.memory.sawMissing}
        </p>
      )}
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <MemoryInspector
          tree={tree}
          initial={{
            brandId: brand?.id ?? "",
            productId: product?.id ?? "",
            threadId: thread?.id ?? "",
            query: found?.retrieval?.query ?? one(sp.q),
            topK: c.settings.retrieval.top_k || 8,
            kinds: EPISODIC_KINDS,
            mode: "auto",
          }}
          defaultTopK={c.settings.retrieval.top_k || 8}
          saw={found}
          embedder={status.embedder}
        />
        <MemoryStatusPanel initial={status} />
      </div>
    </AppShell>
  );
}

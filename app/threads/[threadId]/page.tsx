import { isRunCompleted, lastSucceededAttempt } from "@/lib/domain/runStateMachine";
import Link from "next/link";
import { getContainer } from "@/lib/container";
import { chatMessageJson } from "@/lib/domain/chat";
import { presentApproved, presentStack } from "@/lib/http/presenters";
import { AppShell } from "../../_components/AppShell";
import { loadBrand, loadProduct, loadThread, titleFrom } from "../../_components/loaders";
import { GuardBadge } from "../../_components/GuardFindings";
import { StatusBadge } from "../../_components/StatusBadge";
import { formatDateTime } from "../../_i18n/format";
import { getDictionary } from "../../_i18n/server";
import { ChatPanel } from "./ChatPanel";
import { StartRunPanel } from "./StartRunPanel";

export const dynamic = "force-dynamic";

const CHAT_PAGE = 30;

type Params = { params: Promise<{ threadId: string }> };

export const generateMetadata = titleFrom("threadId", loadThread);

export default async function ThreadPage({ params }: Params) {
  const { threadId } = await params;
  const { t, lang } = await getDictionary();
  const thread = await loadThread(threadId);
  const c = getContainer();
  const [brand, product, chat, runs, catalog, approved] = await Promise.all([
    loadBrand(thread.brandId),
    loadProduct(thread.productId),
    c.chat.listMessages(thread.id, { limit: CHAT_PAGE }),
    c.runs.listThreadRuns(thread.id),
    c.runs.listStacks(),
    c.runs.approvedInThread(thread.id),
  ]);
  const providerConfigured = c.provider.status().configured;
  const stackTitle = new Map(catalog.stacks.map((s) => [s.name, s.title]));

  return (
    <AppShell active={{ brand, product, thread }}>
      <header className="mb-6">
        <p className="flex flex-wrap items-center gap-1.5 text-sm text-stone-500">
          <Link href={`/brands/${brand.id}`} className="link">
            {brand.name}
          </Link>
          <span aria-hidden>→</span>
          <Link href={`/products/${product.id}`} className="link">
            {product.name}
          </Link>
          <span aria-hidden>→</span>
          <span>{t.thread.campaign}</span>
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight break-words">{thread.title}</h1>
        <p className="muted mt-1">{t.common.createdAt(formatDateTime(thread.createdAt, lang))}</p>
      </header>
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <section aria-labelledby="chat-title" className="card card-body">
          <div className="mb-3 flex flex-wrap items-baseline justify-between gap-x-3">
            <h2 id="chat-title" className="section-title">
              {t.thread.chat}
            </h2>
            <p className="text-xs text-stone-500">{t.chat.intro}</p>
          </div>
          <ChatPanel
            threadId={thread.id}
            initial={{ items: chat.items.map(chatMessageJson), hasMore: chat.hasMore, nextBefore: chat.nextBefore }}
          />
        </section>

        <div className="space-y-6">
          <section aria-labelledby="runs-title" className="card card-body">
            <h2 id="runs-title" className="section-title">
              {t.thread.runs}
            </h2>
            {runs.length === 0 ? (
              <p className="muted mt-2">{t.runs.empty}</p>
            ) : (
              <ul aria-label={t.runs.listTitle} className="mt-3 space-y-2">
                {runs.map((run) => {
                  const current = run.stages.find((s) => s.id === run.currentStage);
                  return (
                    <li key={run.id}>
                      <Link
                        href={`/runs/${run.id}`}
                        className="block rounded-lg border border-stone-200 px-3 py-2.5 hover:border-accent-600 hover:bg-accent-50/40"
                      >
                        <span className="flex flex-wrap items-center justify-between gap-2">
                          <span className="font-medium text-stone-900">{stackTitle.get(run.stack) ?? run.stack}</span>
                          <StatusBadge status={run.status} label={t.run.status[run.status] ?? run.status} />
                        </span>
                        <span className="mt-0.5 line-clamp-1 text-sm text-stone-600">{run.request}</span>
                        <span className="mt-1 block text-xs text-stone-500">
                          {formatDateTime(run.createdAt, lang)}
                          {current && !isRunCompleted(run.status) && ` · ${t.runs.currentStage(current.title)}`}
                        </span>
                        {/* The brand guard's verdict on each stage's latest text. */}
                        <span className="mt-1.5 flex flex-wrap gap-1" aria-label={t.guard.title}>
                          {run.stages.map((s) => {
                            const checks = lastSucceededAttempt(s)?.checks;
                            return checks ? (
                              <span key={s.id} className="inline-flex items-center gap-1 text-[11px] text-stone-500" title={s.title}>
                                {s.id}
                                <GuardBadge checks={checks} short />
                              </span>
                            ) : null;
                          })}
                        </span>
                      </Link>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>

          <section aria-labelledby="start-title" className="card card-body">
            <h2 id="start-title" className="section-title">
              {t.runs.startTitle}
            </h2>
            <p className="muted mt-1 mb-4">{t.runs.startIntro}</p>
            <StartRunPanel
              threadId={thread.id}
              stacks={catalog.stacks.map(presentStack)}
              approved={approved.map(presentApproved)}
              hasRuns={runs.length > 0}
              providerConfigured={providerConfigured}
            />
            {catalog.problems.length > 0 && (
              <details className="mt-4 rounded-lg border border-amber-200 bg-amber-50/60 text-xs text-amber-950">
                <summary className="cursor-pointer px-3 py-2 font-medium">{t.runs.invalidTitle(catalog.problems.length)}</summary>
                <ul className="space-y-2 border-t border-amber-200 px-3 py-2">
                  {catalog.problems.map((p, i) => (
                    <li key={`${p.file}-${p.path}-${i}`}>
                      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2">
                        <dt className="text-amber-800">{t.runs.invalidFile}</dt>
                        <dd className="font-mono break-all">{p.file}</dd>
                        <dt className="text-amber-800">{t.runs.invalidPath}</dt>
                        <dd className="font-mono break-all">{p.path || t.common.empty}</dd>
                        <dt className="text-amber-800">{t.runs.invalidReason}</dt>
                        <dd className="break-words">{p.reason}</dd>
                      </dl>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </section>
        </div>
      </div>
    </AppShell>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getContainer } from "@/lib/container";
import { requireOwnedPage } from "@/app/_components/currentActor";
import { AppShell } from "../../../../../../_components/AppShell";
import { usageOf, type LlmErrorJson, type UsageLike } from "../../../../../../_components/apiTypes";
import { GuardFindings } from "../../../../../../_components/GuardFindings";
import { LlmErrorBox } from "../../../../../../_components/LlmErrorBox";
import { loadBrand, loadProduct, loadThread } from "../../../../../../_components/loaders";
import { formatDuration, formatNumber, formatScore } from "../../../../../../_components/numbers";
import { orNotFound } from "../../../../../../_components/orNotFound";
import { PageHeader } from "../../../../../../_components/PageHeader";
import { StatusBadge } from "../../../../../../_components/StatusBadge";
import { formatDateTime } from "../../../../../../_i18n/format";
import { getDictionary } from "../../../../../../_i18n/server";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ runId: string; stageId: string; n: string }> };

async function load(params: Params["params"]) {
  const { runId, stageId, n } = await params;
  if (!/^\d{1,4}$/.test(n)) notFound();
  await requireOwnedPage("run", runId);
  const read = await orNotFound(getContainer().runs.getAttemptSnapshot(runId, stageId, Number(n)));
  return { runId, stageId, n: Number(n), read };
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { t } = await getDictionary();
  const { read, stageId, n } = await load(params);
  const title = read.format === "current" ? t.audit.title(read.snapshot.stage.title, read.snapshot.stage.attempt) : t.audit.title(stageId, n);
  return { title: `${t.audit.kind} · ${title}` };
}

const pre = "max-h-[32rem] overflow-auto rounded-md border border-stone-200 bg-stone-50 p-3 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap text-stone-800";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="py-2">
      <dt className="text-xs text-stone-500">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-stone-900">{children}</dd>
    </div>
  );
}

function Sources({ sources, empty }: { sources: Record<string, unknown>[]; empty: string }) {
  if (!sources.length) return <p className="text-xs text-stone-500">{empty}</p>;
  return (
    <ul className="space-y-1">
      {sources.map((s, i) => (
        <li key={i} className="flex flex-wrap gap-x-3 gap-y-0.5 font-mono text-[11px] text-stone-600">
          {Object.entries(s).map(([k, v]) => (
            <span key={k} className="min-w-0 break-all">
              <span className="text-stone-400">{k}=</span>
              {typeof v === "string" ? v : JSON.stringify(v)}
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}

export default async function AttemptAuditPage({ params }: Params) {
  const { t, lang } = await getDictionary();
  const { runId, stageId, n: attemptN, read } = await load(params);
  const c = getContainer();
  const run = await c.runs.getRun(runId);
  const thread = await loadThread(run.threadId);
  const [brand, product] = await Promise.all([loadBrand(thread.brandId), loadProduct(thread.productId)]);
  if (read.format === "older") {
    // Written by an older version of VM Studio: shown as it is, never forced into today's shape.
    return (
      <AppShell active={{ brand, product, thread }}>
        <Link href={`/runs/${runId}`} className="link mb-3 inline-block text-sm">
          ← {t.audit.back}
        </Link>
        <PageHeader kind={t.audit.kind} title={t.audit.title(stageId, attemptN)} meta={t.audit.intro} />
        <section className="card card-body space-y-3" data-testid="older-snapshot">
          <p role="note" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
            {t.audit.olderFormat}
          </p>
          <pre className={pre}>{JSON.stringify(read.raw, null, 2)}</pre>
        </section>
      </AppShell>
    );
  }
  const s = read.snapshot;
  const usage = usageOf(s.usage);
  const pack = s.context_pack;
  const n = (x: number) => formatNumber(x, lang);
  const sawHref = `/memory?run=${runId}&stage=${encodeURIComponent(s.stage.id)}&attempt=${s.stage.attempt}`;

  return (
    <AppShell active={{ brand, product, thread }}>
      <Link href={`/runs/${runId}`} className="link mb-3 inline-block text-sm">
        ← {t.audit.back}
      </Link>
      <PageHeader
        kind={t.audit.kind}
        title={t.audit.title(s.stage.title, s.stage.attempt)}
        meta={t.audit.intro}
        actions={
          <Link href={sawHref} className="btn-secondary">
            {t.audit.whatModelSaw}
          </Link>
        }
      />

      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          {s.checks && (
            <section aria-labelledby="guard-title" className="card card-body space-y-2">
              <h2 id="guard-title" className="section-title">
                {t.guard.title}
              </h2>
              <GuardFindings checks={s.checks} />
            </section>
          )}
          <section aria-labelledby="pack-title" className="card card-body">
            <h2 id="pack-title" className="section-title">
              {t.audit.contextPack}
            </h2>
            {!pack ? (
              <p className="muted mt-2">{t.audit.noResponse}</p>
            ) : (
              <>
                <p className="muted mt-1">{t.audit.contextIntro(n(pack.token_estimate), n(pack.budget))}</p>
                {pack.over_budget && <p className="mt-2 text-sm font-medium text-amber-800">{t.audit.overBudget}</p>}
                <ul aria-label={t.audit.contextPack} className="mt-4 space-y-2">
                  {pack.sections.map((sec, i) => (
                    <li key={`${sec.kind}-${i}`}>
                      <details className="group rounded-lg border border-stone-200" data-kind={sec.kind}>
                        <summary className="flex cursor-pointer list-none items-center gap-3 px-3 py-2 hover:bg-stone-50">
                          <span className="badge min-w-24 justify-center bg-accent-50 text-accent-800">{t.audit.sectionKind[sec.kind] ?? sec.kind}</span>
                          <span className="min-w-0 flex-1 text-sm font-medium break-words">{sec.title}</span>
                          <span className="text-xs whitespace-nowrap text-stone-500 tabular-nums">{t.audit.tokens(n(sec.tokens))}</span>
                          <span aria-hidden className="text-stone-400 transition-transform group-open:rotate-180">
                            ▾
                          </span>
                        </summary>
                        <div className="space-y-2 border-t border-stone-100 px-3 py-3">
                          <p className="text-xs font-medium text-stone-500">{t.audit.sources}</p>
                          <Sources sources={sec.sources} empty={t.audit.noSources} />
                          <pre className={pre}>{sec.content}</pre>
                        </div>
                      </details>
                    </li>
                  ))}
                </ul>
                <h3 className="mt-5 text-sm font-semibold">{t.audit.trimmed}</h3>
                {pack.trimmed.length === 0 ? (
                  <p className="muted mt-1">{t.audit.nothingTrimmed}</p>
                ) : (
                  <ul className="mt-2 space-y-1 text-sm">
                    {pack.trimmed.map((x, i) => (
                      <li key={i} className="flex flex-wrap gap-x-3">
                        <span className="badge">{t.audit.trimKind[x.kind] ?? x.kind}</span>
                        <span className="font-mono text-xs">{x.ref}</span>
                        <span className="text-xs text-stone-500">{t.audit.tokens(n(x.tokens))}</span>
                        <span className="text-xs text-stone-500">{x.reason}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </section>

          <section aria-labelledby="retrieval-title" className="card card-body">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="retrieval-title" className="section-title">
                {t.audit.retrieval}
              </h2>
              <Link href={sawHref} className="link text-sm font-medium">
                {t.audit.compareLive} →
              </Link>
            </div>
            {s.retrieval ? (
              <>
                <p className="mt-2 text-xs font-medium text-stone-500">{t.audit.query}</p>
                <pre className={`${pre} mt-1 max-h-40`}>{s.retrieval.query}</pre>
                {s.retrieval.mode && (
                  <p className={`mt-2 text-xs ${s.retrieval.mode === "fulltext" ? "font-medium text-amber-900" : "text-stone-600"}`} data-testid="retrieval-used-mode">
                    {t.memory.usedRetrieval(t.memory.usedMode[s.retrieval.mode] ?? s.retrieval.mode)}
                  </p>
                )}
                {s.retrieval.snippets.length === 0 ? (
                  <p className="muted mt-3">{t.audit.noSnippets}</p>
                ) : (
                  <ol className="mt-3 space-y-2">
                    {s.retrieval.snippets.map((sn) => (
                      <li key={sn.id} className="rounded-lg border border-stone-200 p-3">
                        <p className="flex flex-wrap gap-x-3 text-xs text-stone-500">
                          <span className="badge">{sn.source_kind}</span>
                          <span className="min-w-0 font-mono break-all">{[sn.source_path, sn.heading_path].filter(Boolean).join(" › ")}</span>
                          <span>
                            {t.audit.score} {formatScore(sn.score, lang)}
                          </span>
                        </p>
                        <pre className={`${pre} mt-2 max-h-48`}>{sn.text}</pre>
                      </li>
                    ))}
                  </ol>
                )}
              </>
            ) : (
              <p className="muted mt-2">{t.audit.noSnippets}</p>
            )}
          </section>

          <section aria-labelledby="messages-title" className="card card-body">
            <h2 id="messages-title" className="section-title">
              {t.audit.messages}
            </h2>
            <ol className="mt-3 space-y-2">
              {s.messages.map((m, i) => (
                <li key={i}>
                  <details className="group rounded-lg border border-stone-200">
                    <summary className="flex cursor-pointer list-none items-center gap-3 px-3 py-2 hover:bg-stone-50">
                      <span className="badge font-mono">{t.audit.role[m.role] ?? m.role}</span>
                      <span className="flex-1 text-xs text-stone-500">{t.audit.chars(n(m.content.length))}</span>
                      <span aria-hidden className="text-stone-400 transition-transform group-open:rotate-180">
                        ▾
                      </span>
                    </summary>
                    <div className="border-t border-stone-100 p-3">
                      <pre className={pre}>{m.content}</pre>
                    </div>
                  </details>
                </li>
              ))}
            </ol>
          </section>

          <section aria-labelledby="response-title" className="card card-body space-y-3">
            <h2 id="response-title" className="section-title">
              {t.audit.response}
            </h2>
            {s.response ? (
              <>
                <dl className="grid gap-x-6 text-sm sm:grid-cols-3">
                  <Fact label={t.audit.model}>{s.response.model}</Fact>
                  <Fact label={t.audit.finishReason}>{s.response.finish_reason ?? t.common.empty}</Fact>
                  <Fact label={t.audit.requestId}>
                    <span className="font-mono text-xs">{s.response.request_id ?? t.common.empty}</span>
                  </Fact>
                </dl>
                <pre className={pre}>{s.response.text}</pre>
                <details className="rounded-lg border border-stone-200">
                  <summary className="cursor-pointer px-3 py-2 text-sm font-medium hover:bg-stone-50">{t.audit.raw}</summary>
                  <div className="border-t border-stone-100 p-3">
                    <pre className={pre}>{JSON.stringify(s.response.raw, null, 2)}</pre>
                  </div>
                </details>
              </>
            ) : s.error ? (
              <>
                <LlmErrorBox error={s.error} />
                {s.partial_response && (
                  <>
                    <p className="text-xs font-medium text-stone-500">{t.audit.partial}</p>
                    <pre className={pre}>{s.partial_response}</pre>
                  </>
                )}
              </>
            ) : (
              <p className="muted">{t.audit.noResponse}</p>
            )}
          </section>
        </div>

        <aside aria-labelledby="summary-title" className="card card-body lg:sticky lg:top-20">
          <h2 id="summary-title" className="section-title">
            {t.audit.summary}
          </h2>
          <dl className="mt-2 divide-y divide-stone-100">
            <Fact label={t.audit.status}>
              <StatusBadge status={s.status} label={t.run.attemptStatus[s.status] ?? s.status} />
            </Fact>
            <Fact label={t.audit.model}>
              <span className="font-mono text-xs">{s.model_settings.model}</span>
            </Fact>
            <Fact label={t.audit.temperature}>{s.model_settings.temperature}</Fact>
            <Fact label={t.audit.maxTokens}>{n(s.model_settings.max_tokens)}</Fact>
            <Fact label={t.audit.usage}>
              {usage ? t.audit.usageValue(n(usage.prompt), n(usage.completion), n(usage.total)) : t.common.empty}
            </Fact>
            <Fact label={t.audit.latency}>{typeof s.latency_ms === "number" ? formatDuration(s.latency_ms, lang) : t.common.empty}</Fact>
            <Fact label={t.audit.startedAt}>{formatDateTime(s.started_at, lang)}</Fact>
            <Fact label={t.audit.finishedAt}>{s.finished_at ? formatDateTime(s.finished_at, lang) : t.audit.notFinished}</Fact>
            {s.feedback && (
              <Fact label={t.audit.feedback}>
                <span className="whitespace-pre-wrap">{s.feedback}</span>
              </Fact>
            )}
          </dl>
        </aside>
      </div>
    </AppShell>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "../../_components/AppShell";
import { loadBrand, loadProduct, loadThread } from "../../_components/loaders";
import { formatDateTime } from "../../_i18n/format";
import { getDictionary } from "../../_i18n/server";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ threadId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const thread = await loadThread((await params).threadId);
  return { title: thread.title };
}

export default async function ThreadPage({ params }: Params) {
  const { threadId } = await params;
  const { t, lang } = await getDictionary();
  const thread = await loadThread(threadId);
  const [brand, product] = await Promise.all([loadBrand(thread.brandId), loadProduct(thread.productId)]);
  const sections = [
    { id: "chat", title: t.thread.chat, text: t.thread.chatSoon },
    { id: "runs", title: t.thread.runs, text: t.thread.runsSoon },
  ];

  return (
    <AppShell active={{ brand, product, thread }}>
      <header className="mb-8">
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
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        {sections.map((s) => (
          <section key={s.id} aria-labelledby={`${s.id}-title`} className="card card-body flex min-h-64 flex-col">
            <div className="flex items-center justify-between gap-3">
              <h2 id={`${s.id}-title`} className="section-title">
                {s.title}
              </h2>
              <span className="badge">{t.thread.later}</span>
            </div>
            <div className="mt-4 flex flex-1 items-center justify-center rounded-lg border border-dashed border-stone-300 bg-stone-50 p-6">
              <p className="max-w-md text-center text-sm text-stone-600">{s.text}</p>
            </div>
          </section>
        ))}
      </div>
    </AppShell>
  );
}

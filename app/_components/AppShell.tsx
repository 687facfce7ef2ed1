import Link from "next/link";
import type { ReactNode } from "react";
import { getContainer } from "@/lib/container";
import { getDictionary } from "../_i18n/server";
import { LanguageToggle } from "./LanguageToggle";

/** What the current page is about: shown in the header as brand → product → campaign. */
export interface ActiveContext {
  brand?: { id: string; name: string };
  product?: { id: string; name: string };
  thread?: { id: string; title: string };
}

/** The memory inspector, scoped to what the page is about. */
function memoryHref(active: ActiveContext): string {
  const p = new URLSearchParams();
  if (active.brand) p.set("brand", active.brand.id);
  if (active.product) p.set("product", active.product.id);
  if (active.thread) p.set("thread", active.thread.id);
  const q = p.toString();
  return q ? `/memory?${q}` : "/memory";
}

/** Every page's frame: the header (app name, active context, language) and the main column. */
export async function AppShell({ active = {}, children }: { active?: ActiveContext; children: ReactNode }) {
  const { t } = await getDictionary();
  const providerReady = getContainer().provider.status().configured;
  const crumbs = [
    active.brand && { key: "brand", kind: t.nav.brand, label: active.brand.name, href: `/brands/${active.brand.id}` },
    active.product && { key: "product", kind: t.nav.product, label: active.product.name, href: `/products/${active.product.id}` },
    active.thread && { key: "thread", kind: t.nav.thread, label: active.thread.title, href: `/threads/${active.thread.id}` },
  ].filter((c) => !!c);

  return (
    <>
      <header className="sticky top-0 z-20 border-b border-stone-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <Link href="/" className="flex items-center gap-2 rounded-md font-semibold text-stone-900">
            <span aria-hidden className="grid size-7 place-items-center rounded-md bg-accent-700 text-xs font-bold text-white">
              VM
            </span>
            {t.app.name}
          </Link>
          <nav aria-label={t.nav.contextLabel} className="order-3 min-w-0 basis-full sm:order-none sm:flex-1 sm:basis-auto">
            {crumbs.length === 0 ? (
              <p className="text-sm text-stone-400">{t.nav.noContext}</p>
            ) : (
              <ol className="flex min-w-0 flex-wrap items-center gap-x-1.5 gap-y-1 text-sm">
                {crumbs.map((c, i) => (
                  <li key={c.key} className="flex min-w-0 items-center gap-1.5">
                    {i > 0 && (
                      <span aria-hidden className="text-stone-300">
                        /
                      </span>
                    )}
                    <span className="text-xs tracking-wide text-stone-400 uppercase">{c.kind}</span>
                    <Link
                      href={c.href}
                      aria-current={i === crumbs.length - 1 ? "page" : undefined}
                      className="max-w-[16rem] truncate rounded font-medium text-stone-800 hover:text-accent-700 aria-[current=page]:text-accent-700"
                    >
                      {c.label}
                    </Link>
                  </li>
                ))}
              </ol>
            )}
          </nav>
          <div className="ml-auto flex items-center gap-3 sm:ml-0">
            <Link
              href={memoryHref(active)}
              className="rounded-md px-2 py-1 text-sm font-medium text-stone-600 hover:bg-stone-100 hover:text-stone-900"
            >
              {t.nav.memory}
            </Link>
            <Link
              href="/settings"
              className="flex items-center gap-1.5 rounded-md px-2 py-1 text-sm font-medium text-stone-600 hover:bg-stone-100 hover:text-stone-900"
              title={providerReady ? undefined : t.nav.providerMissing}
            >
              {!providerReady && <span aria-hidden className="size-2 rounded-full bg-amber-500" />}
              {t.nav.settings}
              {!providerReady && <span className="sr-only"> ({t.nav.providerMissing})</span>}
            </Link>
            <LanguageToggle />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">{children}</main>
    </>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";
import { getContainer } from "@/lib/container";
import { getDictionary } from "../_i18n/server";
import { currentActor } from "./currentActor";
import { LanguageToggle } from "./LanguageToggle";
import { SignOutButton } from "./SignOutButton";
import { MemoryBadge } from "./MemoryBadge";

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
  const actor = await currentActor();
  const crumbs = [
    active.brand && { key: "brand", kind: t.nav.brand, label: active.brand.name, href: `/brands/${active.brand.id}` },
    active.product && { key: "product", kind: t.nav.product, label: active.product.name, href: `/products/${active.product.id}` },
    active.thread && { key: "thread", kind: t.nav.thread, label: active.thread.title, href: `/threads/${active.thread.id}` },
  ].filter((c) => !!c);
  const embedder = getContainer().memory.embedderState();
  const badge = <MemoryBadge initial={{ provider: embedder.provider, state: embedder.state, progress: embedder.progress }} />;

  return (
    <>
      <header className="sticky top-0 z-20 border-b border-stone-200 bg-white/95 backdrop-blur">
        {/* One line at every width: on a phone the app name, the context's kinds and the nav labels give way to icons. */}
        <div className="mx-auto flex max-w-7xl items-center gap-3 px-3 py-2.5 sm:gap-6 sm:px-6 sm:py-3">
          <Link href="/" aria-label={t.app.name} className="flex shrink-0 items-center gap-2 rounded-md font-semibold text-stone-900">
            <span aria-hidden className="grid size-7 place-items-center rounded-md bg-accent-700 text-xs font-bold text-white">
              VM
            </span>
            <span aria-hidden className="hidden sm:inline">
              {t.app.name}
            </span>
          </Link>
          <nav aria-label={t.nav.contextLabel} className="min-w-0 flex-1">
            {crumbs.length === 0 ? (
              <p className="truncate text-sm text-stone-400">{t.nav.noContext}</p>
            ) : (
              <ol className="flex min-w-0 items-center gap-x-1.5 text-sm">
                {crumbs.map((c, i) => {
                  const last = i === crumbs.length - 1;
                  return (
                    <li key={c.key} className={`min-w-0 items-center gap-1.5 ${last ? "flex" : "hidden md:flex"}`}>
                      {i > 0 && (
                        <span aria-hidden className="hidden text-stone-300 md:inline">
                          /
                        </span>
                      )}
                      <span className="hidden text-xs tracking-wide text-stone-400 uppercase 2xl:inline">{c.kind}</span>
                      <Link
                        href={c.href}
                        aria-current={last ? "page" : undefined}
                        className="block max-w-[16rem] truncate rounded font-medium text-stone-800 hover:text-accent-700 aria-[current=page]:text-accent-700"
                      >
                        {c.label}
                      </Link>
                    </li>
                  );
                })}
              </ol>
            )}
          </nav>
          <div className="flex shrink-0 items-center gap-1 sm:gap-3">
            <Link
              href={memoryHref(active)}
              aria-label={t.nav.memory}
              className="flex items-center gap-1.5 rounded-md px-2 py-1 text-sm font-medium text-stone-600 hover:bg-stone-100 hover:text-stone-900"
            >
              <MemoryIcon />
              <span aria-hidden className="hidden sm:inline">
                {t.nav.memory}
              </span>
            </Link>
            <Link
              href="/settings"
              aria-label={providerReady ? t.nav.settings : `${t.nav.settings} (${t.nav.providerMissing})`}
              className="relative flex items-center gap-1.5 rounded-md px-2 py-1 text-sm font-medium text-stone-600 hover:bg-stone-100 hover:text-stone-900"
              title={providerReady ? undefined : t.nav.providerMissing}
            >
              {!providerReady && <span aria-hidden className="absolute top-0.5 right-0.5 size-2 rounded-full bg-amber-500 sm:static" />}
              <SettingsIcon />
              <span aria-hidden className="hidden sm:inline">
                {t.nav.settings}
              </span>
            </Link>
            {badge}
            <LanguageToggle />
            {actor.email && <SignOutButton email={actor.email} />}
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </>
  );
}

function MemoryIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-4 sm:hidden">
      <circle cx="8.5" cy="8.5" r="5.5" />
      <path d="m13 13 4.5 4.5" strokeLinecap="round" />
    </svg>
  );
}

function SettingsIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-4 sm:hidden">
      <circle cx="10" cy="10" r="2.6" />
      <path
        d="M10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4"
        strokeLinecap="round"
      />
    </svg>
  );
}

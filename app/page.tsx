import Link from "next/link";
import { getContainer } from "@/lib/container";
import { currentActor } from "@/app/_components/currentActor";
import { AppShell } from "./_components/AppShell";
import { formatDate } from "./_i18n/format";
import { getDictionary } from "./_i18n/server";

export const dynamic = "force-dynamic";

const RECENT_THREADS = 5;

export default async function HomePage() {
  const { t, lang } = await getDictionary();
  const c = getContainer();
  const brands = await c.brands.listBrands((await currentActor()).organizationId);
  const rows = await Promise.all(
    brands.map(async (brand) => {
      const [products, threads] = await Promise.all([c.products.listProducts(brand.id), c.threads.listBrandThreads(brand.id)]);
      const productName = new Map(products.map((p) => [p.id, p.name]));
      return {
        brand,
        products,
        threads: threads.slice(0, RECENT_THREADS).map((th) => ({ ...th, productName: productName.get(th.productId) ?? "" })),
      };
    }),
  );

  if (rows.length === 0) {
    const steps = [
      [t.home.stepBrand, t.home.stepBrandText],
      [t.home.stepProduct, t.home.stepProductText],
      [t.home.stepThread, t.home.stepThreadText],
    ];
    return (
      <AppShell>
        <section aria-labelledby="empty-title" className="card mx-auto max-w-2xl px-6 py-10 text-center sm:px-10">
          <h1 id="empty-title" className="text-2xl font-semibold tracking-tight">
            {t.home.emptyTitle}
          </h1>
          <p className="mx-auto mt-3 max-w-prose text-stone-600">{t.home.emptyText}</p>
          <ol className="mt-8 grid gap-3 text-left sm:grid-cols-3">
            {steps.map(([title, text], i) => (
              <li key={title} className="rounded-lg border border-stone-200 bg-stone-50 p-4">
                <span className="grid size-7 place-items-center rounded-full bg-accent-100 text-sm font-semibold text-accent-800">
                  {i + 1}
                </span>
                <p className="mt-2 font-medium">{title}</p>
                <p className="mt-1 text-sm text-stone-600">{text}</p>
              </li>
            ))}
          </ol>
          <Link href="/brands/new" className="btn-primary mt-8 px-5 py-2.5">
            {t.home.createFirstBrand}
          </Link>
        </section>
      </AppShell>
    );
  }

  return (
    <AppShell>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t.home.title}</h1>
          <p className="mt-1 text-stone-600">{t.home.intro}</p>
        </div>
        <Link href="/brands/new" className="btn-primary">
          {t.home.newBrand}
        </Link>
      </div>

      <ul className="mt-8 grid gap-6 lg:grid-cols-2">
        {rows.map(({ brand, products, threads }) => (
          <li key={brand.id} className="card flex flex-col">
            <article aria-labelledby={`brand-${brand.id}`} className="card-body flex flex-1 flex-col">
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <h2 id={`brand-${brand.id}`} className="text-lg font-semibold break-words">
                    <Link href={`/brands/${brand.id}`} className="hover:text-accent-700">
                      {brand.name}
                    </Link>
                  </h2>
                  <p className="muted mt-0.5">
                    {t.home.productCount(products.length)} · {t.common.version(brand.canonicalVersion)}
                  </p>
                </div>
                <Link href={`/brands/${brand.id}`} className="btn-secondary btn-sm shrink-0">
                  {t.home.openBrand}
                </Link>
              </div>
              {(brand.promise || brand.audience) && (
                <p className="mt-3 line-clamp-2 text-sm text-stone-600">{brand.promise || brand.audience}</p>
              )}

              <div className="mt-5 grid flex-1 gap-5 sm:grid-cols-2">
                <div>
                  <h3 className="text-xs font-semibold tracking-wide text-stone-500 uppercase">{t.home.products}</h3>
                  {products.length === 0 ? (
                    <p className="muted mt-2">{t.home.noProducts}</p>
                  ) : (
                    <ul className="mt-2 space-y-1">
                      {products.map((p) => (
                        <li key={p.id} className="flex min-w-0 items-baseline gap-2 text-sm">
                          <Link href={`/products/${p.id}`} className="link truncate">
                            {p.name}
                          </Link>
                          {p.price && <span className="truncate text-xs text-stone-400">{p.price}</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                  <Link href={`/brands/${brand.id}/products/new`} className="mt-2 inline-block text-sm font-medium text-accent-700 hover:underline">
                    + {t.home.addProduct}
                  </Link>
                </div>
                <div>
                  <h3 className="text-xs font-semibold tracking-wide text-stone-500 uppercase">{t.home.recentThreads}</h3>
                  {threads.length === 0 ? (
                    <p className="muted mt-2">{t.home.noThreads}</p>
                  ) : (
                    <ul className="mt-2 space-y-1.5">
                      {threads.map((th) => (
                        <li key={th.id} className="min-w-0 text-sm">
                          <Link href={`/threads/${th.id}`} className="link block truncate">
                            {th.title}
                          </Link>
                          <span className="block truncate text-xs text-stone-400">
                            {th.productName} · {formatDate(th.createdAt, lang)}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </div>
            </article>
          </li>
        ))}
      </ul>
    </AppShell>
  );
}

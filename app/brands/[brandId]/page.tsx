import Link from "next/link";
import { getContainer } from "@/lib/container";
import { presentGuardStats } from "@/lib/http/presenters";
import { CanonicalPage } from "../../_components/CanonicalPage";
import { loadBrand, titleFrom } from "../../_components/loaders";
import { getDictionary } from "../../_i18n/server";
import { BrandGuardPanel } from "./BrandGuardPanel";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ brandId: string }> };

export const generateMetadata = titleFrom("brandId", loadBrand);

export default async function BrandPage({ params }: Params) {
  const { brandId } = await params;
  const { t } = await getDictionary();
  const brand = await loadBrand(brandId);
  const c = getContainer();
  const [products, guard] = await Promise.all([c.products.listProducts(brandId), c.guard.brandStats(brandId)]);

  return (
    <CanonicalPage
      kind="brand"
      entity={brand}
      active={{ brand }}
      memoryHref={`/memory?brand=${brand.id}`}
      childCount={products.length}
      afterDeleteHref="/"
      below={<BrandGuardPanel brandId={brand.id} stats={presentGuardStats(guard, brand.guard_mutes)} />}
    >
      <section className="card card-body" aria-labelledby="products-title">
        <div className="flex items-center justify-between gap-3">
          <h2 id="products-title" className="section-title">
            {t.brand.products}
          </h2>
          <Link href={`/brands/${brand.id}/products/new`} className="btn-primary btn-sm">
            {t.brand.newProduct}
          </Link>
        </div>
        {products.length === 0 ? (
          <p className="muted mt-3">{t.brand.noProducts}</p>
        ) : (
          <ul className="mt-3 divide-y divide-stone-100">
            {products.map((p) => (
              <li key={p.id} className="py-2">
                <Link href={`/products/${p.id}`} className="link font-medium break-words">
                  {p.name}
                </Link>
                <p className="truncate text-xs text-stone-500">{[p.price, p.offer].filter(Boolean).join(" · ") || t.common.version(p.canonicalVersion)}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </CanonicalPage>
  );
}

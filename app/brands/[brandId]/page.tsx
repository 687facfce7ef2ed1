import type { Metadata } from "next";
import Link from "next/link";
import { getContainer } from "@/lib/container";
import { presentPromotion } from "@/lib/http/presenters";
import { promotionDiff } from "@/lib/services/promotionService";
import { AppShell } from "../../_components/AppShell";
import { CanonicalForm } from "../../_components/CanonicalForm";
import { DeleteEntity } from "../../_components/DeleteEntity";
import { loadBrand, versionViews } from "../../_components/loaders";
import { PageHeader } from "../../_components/PageHeader";
import { PendingPromotions } from "../../_components/PendingPromotions";
import { VersionHistory } from "../../_components/VersionHistory";
import { formatDateTime } from "../../_i18n/format";
import { getDictionary } from "../../_i18n/server";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ brandId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const brand = await loadBrand((await params).brandId);
  return { title: brand.name };
}

export default async function BrandPage({ params }: Params) {
  const { brandId } = await params;
  const { t, lang } = await getDictionary();
  const brand = await loadBrand(brandId);
  const c = getContainer();
  const [products, versions, promotions] = await Promise.all([
    c.products.listProducts(brandId),
    c.brands.listBrandVersions(brandId),
    c.promotions.list("brand", brandId),
  ]);
  const pending = promotions.filter((p) => p.status === "proposed").map((p) => presentPromotion(p, promotionDiff(p)));

  return (
    <AppShell active={{ brand }}>
      <PageHeader
        kind={t.nav.brand}
        title={brand.name}
        meta={`${t.common.version(brand.canonicalVersion)} · ${t.common.updatedAt(formatDateTime(brand.updatedAt, lang))}`}
        actions={
          <Link href={`/memory?brand=${brand.id}`} className="btn-secondary btn-sm">
            {t.memory.inspectLink}
          </Link>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-6">
        <PendingPromotions items={pending} entityName={brand.name} currentVersion={brand.canonicalVersion} />
        <CanonicalForm
          kind="brand"
          mode="edit"
          entityId={brand.id}
          initial={{
            name: brand.name,
            audience: brand.audience,
            tone: brand.tone,
            promise: brand.promise,
            taboos: brand.taboos.join("\n"),
            soul_md: brand.soulMd,
          }}
        />
        </div>
        <aside className="space-y-6">
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
          <VersionHistory kind="brand" entityId={brand.id} versions={versionViews(versions, lang)} current={brand.canonicalVersion} />
          <DeleteEntity kind="brand" id={brand.id} name={brand.name} childCount={products.length} afterHref="/" />
        </aside>
      </div>
    </AppShell>
  );
}

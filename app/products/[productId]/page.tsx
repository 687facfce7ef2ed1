import type { Metadata } from "next";
import Link from "next/link";
import { getContainer } from "@/lib/container";
import { presentPromotion } from "@/lib/http/presenters";
import { promotionDiff } from "@/lib/services/promotionService";
import { AppShell } from "../../_components/AppShell";
import { CanonicalForm } from "../../_components/CanonicalForm";
import { DeleteEntity } from "../../_components/DeleteEntity";
import { loadBrand, loadProduct, versionViews } from "../../_components/loaders";
import { PageHeader } from "../../_components/PageHeader";
import { PendingPromotions } from "../../_components/PendingPromotions";
import { VersionHistory } from "../../_components/VersionHistory";
import { formatDate, formatDateTime } from "../../_i18n/format";
import { getDictionary } from "../../_i18n/server";
import { NewThreadForm } from "./NewThreadForm";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ productId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const product = await loadProduct((await params).productId);
  return { title: product.name };
}

export default async function ProductPage({ params }: Params) {
  const { productId } = await params;
  const { t, lang } = await getDictionary();
  const product = await loadProduct(productId);
  const c = getContainer();
  const [brand, threads, versions, promotions] = await Promise.all([
    loadBrand(product.brandId),
    c.threads.listThreads(productId),
    c.products.listProductVersions(productId),
    c.promotions.list("product", productId),
  ]);
  const pending = promotions.filter((p) => p.status === "proposed").map((p) => presentPromotion(p, promotionDiff(p)));

  return (
    <AppShell active={{ brand, product }}>
      <PageHeader
        kind={t.nav.product}
        title={product.name}
        meta={
          <>
            <Link href={`/brands/${brand.id}`} className="link">
              {brand.name}
            </Link>
            {` · ${t.common.version(product.canonicalVersion)} · ${t.common.updatedAt(formatDateTime(product.updatedAt, lang))}`}
          </>
        }
        actions={
          <Link href={`/memory?brand=${brand.id}&product=${product.id}`} className="btn-secondary btn-sm">
            {t.memory.inspectLink}
          </Link>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-6">
        <PendingPromotions items={pending} entityName={product.name} currentVersion={product.canonicalVersion} />
        <CanonicalForm
          kind="product"
          mode="edit"
          entityId={product.id}
          initial={{
            name: product.name,
            price: product.price,
            offer: product.offer,
            differentiator: product.differentiator,
            constraints: product.constraints,
            essence_md: product.essenceMd,
          }}
        />
        </div>
        <aside className="space-y-6">
          <section className="card card-body" aria-labelledby="threads-title">
            <h2 id="threads-title" className="section-title">
              {t.product.threads}
            </h2>
            {threads.length === 0 ? (
              <p className="muted mt-2">{t.product.noThreads}</p>
            ) : (
              <ul className="mt-3 divide-y divide-stone-100">
                {threads.map((th) => (
                  <li key={th.id} className="py-2">
                    <Link href={`/threads/${th.id}`} className="link font-medium break-words">
                      {th.title}
                    </Link>
                    <p className="text-xs text-stone-500">{t.common.createdAt(formatDate(th.createdAt, lang))}</p>
                  </li>
                ))}
              </ul>
            )}
            <NewThreadForm productId={product.id} />
          </section>
          <VersionHistory kind="product" entityId={product.id} versions={versionViews(versions, lang)} current={product.canonicalVersion} />
          <DeleteEntity
            kind="product"
            id={product.id}
            name={product.name}
            childCount={threads.length}
            afterHref={`/brands/${brand.id}`}
          />
        </aside>
      </div>
    </AppShell>
  );
}

import type { Metadata } from "next";
import { formValues } from "../../../../_components/canonicalFields";
import { AppShell } from "../../../../_components/AppShell";
import { CanonicalForm } from "../../../../_components/CanonicalForm";
import { loadBrand } from "../../../../_components/loaders";
import { PageHeader } from "../../../../_components/PageHeader";
import { getDictionary } from "../../../../_i18n/server";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ brandId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { t } = await getDictionary();
  const brand = await loadBrand((await params).brandId);
  return { title: `${t.product.newTitle} · ${brand.name}` };
}


export default async function NewProductPage({ params }: Params) {
  const { brandId } = await params;
  const { t } = await getDictionary();
  const brand = await loadBrand(brandId);
  return (
    <AppShell active={{ brand }}>
      <PageHeader kind={t.nav.product} title={t.product.newTitle} meta={t.product.newIntro(brand.name)} />
      <div>
        <CanonicalForm kind="product" mode="create" brandId={brand.id} initial={formValues("product", {})} cancelHref={`/brands/${brand.id}`} />
      </div>
    </AppShell>
  );
}

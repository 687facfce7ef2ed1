import type { Metadata } from "next";
import { formValues } from "../../_components/canonicalFields";
import { AppShell } from "../../_components/AppShell";
import { CanonicalForm } from "../../_components/CanonicalForm";
import { PageHeader } from "../../_components/PageHeader";
import { getDictionary } from "../../_i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getDictionary();
  return { title: t.brand.newTitle };
}


export default async function NewBrandPage() {
  const { t } = await getDictionary();
  return (
    <AppShell>
      <PageHeader kind={t.nav.brand} title={t.brand.newTitle} meta={t.brand.newIntro} />
      <div>
        <CanonicalForm kind="brand" mode="create" initial={formValues("brand", {})} cancelHref="/" />
      </div>
    </AppShell>
  );
}

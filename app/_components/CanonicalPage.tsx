import Link from "next/link";
import type { ReactNode } from "react";
import { getContainer } from "@/lib/container";
import type { CanonicalKind } from "@/lib/domain/canonical";
import { isPendingPromotion } from "@/lib/domain/promotion";
import { presentPromotion } from "@/lib/http/presenters";
import type { Brand } from "@/lib/domain/brand";
import type { Product } from "@/lib/domain/product";
import { getDictionary } from "../_i18n/server";
import { formatDateTime } from "../_i18n/format";
import { AppShell } from "./AppShell";
import { CanonicalForm } from "./CanonicalForm";
import { formValues } from "./canonicalFields";
import { DeleteEntity } from "./DeleteEntity";
import { versionViews } from "./loaders";
import { PageHeader } from "./PageHeader";
import { PendingPromotions } from "./PendingPromotions";
import { VersionHistory } from "./VersionHistory";

interface Props {
  kind: CanonicalKind;
  entity: Brand | Product;
  /** The header's context (brand → product) and the memory inspector's scope. */
  active: { brand: Brand; product?: Product };
  /** Shown before the version line (a product names its brand). */
  metaPrefix?: ReactNode;
  memoryHref: string;
  /** What this kind holds (a brand's products, a product's campaigns), listed above its history. */
  children: ReactNode;
  /** More of the kind's own page, under its form (a brand's guard). */
  below?: ReactNode;
  childCount: number;
  afterDeleteHref: string;
}

/** The page of any canonical entity: pending promotions, the form, what it holds, its history, delete. */
export async function CanonicalPage({ kind, entity, active, metaPrefix, memoryHref, children, below, childCount, afterDeleteHref }: Props) {
  const { t, lang } = await getDictionary();
  const c = getContainer();
  const [versions, promotions] = await Promise.all([c.canonical.versions(kind, entity.id), c.promotions.list(kind, entity.id)]);
  const pending = promotions.filter(isPendingPromotion).map(presentPromotion);
  return (
    <AppShell active={active}>
      <PageHeader
        kind={t.nav[kind]}
        title={entity.name}
        meta={
          <>
            {metaPrefix}
            {`${metaPrefix ? " · " : ""}${t.common.version(entity.canonicalVersion)} · ${t.common.updatedAt(formatDateTime(entity.updatedAt, lang))}`}
          </>
        }
        actions={
          <Link href={memoryHref} className="btn-secondary btn-sm">
            {t.memory.inspectLink}
          </Link>
        }
      />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-6">
          <PendingPromotions items={pending} entityName={entity.name} currentVersion={entity.canonicalVersion} />
          <CanonicalForm kind={kind} mode="edit" entityId={entity.id} initial={formValues(kind, entity)} />
          {below}
        </div>
        <aside className="space-y-6">
          {children}
          <VersionHistory kind={kind} entityId={entity.id} versions={versionViews(versions, lang)} current={entity.canonicalVersion} />
          <DeleteEntity kind={kind} id={entity.id} name={entity.name} childCount={childCount} afterHref={afterDeleteHref} />
        </aside>
      </div>
    </AppShell>
  );
}

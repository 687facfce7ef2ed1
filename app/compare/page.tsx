import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DomainError } from "@/lib/domain/errors";
import { getContainer } from "@/lib/container";
import { currentActor } from "@/app/_components/currentActor";
import { presentComparison } from "@/lib/http/presenters";
import { AppShell } from "../_components/AppShell";
import { loadBrand, loadProduct, loadThread } from "../_components/loaders";
import { getDictionary } from "../_i18n/server";
import { CompareView } from "./CompareView";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getDictionary();
  return { title: t.durable.compareTitle };
}

/** /compare?left=<run>:<stage>[:<n>]&right=…: the same read as GET /api/v1/compare, rendered. */
export default async function ComparePage({ searchParams }: Props) {
  const q = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : null);
  const actor = await currentActor();
  const comparison = await getContainer()
    .compare.compare(one(q.left), one(q.right), (kind, id) => getContainer().access.owns(actor, kind, id))
    .catch((err) => {
      // A reference that names nothing (or is malformed) is a page that does not exist.
      if (err instanceof DomainError && (err.code === "not_found" || err.code === "invalid_input")) notFound();
      throw err;
    });
  const thread = await loadThread(comparison.right.run.threadId);
  const [brand, product] = await Promise.all([loadBrand(thread.brandId), loadProduct(thread.productId)]);
  return (
    <AppShell active={{ brand, product, thread }}>
      <CompareView comparison={presentComparison(comparison)} thread={{ id: thread.id, title: thread.title }} />
    </AppShell>
  );
}

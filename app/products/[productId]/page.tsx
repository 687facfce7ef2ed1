import Link from "next/link";
import { getContainer } from "@/lib/container";
import { CanonicalPage } from "../../_components/CanonicalPage";
import { loadBrand, loadProduct, titleFrom } from "../../_components/loaders";
import { formatDate } from "../../_i18n/format";
import { getDictionary } from "../../_i18n/server";
import { NewThreadForm } from "./NewThreadForm";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ productId: string }> };

export const generateMetadata = titleFrom("productId", loadProduct);

export default async function ProductPage({ params }: Params) {
  const { productId } = await params;
  const { t, lang } = await getDictionary();
  const product = await loadProduct(productId);
  const [brand, threads] = await Promise.all([loadBrand(product.brandId), getContainer().threads.listThreads(productId)]);

  return (
    <CanonicalPage
      kind="product"
      entity={product}
      active={{ brand, product }}
      metaPrefix={
        <Link href={`/brands/${brand.id}`} className="link">
          {brand.name}
        </Link>
      }
      memoryHref={`/memory?brand=${brand.id}&product=${product.id}`}
      childCount={threads.length}
      afterDeleteHref={`/brands/${brand.id}`}
    >
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
    </CanonicalPage>
  );
}

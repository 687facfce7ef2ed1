import { invalidInput, notFound } from "../domain/errors";
import type { Repositories } from "../domain/ports";

/** A search scope names things that exist and belong together; anything else is a 4xx, not an empty answer. */
export async function checkMemoryScope(repos: Repositories, s: { brand_id: string; product_id?: string; thread_id?: string }) {
  if (!(await repos.brands.get(s.brand_id))) throw notFound("brand", s.brand_id);
  if (s.product_id) {
    const p = await repos.products.get(s.product_id);
    if (!p) throw notFound("product", s.product_id);
    if (p.brandId !== s.brand_id) throw invalidInput("the product is not one of this brand's", [{ path: "product_id", issue: "belongs to another brand", code: "scope_mismatch" }]);
  }
  if (s.thread_id) {
    const t = await repos.threads.get(s.thread_id);
    if (!t) throw notFound("thread", s.thread_id);
    if (t.brandId !== s.brand_id || (s.product_id && t.productId !== s.product_id)) {
      throw invalidInput("the thread is not in this scope", [{ path: "thread_id", issue: "belongs to another brand or product", code: "scope_mismatch" }]);
    }
  }
  return { brandId: s.brand_id, productId: s.product_id, threadId: s.thread_id };
}

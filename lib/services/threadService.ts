import { notFound } from "../domain/errors";
import { isId, newId } from "../domain/ids";
import type { Thread, ThreadCreateInput } from "../domain/thread";
import { layout } from "../domain/workspaceLayout";
import type { ServiceDeps } from "./serviceDeps";

export type ThreadService = ReturnType<typeof createThreadService>;

export function createThreadService({ repos, uow, clock }: ServiceDeps) {
  return {
    async getThread(id: string): Promise<Thread> {
      const thread = isId("thread", id) ? await repos.threads.get(id) : null;
      if (!thread) throw notFound("thread", id);
      return thread;
    },

    async listThreads(productId: string): Promise<Thread[]> {
      if (!isId("product", productId) || !(await repos.products.get(productId))) throw notFound("product", productId);
      return repos.threads.listByProduct(productId);
    },

    async listBrandThreads(brandId: string): Promise<Thread[]> {
      if (!isId("brand", brandId) || !(await repos.brands.get(brandId))) throw notFound("brand", brandId);
      return repos.threads.listByBrand(brandId);
    },

    async createThread(input: ThreadCreateInput): Promise<Thread> {
      const now = clock.now().toISOString();
      return uow.run(async (tx) => {
        const product = await tx.products.get(input.product_id);
        if (!product) throw notFound("product", input.product_id);
        const thread: Thread = {
          id: newId("thread"),
          productId: product.id,
          brandId: product.brandId,
          title: input.title,
          createdAt: now,
          updatedAt: now,
        };
        await tx.threads.insert(thread);
        // The chat log exists from the start, so the folder always matches the index.
        await tx.files.put(layout.chat(thread.id), "");
        return thread;
      });
    },
  };
}

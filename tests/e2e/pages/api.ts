import type { APIRequestContext } from "@playwright/test";

/** Empties the workspace through the public API (every brand, cascading to products and campaigns). */
export async function deleteAllBrands(request: APIRequestContext) {
  const res = await request.get("/api/v1/brands");
  const { items } = (await res.json()) as { items: { id: string }[] };
  for (const b of items) await request.delete(`/api/v1/brands/${b.id}?cascade=true`);
}

/** A brand made through the API, for specs that are not about creating one. */
export async function createBrand(request: APIRequestContext, body: Record<string, unknown>) {
  const res = await request.post("/api/v1/brands", { data: body });
  if (res.status() !== 201) throw new Error(`brand not created: ${res.status()} ${await res.text()}`);
  return (await res.json()) as { id: string; name: string };
}

export async function createProduct(request: APIRequestContext, body: Record<string, unknown>) {
  const res = await request.post("/api/v1/products", { data: body });
  if (res.status() !== 201) throw new Error(`product not created: ${res.status()} ${await res.text()}`);
  return (await res.json()) as { id: string; name: string };
}

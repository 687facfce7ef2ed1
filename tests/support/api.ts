import * as brands from "@/app/api/v1/brands/route";
import * as brand from "@/app/api/v1/brands/[brandId]/route";
import * as brandProducts from "@/app/api/v1/brands/[brandId]/products/route";
import * as brandVersions from "@/app/api/v1/brands/[brandId]/versions/route";
import * as products from "@/app/api/v1/products/route";
import * as product from "@/app/api/v1/products/[productId]/route";
import * as productThreads from "@/app/api/v1/products/[productId]/threads/route";
import * as productVersions from "@/app/api/v1/products/[productId]/versions/route";
import * as threads from "@/app/api/v1/threads/route";
import * as thread from "@/app/api/v1/threads/[threadId]/route";
import * as health from "@/app/api/v1/health/route";
import * as ready from "@/app/api/v1/ready/route";
import { callRoute, type Call } from "./callRoute";

/** The API v1 surface, called through the real route handlers. */
export const api = {
  health: () => callRoute(health.GET, "GET", "/api/v1/health"),
  ready: () => callRoute(ready.GET, "GET", "/api/v1/ready"),
  listBrands: () => callRoute(brands.GET, "GET", "/api/v1/brands"),
  createBrand: (body: unknown, call: Call = {}) => callRoute(brands.POST, "POST", "/api/v1/brands", { body, ...call }),
  getBrand: (brandId: string) => callRoute(brand.GET, "GET", `/api/v1/brands/${brandId}`, { params: { brandId } }),
  patchBrand: (brandId: string, body: unknown, call: Call = {}) =>
    callRoute(brand.PATCH, "PATCH", `/api/v1/brands/${brandId}`, { body, params: { brandId }, ...call }),
  deleteBrand: (brandId: string, query?: string) =>
    callRoute(brand.DELETE, "DELETE", `/api/v1/brands/${brandId}`, { params: { brandId }, query }),
  brandProducts: (brandId: string) =>
    callRoute(brandProducts.GET, "GET", `/api/v1/brands/${brandId}/products`, { params: { brandId } }),
  brandVersions: (brandId: string) =>
    callRoute(brandVersions.GET, "GET", `/api/v1/brands/${brandId}/versions`, { params: { brandId } }),
  createProduct: (body: unknown, call: Call = {}) =>
    callRoute(products.POST, "POST", "/api/v1/products", { body, ...call }),
  getProduct: (productId: string) =>
    callRoute(product.GET, "GET", `/api/v1/products/${productId}`, { params: { productId } }),
  patchProduct: (productId: string, body: unknown) =>
    callRoute(product.PATCH, "PATCH", `/api/v1/products/${productId}`, { body, params: { productId } }),
  deleteProduct: (productId: string, query?: string) =>
    callRoute(product.DELETE, "DELETE", `/api/v1/products/${productId}`, { params: { productId }, query }),
  productThreads: (productId: string) =>
    callRoute(productThreads.GET, "GET", `/api/v1/products/${productId}/threads`, { params: { productId } }),
  productVersions: (productId: string) =>
    callRoute(productVersions.GET, "GET", `/api/v1/products/${productId}/versions`, { params: { productId } }),
  createThread: (body: unknown, call: Call = {}) =>
    callRoute(threads.POST, "POST", "/api/v1/threads", { body, ...call }),
  getThread: (threadId: string) =>
    callRoute(thread.GET, "GET", `/api/v1/threads/${threadId}`, { params: { threadId } }),
};

/** A brand → product → thread chain, for tests that need one. */
export async function seedCampaign() {
  const b = (await api.createBrand({ name: "Café Aurora", tone: "caloroso", taboos: ["barato"], soul_md: "# Alma\n\nCafé de origem." })).json;
  const p = (await api.createProduct({ brand_id: b.id, name: "Assinatura Mensal", price: "R$ 89", essence_md: "## Essência\n\nFrescor." })).json;
  const t = (await api.createThread({ product_id: p.id, title: "Lançamento de inverno" })).json;
  return { brand: b, product: p, thread: t };
}

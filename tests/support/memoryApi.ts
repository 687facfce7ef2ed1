import * as search from "@/app/api/v1/memory/search/route";
import * as status from "@/app/api/v1/memory/status/route";
import * as reindex from "@/app/api/v1/memory/reindex/route";
import * as feedback from "@/app/api/v1/feedback/route";
import * as brandPromotions from "@/app/api/v1/brands/[brandId]/promotions/route";
import * as brandPromotion from "@/app/api/v1/brands/[brandId]/promotions/[promotionId]/route";
import * as brandConfirm from "@/app/api/v1/brands/[brandId]/promotions/[promotionId]/confirm/route";
import * as brandDiscard from "@/app/api/v1/brands/[brandId]/promotions/[promotionId]/discard/route";
import * as brandRestore from "@/app/api/v1/brands/[brandId]/versions/[version]/restore/route";
import * as productPromotions from "@/app/api/v1/products/[productId]/promotions/route";
import * as productConfirm from "@/app/api/v1/products/[productId]/promotions/[promotionId]/confirm/route";
import { getContainer } from "@/lib/container";
import { callRoute } from "./callRoute";

export const memoryApi = {
  search: (body: unknown) => callRoute(search.POST, "POST", "/api/v1/memory/search", { body }),
  status: () => callRoute(status.GET, "GET", "/api/v1/memory/status"),
  reindex: () => callRoute(reindex.POST, "POST", "/api/v1/memory/reindex"),
  feedback: (body: unknown) => callRoute(feedback.POST, "POST", "/api/v1/feedback", { body }),
  proposeBrand: (brandId: string, body: unknown) =>
    callRoute(brandPromotions.POST, "POST", `/api/v1/brands/${brandId}/promotions`, { body, params: { brandId } }),
  brandPromotions: (brandId: string) => callRoute(brandPromotions.GET, "GET", `/api/v1/brands/${brandId}/promotions`, { params: { brandId } }),
  brandPromotion: (brandId: string, promotionId: string) =>
    callRoute(brandPromotion.GET, "GET", `/api/v1/brands/${brandId}/promotions/${promotionId}`, { params: { brandId, promotionId } }),
  confirmBrand: (brandId: string, promotionId: string) =>
    callRoute(brandConfirm.POST, "POST", `/api/v1/brands/${brandId}/promotions/${promotionId}/confirm`, { params: { brandId, promotionId } }),
  discardBrand: (brandId: string, promotionId: string) =>
    callRoute(brandDiscard.POST, "POST", `/api/v1/brands/${brandId}/promotions/${promotionId}/discard`, { params: { brandId, promotionId } }),
  restoreBrand: (brandId: string, version: number | string) =>
    callRoute(brandRestore.POST, "POST", `/api/v1/brands/${brandId}/versions/${version}/restore`, { params: { brandId, version: String(version) } }),
  proposeProduct: (productId: string, body: unknown) =>
    callRoute(productPromotions.POST, "POST", `/api/v1/products/${productId}/promotions`, { body, params: { productId } }),
  confirmProduct: (productId: string, promotionId: string) =>
    callRoute(productConfirm.POST, "POST", `/api/v1/products/${productId}/promotions/${promotionId}/confirm`, { params: { productId, promotionId } }),
  /** Waits until the background indexer has nothing left to do. */
  settle: () => getContainer().memory.idle(),
};

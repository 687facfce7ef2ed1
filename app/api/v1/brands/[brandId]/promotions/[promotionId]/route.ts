import { brandRoutes } from "@/app/api/v1/_canonical/canonicalRoutes";

export const dynamic = "force-dynamic";

export const GET = brandRoutes.promotion;

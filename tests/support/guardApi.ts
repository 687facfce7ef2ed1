import * as check from "@/app/api/v1/guard/check/route";
import * as brandGuard from "@/app/api/v1/brands/[brandId]/guard/route";
import * as chat from "@/app/api/v1/chat/route";
import { callRoute, type Call } from "./callRoute";

/** The brand guard's API, and the plain chat call its checks ride on, through the real route handlers. */
export const guardApi = {
  check: (body: unknown, call: Call = {}) => callRoute(check.POST, "POST", "/api/v1/guard/check", { body, ...call }),
  stats: (brandId: string) => callRoute(brandGuard.GET, "GET", `/api/v1/brands/${brandId}/guard`, { params: { brandId } }),
  chat: (threadId: string, message: string) => callRoute(chat.POST, "POST", "/api/v1/chat", { body: { thread_id: threadId, message, stream: false } }),
};

import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from "zod-openapi";
import { can, ROLES, type Permission } from "../domain/access";
import { acceptInviteInput, inviteInput, organizationCreateInput, organizationPatchInput, switchOrganizationInput, resetInput, resetRequestInput, roleInput, setupInput, signInInput, tokenCreateInput } from "../domain/accounts";
import { brandCreateInput, brandPatchInput } from "../domain/brand";
import { chatInput } from "../domain/chat";
import { guardCheckInput } from "../domain/guard/guardCheckInput";
import { ERROR_CODES, type ErrorCode } from "../domain/errors";
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH } from "../domain/idempotency";
import { idPattern, type IdKind } from "../domain/ids";
import { memorySearchInput } from "../domain/memory";
import { productCreateInput, productPatchInput } from "../domain/product";
import { promotionInputs } from "../domain/promotionInput";
import { approveInput, cancelInput, feedbackInput, rerunInput, resumeInput, retryInput, skipInput, startRunInput } from "../domain/run";
import { threadCreateInput } from "../domain/thread";
import * as api from "./apiSchemas";
import { statusFor } from "./errorResponse";
import { compareQuery, eventsQuery, exportQuery, flagQuery, healthQuery, invitationLookupQuery, rerunPlanQuery, threadPageQuery } from "./querySchemas";

// The API described once: every operation with the zod schemas its handler parses and its presenter
// is typed by, turned into an OpenAPI 3.1 document. tests/support/callRoute.ts validates every answer
// the API tests get against this document, and a test checks it lists exactly the route files.

type Media = "application/json" | "text/event-stream" | "application/gzip" | "text/markdown";

export interface Operation {
  method: "get" | "post" | "patch" | "delete";
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodType;
  body?: z.ZodType | "gzip";
  /** An empty POST is accepted too (cancel). */
  optionalBody?: boolean;
  ok: { status: number; schema?: z.ZodType; media?: Media; description: string; also?: { media: Media; schema: z.ZodType } };
  /** Error statuses beyond those every operation of its shape can answer. */
  errors?: number[];
  /** Statuses whose body is not the error envelope (readiness answers its checks with a 503). */
  errorBodies?: Record<number, { schema: z.ZodType; description: string }>;
  /** Honours an `Idempotency-Key` header (the handler is wrapped by app/api/v1/_idempotent.ts). */
  idempotent?: true;
  /** Answers without a session or token (hosted mode asks one of every other operation: 401). */
  public?: true;
  /** Hosted mode: what the caller's role must allow (lib/domain/access.ts); the route declares the same. */
  permission?: Permission;
}

const PARAMS: Record<string, IdKind | "stage" | "version" | "attempt"> = {
  brandId: "brand",
  productId: "product",
  threadId: "thread",
  runId: "run",
  promotionId: "promotion",
  artifactId: "artifact",
  stageId: "stage",
  version: "version",
  n: "attempt",
  userId: "user",
  invitationId: "invitation",
  tokenId: "token",
};

function paramSchema(name: string): z.ZodType {
  const kind = PARAMS[name];
  if (kind === "stage") return z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/).meta({ description: "a stage id of the run's stack" });
  if (kind === "version" || kind === "attempt") return z.string().regex(/^\d+$/).meta({ description: `the ${kind} number` });
  return z.string().regex(idPattern(kind)).meta({ description: `a ${kind} id` });
}

const V1 = "/api/v1";
const json = (status: number, schema: z.ZodType, description: string) => ({ status, schema, description });

/** Every operation of /api/v1. */
export const OPERATIONS: Operation[] = [
  { public: true, method: "get", path: `${V1}/openapi.json`, tag: "server", summary: "This document", ok: json(200, z.looseObject({ openapi: z.literal("3.1.0") }), "the OpenAPI 3.1 description of /api/v1") },
  {
    public: true,
    method: "get",
    path: `${V1}/ready`,
    tag: "server",
    summary: "Readiness for a load balancer: the database and the workspace answer",
    ok: json(200, api.readyJson, "ready, with each check and its time"),
    errors: [503],
    errorBodies: { 503: { schema: api.readyJson, description: "not ready: the failing check says why" } },
  },
  { public: true, method: "get", path: `${V1}/health`, tag: "server", summary: "Liveness, version and event-loop delay", query: healthQuery, ok: json(200, api.healthJson, "the server is up") },

  { method: "get", path: `${V1}/brands`, permission: "read", tag: "brands", summary: "List brands (without soul_md: read a brand for it)", ok: json(200, api.listOf(api.brandSummaryJson), "every brand") },
  { method: "post", path: `${V1}/brands`, permission: "edit", tag: "brands", summary: "Create a brand", body: brandCreateInput, ok: json(201, api.brandJson, "the new brand, at canonical version 1") },
  { method: "get", path: `${V1}/brands/{brandId}`, permission: "read", tag: "brands", summary: "Read a brand", ok: json(200, api.brandJson, "the brand") },
  { method: "patch", path: `${V1}/brands/{brandId}`, permission: "edit", tag: "brands", summary: "Change a brand (a new canonical version)", body: brandPatchInput, ok: json(200, api.brandJson, "the brand at its new version"), errors: [409] },
  { method: "delete", path: `${V1}/brands/{brandId}`, permission: "manage", tag: "brands", summary: "Delete a brand (`?cascade=true` with its products, campaigns and runs)", query: flagQuery("cascade"), ok: { status: 204, description: "deleted" }, errors: [409] },
  { method: "get", path: `${V1}/brands/{brandId}/products`, permission: "read", tag: "products", summary: "List a brand's products (without essence_md: read a product for it)", ok: json(200, api.listOf(api.productSummaryJson), "its products") },

  { method: "post", path: `${V1}/products`, permission: "edit", tag: "products", summary: "Create a product", body: productCreateInput, ok: json(201, api.productJson, "the new product"), errors: [404] },
  { method: "get", path: `${V1}/products/{productId}`, permission: "read", tag: "products", summary: "Read a product", ok: json(200, api.productJson, "the product") },
  { method: "patch", path: `${V1}/products/{productId}`, permission: "edit", tag: "products", summary: "Change a product (a new canonical version)", body: productPatchInput, ok: json(200, api.productJson, "the product at its new version"), errors: [409] },
  { method: "delete", path: `${V1}/products/{productId}`, permission: "manage", tag: "products", summary: "Delete a product (`?cascade=true` with its campaigns and runs)", query: flagQuery("cascade"), ok: { status: 204, description: "deleted" }, errors: [409] },
  { method: "get", path: `${V1}/products/{productId}/threads`, permission: "read", tag: "threads", summary: "List a product's campaigns", ok: json(200, api.listOf(api.threadJson), "its campaigns, newest first") },

  ...(["brand", "product"] as const).flatMap((kind): Operation[] => {
    const base = `${V1}/${kind}s/{${kind}Id}`;
    const entity = kind === "brand" ? api.brandJson : api.productJson;
    return [
      { method: "get", path: `${base}/versions`, permission: "read", tag: "canonical memory", summary: `The ${kind}'s canonical history`, ok: json(200, api.listOf(api.versionJson), "every version, newest first") },
      { method: "post", path: `${base}/versions/{version}/restore`, permission: "decide", tag: "canonical memory", summary: `Make an old version of the ${kind} current again (as a new version)`, ok: json(200, entity, `the ${kind} at its new version`), errors: [409] },
      { method: "get", path: `${base}/promotions`, permission: "read", tag: "canonical memory", summary: `Promotion proposals of the ${kind}`, ok: json(200, api.listOf(api.promotionJson), "proposals, newest first") },
      { method: "post", path: `${base}/promotions`, permission: "edit", tag: "canonical memory", summary: `Propose a change to the ${kind}'s canonical memory (a preview: nothing changes)`, body: promotionInputs[kind], ok: json(201, api.promotionJson, "the proposal with its before → after") , idempotent: true },
      { method: "get", path: `${base}/promotions/{promotionId}`, permission: "read", tag: "canonical memory", summary: "Read a proposal", ok: json(200, api.promotionJson, "the proposal") },
      { method: "post", path: `${base}/promotions/{promotionId}/confirm`, permission: "decide", tag: "canonical memory", summary: "Confirm a proposal: canonical changes (409 `stale_version` if it changed since the preview)", ok: json(200, api.promotionJson, "the confirmed proposal"), errors: [409] , idempotent: true },
      { method: "post", path: `${base}/promotions/{promotionId}/discard`, permission: "decide", tag: "canonical memory", summary: "Discard a proposal", ok: json(200, api.promotionJson, "the discarded proposal"), errors: [409] , idempotent: true },
    ];
  }),

  { method: "post", path: `${V1}/threads`, permission: "edit", tag: "threads", summary: "Create a campaign", body: threadCreateInput, ok: json(201, api.threadJson, "the new campaign"), errors: [404] },
  { method: "get", path: `${V1}/threads/{threadId}`, permission: "read", tag: "threads", summary: "Read a campaign with a page of its chat", query: threadPageQuery, ok: json(200, api.threadWithMessagesJson, "the campaign and its messages") },
  { method: "get", path: `${V1}/threads/{threadId}/runs`, permission: "read", tag: "runs", summary: "List a campaign's runs", ok: json(200, api.listOf(api.runJson), "its runs, newest first") },
  { method: "get", path: `${V1}/threads/{threadId}/approved`, permission: "read", tag: "runs", summary: "The campaign's latest approved deliverable of each stack stage", ok: json(200, api.listOf(api.approvedDeliverableJson), "one per stack/stage, newest first") },

  {
    method: "post",
    path: `${V1}/chat`,
    permission: "edit",
    tag: "chat",
    summary: "Send a chat message; the reply streams (SSE) or, with `stream: false`, comes back whole",
    body: chatInput,
    ok: {
      status: 200,
      schema: api.chatStreamEventJson,
      media: "text/event-stream",
      description: "`user`, `delta`…, then `done` or `error`; with `stream: false`, `{message}` as JSON (502 when the reply failed)",
      also: { media: "application/json", schema: z.object({ message: api.chatMessageJsonSchema }) },
    },
    errors: [404, 424, 502],
    idempotent: true,
  },

  { method: "get", path: `${V1}/provider`, permission: "read", tag: "provider", summary: "The configured LLM provider (never the key)", ok: json(200, api.providerJson, "the provider") },
  { method: "post", path: `${V1}/provider/check`, permission: "administer", tag: "provider", summary: "Test the connection with one tiny call", ok: json(200, api.providerCheckJson, "whether URL, key and model work together") },

  { method: "get", path: `${V1}/stacks`, permission: "read", tag: "runs", summary: "The stacks that can be run, and the stack files that cannot", ok: json(200, api.stacksJson, "valid stacks and invalid files") },
  { method: "post", path: `${V1}/runs`, permission: "edit", tag: "runs", summary: "Start a run of a stack on a campaign (it executes in the background)", body: startRunInput, ok: json(202, api.runJson, "the run, started"), errors: [404, 424] , idempotent: true },
  { method: "get", path: `${V1}/runs/{runId}`, permission: "read", tag: "runs", summary: "Read a run with its artifacts, decisions and feedback", ok: json(200, api.runJson, "the run") },
  { method: "post", path: `${V1}/runs/{runId}/approve`, permission: "decide", tag: "gates", summary: "Approve the stage at its gate (optionally with the reviewer's edit)", body: approveInput, ok: json(200, api.runJson, "the run, resumed"), errors: [409] , idempotent: true },
  { method: "post", path: `${V1}/runs/{runId}/skip`, permission: "decide", tag: "gates", summary: "Skip the stage at its gate, or a failed stage", body: skipInput, ok: json(200, api.runJson, "the run, resumed"), errors: [409] , idempotent: true },
  { method: "post", path: `${V1}/runs/{runId}/retry`, permission: "decide", tag: "gates", summary: "Retry the stage at its gate (with feedback), or a failed stage", body: retryInput, ok: json(200, api.runJson, "the run, resumed"), errors: [409, 424] , idempotent: true },
  { method: "post", path: `${V1}/runs/{runId}/cancel`, permission: "edit", tag: "gates", summary: "Cancel a run", body: cancelInput, optionalBody: true, ok: json(200, api.runJson, "the cancelled run"), errors: [409] , idempotent: true },
  {
    method: "get",
    path: `${V1}/runs/{runId}/rerun`,
    permission: "read",
    tag: "runs",
    summary: "What a re-run from a stage would reuse and run, with the tokens it is expected to take (changes nothing)",
    query: rerunPlanQuery,
    ok: json(200, api.rerunPlanJson, "the plan"),
    errors: [409],
  },
  {
    method: "post",
    path: `${V1}/runs/{runId}/rerun`,
    permission: "edit",
    tag: "runs",
    summary: "Re-run from a stage (or fork at a gate): a new run that reuses the original's approved artifacts before it and executes the rest",
    body: rerunInput,
    ok: json(202, api.runJson, "the new run, started"),
    errors: [409, 424],
    idempotent: true,
  },
  { method: "post", path: `${V1}/runs/{runId}/resume`, permission: "edit", tag: "gates", summary: "Continue a run its budget paused, raising the budget (409 `budget_still_exceeded` in details if still too small)", body: resumeInput, ok: json(200, api.runJson, "the run, running again"), errors: [409], idempotent: true },
  { method: "get", path: `${V1}/compare`, permission: "read", tag: "runs", summary: "Two attempts of a stage, or a stage in a re-run and its original, side by side with a diff", query: compareQuery, ok: json(200, api.comparisonJson, "both sides, the diff and what separated them"), errors: [404] },
  { method: "get", path: `${V1}/runs/{runId}/stages/{stageId}/attempts/{n}`, permission: "read", tag: "runs", summary: "The audit record of one attempt: exactly what the model got and answered", ok: json(200, api.attemptSnapshotJson, "the attempt's snapshot") },
  { method: "get", path: `${V1}/runs/{runId}/artifacts/{artifactId}`, permission: "read", tag: "runs", summary: "One artifact with its content", ok: json(200, api.artifactWithContentJson, "the artifact") },
  { method: "get", path: `${V1}/runs/{runId}/package`, permission: "read", tag: "runs", summary: "The consolidated package of a completed run (markdown download)", ok: { status: 200, media: "text/markdown", description: "every approved artifact in stage order" } },
  {
    method: "get",
    path: `${V1}/events`,
    permission: "read",
    tag: "runs",
    summary: "Live run events (SSE): a run's log replayed then followed (`?run_id=`), or a campaign's runs (`?thread_id=`); resumable with `Last-Event-ID`",
    query: eventsQuery,
    ok: { status: 200, schema: api.runEventMessageJson, media: "text/event-stream", description: "one `event:` per run event, `id:` its seq (or run_id:seq); run streams also send `stage.draft` (no `id:`) with the text of the stage being written" },
  },
  { method: "post", path: `${V1}/guard/check`, permission: "read", tag: "guard", summary: "Check any text against a brand's canon (and a stack stage's contract)", body: guardCheckInput, ok: json(200, api.checksJson, "the findings and the verdict"), errors: [404] },
  { method: "get", path: `${V1}/brands/{brandId}/guard`, permission: "read", tag: "guard", summary: "How each guard rule fares on the brand's runs, and what is muted", ok: json(200, api.guardStatsJson, "per-rule findings, fixes and overrides") },
  { method: "post", path: `${V1}/feedback`, permission: "edit", tag: "memory", summary: "“Worked / did not work” on a run or a stage", body: feedbackInput, ok: json(201, api.feedbackJson, "the feedback"), errors: [404] },

  { method: "post", path: `${V1}/memory/search`, permission: "read", tag: "memory", summary: "Retrieval, exactly as a stage or a chat reply does it", body: memorySearchInput, ok: json(200, api.memorySearchJson, "the snippets with source, time and score"), errors: [404, 503] },
  { method: "get", path: `${V1}/memory/status`, permission: "read", tag: "memory", summary: "The embedder, the retrieval mode, the index and its jobs", ok: json(200, api.memoryStatusJson, "the memory status") },
  { method: "post", path: `${V1}/memory/reindex`, permission: "administer", tag: "memory", summary: "Rebuild the memory index from the database and the files", ok: json(200, api.reindexJson, "what was indexed") },

  { method: "get", path: `${V1}/workspace/export`, permission: "read", tag: "workspace", summary: "Export the workspace (or `?brand_id=` one brand) as a .tar.gz", query: exportQuery, ok: { status: 200, media: "application/gzip", description: "the archive" } },
  { method: "post", path: `${V1}/workspace/import`, permission: "manage", tag: "workspace", summary: "Import an archive made by the export (all or nothing; `?merge=true` keeps what exists)", body: "gzip", query: flagQuery("merge"), ok: json(200, api.importReportJson, "what was imported"), errors: [409] , idempotent: true },

  { method: "get", path: `${V1}/session`, permission: "read", tag: "accounts", summary: "Who is signed in (or whose token this is), the organization and the role", ok: json(200, api.sessionJson, "the caller; in local mode `mode: local` and the implicit owner") },
  { public: true, method: "post", path: `${V1}/session`, tag: "accounts", summary: "Sign in with e-mail and password (sets the HTTP-only session cookie)", body: signInInput, ok: json(200, api.signedInJson, "signed in"), errors: [401, 404, 429] },
  { method: "patch", path: `${V1}/session`, permission: "account", tag: "accounts", summary: "Continue the session in another organization the person belongs to", body: switchOrganizationInput, ok: json(200, api.sessionJson, "the session, now in that organization") },
  { public: true, method: "delete", path: `${V1}/session`, tag: "accounts", summary: "Sign out (ends the session, clears the cookie)", ok: { status: 204, description: "signed out" }, errors: [404] },
  { public: true, method: "post", path: `${V1}/setup`, tag: "accounts", summary: "Create the first owner from the one-time setup link", body: setupInput, ok: json(201, api.signedInJson, "the first owner, signed in"), errors: [401, 404, 409] },
  { public: true, method: "post", path: `${V1}/password-reset`, tag: "accounts", summary: "Send a one-time reset link (or print it to the server log)", body: resetRequestInput, ok: json(202, z.object({ sent: z.literal(true) }), "sent if the address has an account"), errors: [404] },
  { public: true, method: "post", path: `${V1}/password-reset/confirm`, tag: "accounts", summary: "Choose a new password with a reset link (ends every session)", body: resetInput, ok: { status: 204, description: "saved" }, errors: [401, 404] },
  { public: true, method: "get", path: `${V1}/invitations/lookup`, tag: "accounts", summary: "What an invitation link offers", query: invitationLookupQuery, ok: json(200, api.invitationOfferJson, "the organization, e-mail and role"), errors: [401, 404] },
  { public: true, method: "post", path: `${V1}/invitations/accept`, tag: "accounts", summary: "Join the organization an invitation link offers, and sign in", body: acceptInviteInput, ok: json(201, api.signedInJson, "joined and signed in"), errors: [401, 404] },
  { method: "post", path: `${V1}/organizations`, permission: "account", tag: "organization", summary: "Create an organization owned by the caller (a session moves to it)", body: organizationCreateInput, ok: json(201, api.organizationJson, "the new organization") },
  { method: "get", path: `${V1}/organization`, permission: "read", tag: "organization", summary: "The caller's organization", ok: json(200, api.organizationJson, "the organization") },
  { method: "patch", path: `${V1}/organization`, permission: "manage", tag: "organization", summary: "Rename it or set four eyes (owners)", body: organizationPatchInput, ok: json(200, api.organizationJson, "the organization") },
  { method: "get", path: `${V1}/organization/members`, permission: "read", tag: "organization", summary: "The members and their roles", ok: json(200, api.listOf(api.memberJson), "every member") },
  { method: "patch", path: `${V1}/organization/members/{userId}`, permission: "manage", tag: "organization", summary: "Change a member's role (owners; the last owner stays one)", body: roleInput, ok: { status: 204, description: "changed" }, errors: [409] },
  { method: "delete", path: `${V1}/organization/members/{userId}`, permission: "account", tag: "organization", summary: "Remove a member (owners) or leave (anyone); their sessions and tokens end", ok: { status: 204, description: "removed" }, errors: [409] },
  { method: "get", path: `${V1}/organization/invitations`, permission: "manage", tag: "organization", summary: "Pending invitations (owners)", ok: json(200, api.listOf(api.invitationJson), "pending invitations") },
  { method: "post", path: `${V1}/organization/invitations`, permission: "manage", tag: "organization", summary: "Invite by link, mailed (or logged) and answered once (owners)", body: inviteInput, ok: json(201, api.invitationJson.extend({ link: z.string() }), "the invitation and its link"), errors: [409] },
  { method: "delete", path: `${V1}/organization/invitations/{invitationId}`, permission: "manage", tag: "organization", summary: "Revoke a pending invitation (owners)", ok: { status: 204, description: "revoked" } },
  { method: "get", path: `${V1}/organization/audit`, permission: "manage", tag: "organization", summary: "Who did what to the organization (owners)", ok: json(200, api.listOf(api.auditEntryJson), "newest first") },
  { method: "get", path: `${V1}/tokens`, permission: "read", tag: "tokens", summary: "The caller's API tokens (never their secrets)", ok: json(200, api.listOf(api.tokenJson), "the tokens") },
  { method: "post", path: `${V1}/tokens`, permission: "account", tag: "tokens", summary: "Create a personal API token; `secret` is in this answer only", body: tokenCreateInput, ok: json(201, api.tokenJson.extend({ secret: z.string() }), "the token and its secret") },
  { method: "delete", path: `${V1}/tokens/{tokenId}`, permission: "account", tag: "tokens", summary: "Revoke a token: its next request is a 401", ok: { status: 204, description: "revoked" } },
];

const TAGS: Record<string, string> = {
  server: "Liveness and health of the server",
  brands: "Brands: canonical fields and soul.md",
  products: "Products: canonical fields and essence.md",
  "canonical memory": "History, restore and promotions of a brand's or product's canonical memory",
  threads: "Campaigns of a product",
  chat: "The chat of a campaign",
  provider: "The LLM provider",
  runs: "Runs of marketing stacks, their audit and live events",
  gates: "The reviewer's decisions at a run's gates",
  memory: "Episodic memory: retrieval, status, feedback",
  guard: "The brand guard: deterministic checks of any text against the canon",
  workspace: "Export and import of a whole workspace",
  accounts: "Hosted mode: sign-in, sessions, password reset, the first owner, invitations",
  organization: "Hosted mode: the organization's members, roles, invitations, four eyes and audit",
  tokens: "Hosted mode: personal API tokens (Authorization: Bearer)",
};

/** The statuses an operation can answer with an error, and which codes each stands for. */
export function errorStatusesOf(op: Operation): number[] {
  const s = new Set<number>([403, 500, ...(op.errors ?? [])]); // 403: the Host / Origin guard answers any request (and a role lacking the permission)
  if (!op.public) s.add(401); // hosted mode: no session or token
  if (op.path.includes("{")) s.add(404);
  if (op.query) s.add(400);
  if (op.body) [400, 413, 415].forEach((x) => s.add(x));
  if (op.method !== "get") s.add(507); // a write the workspace refuses (disk full, read-only)
  if (op.idempotent) [400, 409, 422].forEach((x) => s.add(x)); // a bad key; its first request still running when this one left; the key reused
  return [...s].sort((a, b) => a - b);
}

/** Who may call an operation, in its description (hosted mode; locally the one user may do everything). */
function permissionText(permission: Permission): string {
  if (permission === "administer") return "Hosted mode: needs `administer` — the deployment's administrator (its first owner), whatever the role.";
  const roles = ROLES.filter((r) => can(r, permission)).join(", ");
  return `Hosted mode: needs \`${permission}\` — roles ${roles}${permission === "read" ? " (and read-only API tokens)" : "; not a read-only API token"}.`;
}

const codesFor = (status: number) => ERROR_CODES.filter((c: ErrorCode) => statusFor(c) === status);

function operationObject(op: Operation): ZodOpenApiOperationObject {
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const path = names.length ? z.object(Object.fromEntries(names.map((n) => [n, paramSchema(n)]))) : undefined;
  const responses: Record<string, ZodOpenApiResponseObject> = {
    [String(op.ok.status)]: {
      description: op.ok.description,
      ...(op.ok.media || op.ok.schema
        ? {
            content: {
              [op.ok.media ?? "application/json"]: op.ok.schema ? { schema: op.ok.schema } : {},
              ...(op.ok.also && { [op.ok.also.media]: { schema: op.ok.also.schema } }),
            },
          }
        : {}),
    },
  };
  for (const status of errorStatusesOf(op)) {
    const custom = op.errorBodies?.[status];
    if (custom) {
      responses[String(status)] = { description: custom.description, content: { "application/json": { schema: custom.schema } } };
      continue;
    }
    const codes = codesFor(status);
    responses[String(status)] = {
      description: status === 502 ? "the provider failed; the failed turn is saved (`{message}`)" : codes.length ? codes.map((c) => `\`${c}\``).join(", ") : "error",
      content: { "application/json": { schema: status === 502 ? z.object({ message: api.chatMessageJsonSchema }) : api.errorEnvelope } },
    };
  }
  return {
    operationId: `${op.method}${op.path.replace(/^\/api\/v1/, "").replace(/\{(\w+)\}/g, "By_$1").replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    summary: op.summary,
    ...(op.permission && { description: permissionText(op.permission), "x-permission": op.permission }),
    tags: [op.tag],
    ...((path || op.query || op.idempotent) && {
      requestParams: { ...(path && { path }), ...(op.query && { query: op.query as z.ZodObject }), ...(op.idempotent && { header: idempotencyHeader }) },
    }),
    ...(op.body && {
      requestBody: {
        required: !op.optionalBody,
        content: op.body === "gzip" ? { "application/gzip": { schema: z.string().meta({ format: "binary" }) } } : { "application/json": { schema: op.body } },
      },
    }),
    responses: responses as ZodOpenApiOperationObject["responses"],
  };
}

const idempotencyHeader = z.object({
  [IDEMPOTENCY_KEY_HEADER]: z
    .string()
    .min(1)
    .max(IDEMPOTENCY_KEY_MAX_LENGTH)
    .optional()
    .meta({
      description:
        "Any 1–255 printable characters, new per user action. The same key with the same request to this operation within 24 h answers the first response again " +
        "(status and body, with `Idempotent-Replayed: true`) and does nothing else; one arriving while the first still runs waits for it; the same key with a different request is a 422 `idempotency_key_reused`.",
    }),
});

let cached: ReturnType<typeof createDocument> | null = null;

/** The OpenAPI 3.1 document of /api/v1 (built once per process). */
export function openApiDocument(version: string): ReturnType<typeof createDocument> {
  if (cached) return cached;
  const paths: ZodOpenApiPathsObject = {};
  for (const op of OPERATIONS) paths[op.path] = { ...paths[op.path], [op.method]: operationObject(op) };
  cached = createDocument({
    openapi: "3.1.0",
    info: {
      title: "VM Studio API",
      version,
      description:
        "Every capability of VM Studio. JSON in and out (snake_case), validated with strict schemas: unknown fields are refused. " +
        "Every error is `{error: {code, message, details}}` with one HTTP status per code. An unknown path under /api/v1 is a 404 in the same envelope.",
    },
    servers: [{ url: "http://127.0.0.1:3000" }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    // Local mode has no accounts: the server listens on 127.0.0.1 and the Host / Origin guard stands in front.
    security: [],
    paths,
  });
  return cached;
}

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

export async function createThread(request: APIRequestContext, body: { product_id: string; title: string }) {
  const res = await request.post("/api/v1/threads", { data: body });
  if (res.status() !== 201) throw new Error(`thread not created: ${res.status()} ${await res.text()}`);
  return (await res.json()) as { id: string; title: string };
}

/** Brand → product → campaign through the API, for specs about what happens inside a campaign. */
export async function createCampaign(request: APIRequestContext, soul = "Somos uma **torrefação de bairro** que torra toda semana.") {
  const brand = await createBrand(request, {
    name: "Café Aurora",
    audience: "Jovens profissionais urbanos",
    tone: "Caloroso e direto",
    soul_md: `# Alma da Aurora\n\n${soul}\n`,
  });
  const product = await createProduct(request, { brand_id: brand.id, name: "Assinatura Mensal", price: "R$ 89,90/mês" });
  const thread = await createThread(request, { product_id: product.id, title: "Lançamento de inverno" });
  return { brand, product, thread };
}

type RunState = { id: string; status: string; stages: { id: string; status: string; attempts: { n: number; status: string }[] }[] };

/** Starts a run through the API (the fake LLM answers its stages). */
export async function startRun(request: APIRequestContext, body: { thread_id: string; stack?: string; request?: string }) {
  const res = await request.post("/api/v1/runs", { data: { stack: "foundation", request: "Objetivo do trabalho: lançar a assinatura", ...body } });
  if (res.status() !== 202) throw new Error(`run not started: ${res.status()} ${await res.text()}`);
  return (await res.json()) as RunState;
}

/** Polls GET /api/v1/runs/{id} until `done` holds (e.g. a stage waits at its gate). */
export async function waitForRun(request: APIRequestContext, runId: string, done: (run: RunState) => boolean, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = (await (await request.get(`/api/v1/runs/${runId}`)).json()) as RunState;
    if (done(run)) return run;
    if (Date.now() > until) throw new Error(`run ${runId} did not get there: ${run.status} ${run.stages.map((s) => `${s.id}=${s.status}`).join(" ")}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export const stageIs = (stageId: string, status: string) => (run: RunState) => run.stages.find((s) => s.id === stageId)?.status === status;

export async function approveStage(request: APIRequestContext, runId: string, stageId: string) {
  const res = await request.post(`/api/v1/runs/${runId}/approve`, { data: { stage_id: stageId } });
  if (!res.ok()) throw new Error(`approve failed: ${res.status()} ${await res.text()}`);
}

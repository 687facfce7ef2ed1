import { expect, test, type APIRequestContext } from "@playwright/test";
import { approveStage, createCampaign, deleteAllBrands, stageIs, startRun, waitForRun } from "./pages/api";
import { resetFakeLlm, scriptFakeLlm } from "./pages/servers";

// Durable runs in the browser: re-run from a stage with its cost estimate, compare, budgets that pause
// and resume, choosing among variants, and a double-clicked Approve that records one decision.

test.beforeEach(async ({ request }) => {
  await deleteAllBrands(request);
  await resetFakeLlm(request);
});

type Run = { id: string; status: string; decisions: { stage_id: string; action: string; chosen_attempt: number | null; rejected_attempts: number[] | null }[] };
const getRun = async (request: APIRequestContext, id: string) => (await (await request.get(`/api/v1/runs/${id}`)).json()) as Run & Record<string, any>;

/** A Foundation run approved to the end through the API. */
async function completedFoundation(request: APIRequestContext) {
  const { thread } = await createCampaign(request);
  const run = await startRun(request, { thread_id: thread.id, request: "Lançar a assinatura no inverno" });
  for (const stage of ["brand-voice", "positioning", "keywords"]) {
    await waitForRun(request, run.id, stageIs(stage, "waiting_approval"));
    await approveStage(request, run.id, stage);
  }
  await waitForRun(request, run.id, (r) => r.status === "completed");
  return { thread, runId: run.id };
}

test("re-run from the third stage: the dialog shows what is reused and the estimated cost, the new run reuses them, and compares with the original", async ({ page, request }) => {
  test.setTimeout(60_000);
  const { runId } = await completedFoundation(request);
  await page.goto(`/runs/${runId}?stage=positioning`);
  await page.getByTestId("rerun-button").click();
  const dialog = page.getByTestId("rerun-dialog");
  await expect(dialog.getByRole("heading", { name: "Refazer a partir de “Posicionamento e proposta de valor”" })).toBeVisible();
  await expect(dialog.getByTestId("rerun-reused")).toContainText("Pesquisa de mercado e público");
  await expect(dialog.getByTestId("rerun-reused").getByRole("listitem")).toHaveCount(2);
  await expect(dialog.getByTestId("rerun-to-run").getByRole("listitem")).toHaveCount(2);
  await expect(dialog.getByTestId("rerun-to-run")).toContainText(/≈ [\d.]+ tokens/);
  await expect(dialog.getByTestId("rerun-estimate")).toContainText(/Custo estimado: ≈ [\d.]+ tokens/);
  // The estimate is what the same stages took in this run.
  const original = await getRun(request, runId);
  const spent = ["positioning", "keywords"]
    .map((id) => original.stages.find((s: any) => s.id === id).attempts.reduce((n: number, a: any) => n + a.usage.total_tokens, 0))
    .reduce((a: number, b: number) => a + b, 0);
  await expect(dialog.getByTestId("rerun-estimate")).toContainText(spent.toLocaleString("pt-BR"));

  await dialog.getByRole("textbox", { name: /Pedido/ }).fill("Lançar a assinatura no verão, com foco em presente");
  await scriptFakeLlm(request, { text: "## Declaração de posicionamento\n\nO presente de verão para quem ama café.\n\n## Lacunas\n\nNenhuma." });
  await dialog.getByRole("button", { name: "Iniciar a nova execução" }).click();
  await expect(page).not.toHaveURL(new RegExp(`/runs/${runId}`));
  await expect(page.getByTestId("rerun-origin")).toContainText("Nova execução de outra execução a partir de “Posicionamento e proposta de valor”");
  await expect(page.getByTestId("gate")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("heading", { name: "Posicionamento e proposta de valor" })).toBeVisible();
  // The reused stages are there, approved, marked as reused — they cost nothing.
  await page.getByTestId("stage-brand-voice").click();
  await expect(page.getByTestId("reused-note")).toContainText("Reaproveitado da execução original");
  const rerunId = page.url().match(/runs\/(run_[0-9A-Z]+)/)![1];
  const rerun = await getRun(request, rerunId);
  expect(rerun.stages.find((s: any) => s.id === "brand-voice").attempts).toEqual([]);

  // Compare the re-run stage with the original's.
  await page.getByTestId("compare-original").click();
  await expect(page.getByTestId("compare-page")).toBeVisible();
  await expect(page.getByTestId("separated-by")).toContainText("Pedido novo: Lançar a assinatura no verão, com foco em presente");
  await expect(page.getByTestId("compare-left")).toContainText("Antes: tentativa 1");
  await expect(page.getByTestId("compare-right")).toContainText("Depois: tentativa 1");
  await expect(page.getByTestId("compare-left")).toContainText("Tokens");
  await expect(page.getByTestId("compare-diff").locator("ins", { hasText: "O presente de verão para quem ama café." })).toBeVisible();
});

test("compare two attempts from the stage's history: the feedback that separated them, and the diff", async ({ page, request }) => {
  const { thread } = await createCampaign(request);
  await scriptFakeLlm(request, { text: "## Pesquisa\n\nOk.\n\n## Lacunas\n\nNenhuma." }, { text: "## Voz\n\nTom formal e distante.\n\n## Lacunas\n\nNenhuma." });
  const run = await startRun(request, { thread_id: thread.id });
  await waitForRun(request, run.id, stageIs("brand-voice", "waiting_approval"));
  await scriptFakeLlm(request, { text: "## Voz\n\nTom caloroso e próximo.\n\n## Lacunas\n\nNenhuma." });
  await request.post(`/api/v1/runs/${run.id}/retry`, { data: { stage_id: "brand-voice", feedback: "Mais calor, menos formalidade" } });
  await waitForRun(request, run.id, (r) => r.stages.find((s) => s.id === "brand-voice")!.attempts.length === 2 && stageIs("brand-voice", "waiting_approval")(r));
  await page.goto(`/runs/${run.id}`);
  await page.getByTestId("compare-link").click();
  await expect(page.getByTestId("separated-by")).toContainText("Feedback para a nova tentativa: Mais calor, menos formalidade");
  const diff = page.getByTestId("compare-diff");
  await expect(diff.locator("del")).toContainText("Tom formal e distante.");
  await expect(diff.locator("ins")).toContainText("Tom caloroso e próximo.");
});

test("a run out of budget pauses, says which budget and how much, and continues from the same stage when it is raised", async ({ page, request }) => {
  const { thread } = await createCampaign(request);
  const res = await request.post("/api/v1/runs", { data: { thread_id: thread.id, stack: "foundation", request: "Lançar a assinatura", budget: { tokens: 400 } } });
  const run = (await res.json()) as { id: string };
  await waitForRun(request, run.id, (r) => r.status === "paused");
  await page.goto(`/runs/${run.id}`);
  const banner = page.getByTestId("paused-banner");
  await expect(banner).toContainText("Pausada: orçamento atingido");
  await expect(banner).toContainText(/usou [\d.]+ dos 400 tokens do orçamento; a próxima etapa, “Guia de voz da marca”, deve gastar cerca de [\d.]+/);
  await expect(page.getByTestId("run-tokens")).toContainText(/[\d.]+ de 400/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Pausada");

  // Too small a raise is refused, saying by how much at least.
  const raise = banner.getByRole("textbox", { name: "Aumentar o orçamento em (tokens)" });
  await raise.fill("1");
  await banner.getByRole("button", { name: "Aumentar e continuar" }).click();
  await expect(banner.getByRole("alert")).toContainText(/raise it by at least \d+/);
  await raise.fill("100000");
  await banner.getByRole("button", { name: "Aumentar e continuar" }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByTestId("gate")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("heading", { name: "Guia de voz da marca" })).toBeVisible();
  await expect(page.getByTestId("run-tokens")).toContainText("100.400");
});

test("a stage with variants shows them side by side; the reviewer chooses B and approves it; the choice is kept", async ({ page, request }) => {
  test.setTimeout(60_000);
  const { thread } = await createCampaign(request);
  const run = await startRun(request, { thread_id: thread.id, stack: "conversion" });
  await waitForRun(request, run.id, stageIs("lead-magnet", "waiting_approval"));
  await approveStage(request, run.id, "lead-magnet");
  await waitForRun(request, run.id, stageIs("landing-copy", "waiting_approval"));
  await page.goto(`/runs/${run.id}`);

  const choice = page.getByTestId("variant-choice");
  await expect(choice).toContainText("3 variantes — escolha uma");
  await expect(choice.getByTestId("variant")).toHaveCount(3);
  const approve = page.getByTestId("gate-bar").getByRole("button", { name: "Escolha uma variante acima" });
  await expect(approve).toBeDisabled();
  await choice.getByRole("radio", { name: "Escolher B" }).check();
  await page.getByTestId("gate-bar").getByRole("button", { name: "Aprovar B" }).click();
  await expect(page.getByTestId("stage-landing-copy")).toContainText("Aprovada", { timeout: 15_000 });

  const after = await getRun(request, run.id);
  expect(after.stages.find((s: any) => s.id === "landing-copy").chosen_attempt).toBe(2);
  expect(after.decisions.find((d) => d.stage_id === "landing-copy")).toMatchObject({ chosen_attempt: 2, rejected_attempts: [1, 3] });
  // The attempts table marks the chosen variant.
  await page.getByTestId("stage-landing-copy").click();
  await expect(page.getByRole("row", { name: /#2 Variante B escolhida/ })).toBeVisible();
});

test("a double-clicked Approve, sent twice, records one decision and no conflict", async ({ page, request }) => {
  const { thread } = await createCampaign(request);
  const run = await startRun(request, { thread_id: thread.id });
  await waitForRun(request, run.id, stageIs("brand-voice", "waiting_approval"));
  // Every approve the page sends reaches the server twice (a resent request), both with its Idempotency-Key.
  const keys: (string | undefined)[] = [];
  await page.route("**/api/v1/runs/*/approve", async (route) => {
    keys.push(route.request().headers()["idempotency-key"]);
    const [first, second] = await Promise.all([route.fetch(), route.fetch()]);
    expect(second.status()).toBe(first.status());
    await route.fulfill({ response: second });
  });
  await page.goto(`/runs/${run.id}`);
  await page.getByTestId("gate").getByRole("button", { name: "Aprovar", exact: true }).dblclick();
  await expect(page.getByTestId("stage-brand-voice")).toContainText("Aprovada", { timeout: 15_000 });
  await expect(page.getByTestId("decision-conflict")).toHaveCount(0);
  await expect(page.getByText("já não estava aguardando uma decisão")).toHaveCount(0);
  const after = await getRun(request, run.id);
  expect(after.decisions.filter((d) => d.stage_id === "brand-voice")).toHaveLength(1);
  expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
  expect(new Set(keys).size).toBe(1);
});

import { expect, test, type Page } from "@playwright/test";
import { createCampaign, deleteAllBrands, stageIs, startRun, waitForRun } from "./pages/api";
import { resetFakeLlm, scriptFakeLlm } from "./pages/servers";

// The run while it happens, and decisions that are never lost: the stage's text as the model writes
// it, the provider's retries, two tabs on one gate, and the whole gate driven by the keyboard.

const SENTENCES = Array.from({ length: 40 }, (_, i) => `Frase ${i} da pesquisa.`);
const RESEARCH = `## Resumo executivo\n\n${SENTENCES.join(" ")}\n\n## Lacunas\n\nNenhuma.`;

test.beforeEach(async ({ request }) => {
  await deleteAllBrands(request);
  await resetFakeLlm(request);
});

const draftLength = (page: Page) => page.getByTestId("stage-draft").evaluate((el) => el.textContent?.length ?? 0);

test("a stage's text grows on the page while the model writes it; a reload mid-stage shows the text so far; the artifact is that text", async ({ page, request }) => {
  test.setTimeout(60_000);
  const { thread } = await createCampaign(request);
  // A reasoning model: it thinks first (~50 pieces × 150 ms, long enough for a loaded machine's page to
  // connect while it thinks), then writes slowly (~40 chunks × 150 ms).
  const THINKING = "Vou pensar no público, nas dores e nos desejos dele antes de escrever qualquer coisa aqui sobre o produto e a marca com calma. ".repeat(2).trim();
  await scriptFakeLlm(request, { reasoning: THINKING, text: RESEARCH, chunks: 40, chunkDelayMs: 150 });
  const run = await startRun(request, { thread_id: thread.id });
  await page.goto(`/runs/${run.id}`);

  const live = page.getByTestId("live-draft");
  await expect(live).toBeVisible();
  await expect(page.getByTestId("draft-status")).toContainText(/Pensando… ~\d+ tokens de raciocínio/);
  const draft = page.getByTestId("stage-draft");
  // The thinking alone takes ~7.5 s, longer than an assertion's default wait: the text comes after it.
  await expect(draft).toContainText("Frase 0 da pesquisa.", { timeout: 20_000 });
  const first = await draftLength(page);
  await expect.poll(() => draftLength(page)).toBeGreaterThan(first + 20);
  await expect(draft).not.toContainText("Frase 39");
  await expect(page.getByTestId("draft-status")).toContainText(/Escrevendo · ~\d+ tokens/);
  await expect(draft).not.toContainText("Vou pensar"); // thinking is counted, never shown as the draft

  // Reconnecting mid-stage (a reload): the text written so far is there at once, then the rest.
  await page.reload();
  await expect(page.getByTestId("stage-draft")).toContainText("Frase 0 da pesquisa.", { timeout: 3000 });
  await expect(page.getByTestId("stage-draft")).not.toContainText("Frase 39");

  // Research is not gated: it is approved as written and the run moves to brand-voice's gate.
  await expect(page.getByTestId("gate")).toBeVisible({ timeout: 20_000 });
  await page.getByTestId("stage-research").click();
  await expect(page.getByTestId("stage-artifact")).toContainText("Frase 39 da pesquisa.");
  const artifact = await (await request.get(`/api/v1/runs/${run.id}`)).json();
  const id = artifact.artifacts.find((a: { stage_id: string; kind: string }) => a.stage_id === "research" && a.kind === "stage").id;
  expect((await (await request.get(`/api/v1/runs/${run.id}/artifacts/${id}`)).json()).content).toBe(RESEARCH);
});

test("a busy provider: the stage says which try comes next and when, then writes", async ({ page, request }) => {
  const { thread } = await createCampaign(request);
  // A wait long enough that the page is open before it ends, even on a loaded machine (CI).
  await scriptFakeLlm(request, { kind: "error", status: 429, body: { error: { message: "engine overloaded" } }, headers: { "retry-after": "8" } }, { text: RESEARCH });
  const run = await startRun(request, { thread_id: thread.id });
  await page.goto(`/runs/${run.id}`);
  const status = page.getByTestId("draft-status");
  await expect(status).toHaveAttribute("data-retry", "yes");
  await expect(status).toContainText(/Provedor ocupado \(HTTP 429\): nova tentativa 2 de 4 (em \d s|agora)/);
  await expect(page.getByTestId("gate")).toBeVisible({ timeout: 20_000 });
});

test("two tabs on one gate: when one decides, the other keeps its half-typed edit, says so and offers to copy it", async ({ browser, request }) => {
  const { thread } = await createCampaign(request);
  const run = await startRun(request, { thread_id: thread.id });
  await waitForRun(request, run.id, stageIs("brand-voice", "waiting_approval"));
  const ctxA = await browser.newContext({ locale: "pt-BR" });
  const ctxB = await browser.newContext({ locale: "pt-BR", permissions: ["clipboard-read", "clipboard-write"] });
  const a = await ctxA.newPage();
  const b = await ctxB.newPage();
  await a.goto(`/runs/${run.id}`);
  await b.goto(`/runs/${run.id}`);

  const MINE = "Minha versão do guia de voz, escrita com calma na aba B.";
  await b.getByTestId("gate").getByRole("button", { name: "Editar e aprovar" }).click();
  await b.getByRole("textbox", { name: "Texto editado" }).fill(MINE);

  await a.getByTestId("gate").getByRole("button", { name: "Aprovar", exact: true }).click();
  await expect(a.getByTestId("run-announcement")).toContainText("“Guia de voz da marca” aprovada; gerando “Posicionamento e proposta de valor”.");

  // Tab B: the gate went away with the decision, but not its text.
  const conflict = b.getByTestId("decision-conflict");
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText("Esta etapa já foi decidida em outra aba — sua edição não foi aplicada.");
  await expect(conflict.getByRole("textbox")).toHaveValue(MINE);
  await conflict.getByRole("button", { name: "Copiar texto" }).click();
  await expect(conflict.getByRole("status")).toHaveText("Copiado!");
  expect(await b.evaluate(() => navigator.clipboard.readText())).toBe(MINE);

  // Nothing of B's was applied: brand-voice has no edit.
  const after = await (await request.get(`/api/v1/runs/${run.id}`)).json();
  expect(after.artifacts.filter((x: { kind: string }) => x.kind === "edit")).toEqual([]);
  expect(after.decisions.filter((d: { stage_id: string }) => d.stage_id === "brand-voice")).toHaveLength(1);

  // The same when B sends after A decided (the 409 is shown at run level, with B's text).
  await waitForRun(request, run.id, stageIs("positioning", "waiting_approval"));
  await b.reload();
  await a.reload();
  await b.getByTestId("gate").getByRole("button", { name: "Tentar de novo com feedback" }).click();
  await b.getByRole("textbox", { name: "Feedback para a nova tentativa" }).fill("Mais curto, por favor");
  // A skips while B's feedback is still in the box; B sends it anyway before its screen updated.
  await request.post(`/api/v1/runs/${run.id}/skip`, { data: { stage_id: "positioning" } });
  await b.getByRole("button", { name: "Gerar nova tentativa" }).click({ timeout: 2000 }).catch(() => {});
  await expect(b.getByTestId("decision-conflict")).toBeVisible();
  await expect(b.getByTestId("decision-conflict").getByRole("textbox")).toHaveValue("Mais curto, por favor");
  await ctxA.close();
  await ctxB.close();
});

test("the whole gate by keyboard: a skip link to the decision, focus and an announcement after each decision, skip asks first", async ({ page, request }) => {
  test.setTimeout(60_000);
  const { thread } = await createCampaign(request);
  const run = await startRun(request, { thread_id: thread.id });
  await waitForRun(request, run.id, stageIs("brand-voice", "waiting_approval"));
  await page.goto(`/runs/${run.id}`);
  await expect(page.getByTestId("gate")).toBeVisible();

  /** Tabs forward until `name` has the focus (at most `max` presses). */
  async function tabTo(name: string | RegExp, max = 60) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? "");
      if (typeof name === "string" ? focused === name : name.test(focused)) return;
    }
    throw new Error(`never reached ${name}`);
  }
  const focusedText = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? "");

  // The skip link comes before the artifact and lands on the first action; cancelling the run comes after the actions.
  await tabTo("Ir para a decisão");
  await page.keyboard.press("Enter");
  expect(await focusedText()).toBe("Aprovar");
  const order = await page.evaluate(() => {
    const all = [...document.querySelectorAll<HTMLElement>("a[href], button:not([disabled]), textarea, input, select")];
    const idx = (text: string) => all.findIndex((el) => el.innerText?.trim() === text);
    return { approve: idx("Aprovar"), cancel: idx("Cancelar execução") };
  });
  expect(order.approve).toBeLessThan(order.cancel);

  await page.keyboard.press("Enter");
  await expect(page.getByTestId("run-announcement")).toHaveText("“Guia de voz da marca” aprovada; gerando “Posicionamento e proposta de valor”.");
  await expect(page.getByRole("heading", { level: 2, name: "Posicionamento e proposta de valor" })).toBeFocused();

  // Positioning: skip, which asks first (the confirmation has the focus).
  await expect(page.getByTestId("gate")).toBeVisible({ timeout: 15_000 });
  await tabTo("Ir para a decisão");
  await page.keyboard.press("Enter");
  await tabTo("Pular");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Pular esta etapa? As próximas etapas não vão usar o que ela gerou.")).toBeVisible();
  expect(await focusedText()).toBe("Sim, pular");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("run-announcement")).toHaveText("“Posicionamento e proposta de valor” pulada; gerando “Palavras-chave e clusters de busca”.");

  // Keywords: retry with feedback, typed.
  await expect(page.getByTestId("gate")).toBeVisible({ timeout: 15_000 });
  await tabTo("Ir para a decisão");
  await page.keyboard.press("Enter");
  await tabTo("Tentar de novo com feedback");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Agrupe por intenção de busca");
  await tabTo("Gerar nova tentativa");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("run-announcement")).toHaveText("Nova tentativa de “Palavras-chave e clusters de busca” pedida; gerando a tentativa 2.");
  await expect(page.getByTestId("stage-keywords")).toContainText("2 tentativas", { timeout: 15_000 });
});

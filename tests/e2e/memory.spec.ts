import { expect, test } from "@playwright/test";
import { approveStage, createCampaign, deleteAllBrands, stageIs, startRun, waitForRun } from "./pages/api";
import { CanonicalEditor } from "./pages/CanonicalEditor";
import { NO_KEY_URL, resetFakeLlm, scriptFakeLlm } from "./pages/servers";

// Episodic memory in the browser: the retrieval inspector and "what the model saw", feedback on a run,
// and promoting a line that worked into canonical memory (then seeing the next run use it).

const RUN_ID = /run_[0-9A-Z]{26}/;

test.beforeEach(async ({ request }) => {
  await deleteAllBrands(request);
  await resetFakeLlm(request);
});

test("the inspector finds an approved artifact and links to its run; 'what the model saw' shows an attempt's snippets beside the same search now", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const { brand, thread } = await createCampaign(request);
  const run = await startRun(request, { thread_id: thread.id, request: "Objetivo do trabalho: lançar a assinatura em Curitiba" });
  await waitForRun(request, run.id, stageIs("brand-voice", "waiting_approval"));
  await approveStage(request, run.id, "brand-voice");
  await waitForRun(request, run.id, stageIs("positioning", "waiting_approval"));

  // The header leads to the inspector, scoped to the brand being viewed.
  await page.goto(`/brands/${brand.id}`);
  await page.getByRole("link", { name: "Memória", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/memory\\?brand=${brand.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Inspetor de memória" })).toBeVisible();
  await expect(page.getByLabel("Marca", { exact: true })).toHaveValue(brand.id);

  // The status panel: the tiny local model is ready, so retrieval is hybrid; the index has chunks.
  const status = page.getByTestId("memory-status");
  await expect(status.getByTestId("embedder-state")).toHaveText("Pronto");
  await expect(status.getByTestId("retrieval-mode")).toContainText("Híbrido");
  await expect(status.getByTestId("index-chunks")).not.toHaveText("0");

  // Default kinds are the stages' episodic five.
  for (const kind of ["Artefato", "Edição do revisor", "Decisão", "Avaliação", "Chat"]) await expect(page.getByLabel(kind, { exact: true })).toBeChecked();
  for (const kind of ["soul.md", "essence.md", "Campos canônicos"]) await expect(page.getByLabel(kind, { exact: true })).not.toBeChecked();

  await page.getByLabel("Consulta").fill("research");
  await page.getByRole("button", { name: "Buscar", exact: true }).click();
  const results = page.getByRole("list", { name: "Resultados" });
  const hit = results.getByTestId("snippet").filter({ hasText: "Ponto 1 de research" }).first();
  await expect(hit).toBeVisible();
  await expect(hit).toContainText("Artefato");
  await expect(hit).toContainText("Pesquisa de mercado e público");
  await expect(hit.getByTestId("snippet-score")).toHaveText(/pontuação \d+,\d{3}$/);
  await expect(page).toHaveURL(/[?&]q=research/);

  // The source opens the run, on the artifact's stage.
  await hit.getByTestId("snippet-source").click();
  await expect(page).toHaveURL(new RegExp(`/runs/${run.id}\\?stage=research$`));
  await expect(page.getByRole("heading", { level: 2, name: "Pesquisa de mercado e público" })).toBeVisible();

  // From the audit of positioning's attempt (which ran after research and brand-voice were approved).
  await page.goto(`/runs/${run.id}/stages/positioning/attempts/1`);
  await page.getByRole("link", { name: "O que o modelo viu", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/memory\\?run=${run.id}&stage=positioning&attempt=1$`));
  await expect(page.getByRole("heading", { level: 2, name: "Posicionamento e proposta de valor — tentativa 1" })).toBeVisible();
  await expect(page.getByLabel("Consulta")).toHaveValue(/lançar a assinatura em Curitiba/);
  await expect(page.getByLabel("Produto", { exact: true })).not.toHaveValue("");

  const recorded = page.getByRole("list", { name: "Recebido pelo modelo" });
  const live = page.getByRole("list", { name: "A mesma busca agora" });
  await expect(recorded.getByTestId("snippet").filter({ hasText: "Ponto 1 de research" })).toHaveCount(1);
  await expect(live.getByTestId("snippet").filter({ hasText: "Ponto 1 de research" })).toHaveCount(1);
  // Nothing new was remembered since that attempt: the live search returns exactly what the model saw.
  await expect(page.getByTestId("saw-verdict")).toHaveAttribute("data-match", "same");
  await expect(page.getByTestId("saw-verdict")).toContainText("Iguais");

  // And the attempts table of the run page links to the same view.
  await page.goto(`/runs/${run.id}?stage=positioning`);
  await page.getByRole("link", { name: "O que o modelo viu na tentativa 1" }).click();
  await expect(page).toHaveURL(/\/memory\?run=/);
  await expect(recorded.getByTestId("snippet").first()).toBeVisible();
});

test("feedback on a stage: asked only once the run is complete; 'Não funcionou' with a comment is listed on the stage and on the run, and stays after a reload", async ({ page, request }) => {
  const { thread } = await createCampaign(request);
  const run = await startRun(request, { thread_id: thread.id });
  await waitForRun(request, run.id, stageIs("brand-voice", "waiting_approval"));
  const COMMENT = "O público achou a pesquisa genérica demais";

  // At a gate nothing is "in practice" yet: the question waits for the finished run.
  await page.goto(`/runs/${run.id}`);
  await expect(page.getByTestId("gate")).toBeVisible();
  await expect(page.getByTestId("stage-feedback")).toHaveCount(0);
  await expect(page.getByTestId("run-feedback")).toHaveCount(0);
  for (const stage of ["brand-voice", "positioning", "keywords"]) {
    await waitForRun(request, run.id, stageIs(stage, "waiting_approval"));
    await approveStage(request, run.id, stage);
  }
  await waitForRun(request, run.id, (r) => r.status === "completed");

  await page.goto(`/runs/${run.id}`);
  await page.getByRole("navigation", { name: "Etapas da execução" }).getByRole("button", { name: /Pesquisa de mercado e público/ }).click();
  const box = page.getByTestId("stage-feedback");
  await expect(box.getByRole("heading", { name: "Esta etapa funcionou na prática?" })).toBeVisible();
  await box.getByRole("button", { name: "Não funcionou" }).click();
  await box.getByLabel(/Comentário sobre “Não funcionou”/).fill(COMMENT);
  await box.getByRole("button", { name: "Registrar avaliação" }).click();
  await expect(box.getByRole("status")).toHaveText("Avaliação registrada.");
  await expect(box.getByRole("list", { name: "Avaliações de “Pesquisa de mercado e público”" })).toContainText(COMMENT);

  await page.reload();
  await page.getByRole("navigation", { name: "Etapas da execução" }).getByRole("button", { name: /Pesquisa de mercado e público/ }).click();
  const stageList = page.getByTestId("stage-feedback").getByRole("list", { name: "Avaliações de “Pesquisa de mercado e público”" });
  await expect(stageList.getByRole("listitem")).toHaveCount(1);
  await expect(stageList).toContainText("Não funcionou");
  await expect(stageList).toContainText(COMMENT);
  const runList = page.getByRole("list", { name: "Avaliações da execução" });
  await expect(runList.getByRole("listitem")).toHaveCount(1);
  await expect(runList).toContainText("Pesquisa de mercado e público");
  await expect(runList).toContainText(COMMENT);

  // Whole-run feedback, without a comment, joins the list.
  const runBox = page.getByTestId("run-feedback");
  await runBox.getByRole("button", { name: "Funcionou", exact: true }).click();
  await runBox.getByRole("button", { name: "Registrar avaliação" }).click();
  await expect(runList.getByRole("listitem")).toHaveCount(2);
  await expect(runList.getByRole("listitem").first()).toContainText("Execução inteira");
  await expect(runList.getByRole("listitem").first()).toContainText("Funcionou");
});

test("a line of an approved artifact is promoted into soul.md after a preview, shows in the brand's history, and the next run's context carries it", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const LINE = "Café com endereço: cada pacote traz o nome de quem plantou.";
  const { brand, thread } = await createCampaign(request);
  await scriptFakeLlm(request, { text: `## Entregável: research\n\nPesquisa de público.\n\n${LINE}\n\n## Lacunas\n\nNenhuma.` });
  const run = await startRun(request, { thread_id: thread.id });
  await waitForRun(request, run.id, stageIs("brand-voice", "waiting_approval"));

  await page.goto(`/runs/${run.id}?stage=research`);
  const artifact = page.getByTestId("stage-artifact");
  await expect(artifact).toContainText(LINE);
  // Select the line in the rendered artifact, then promote it.
  await artifact.getByText(LINE).click({ clickCount: 3 });
  await page.getByRole("button", { name: "Promover ao canônico" }).click();
  const panel = page.getByTestId("promotion-panel");
  await expect(panel.getByLabel("Texto a promover")).toHaveValue(LINE);
  await expect(panel.getByLabel("Destino")).toHaveValue("soul");
  await panel.getByLabel(/Nota da versão/).fill("A frase que mais converteu");
  await panel.getByRole("button", { name: "Ver prévia" }).click();

  // The preview: nothing changed yet; the diff shows the line added to soul.md.
  await expect(panel.getByRole("heading", { name: "Prévia da promoção" })).toBeVisible();
  const diff = panel.getByTestId("promotion-diff");
  await expect(diff.locator("ins")).toContainText([LINE]);
  await expect(diff.locator("del")).toHaveCount(0);
  const before = (await (await request.get(`/api/v1/brands/${brand.id}`)).json()) as { soul_md: string; canonical_version: number };
  expect(before.soul_md).not.toContain(LINE);

  await panel.getByRole("button", { name: "Confirmar" }).click();
  await expect(panel.getByRole("status")).toContainText("Promovido: Café Aurora tem uma nova versão canônica.");
  // The panel now says what happened, not "preview".
  await expect(panel.getByTestId("promotion-title")).toHaveText("Promovido ao canônico");
  await expect(panel).toContainText("Esta é a versão 2");
  await panel.getByRole("link", { name: /Abrir a marca/ }).click();
  await expect(page).toHaveURL(new RegExp(`/brands/${brand.id}$`));

  const editor = new CanonicalEditor(page);
  await expect(editor.markdown).toHaveValue(new RegExp(LINE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await expect(editor.history()).toHaveCount(2);
  await expect(editor.history().first()).toContainText("promoção");
  await expect(editor.history().first()).toContainText("A frase que mais converteu");
  // Compare (a wide dialog): the previous version against the promoted one.
  await page.getByRole("button", { name: "Comparar versões" }).click();
  const compare = page.getByRole("dialog", { name: "Comparar versões" }).getByTestId("version-compare");
  await expect(compare.getByTestId("version-diff").locator("ins")).toContainText([LINE]);

  // A new run: its first stage's Context Pack carries the promoted line in the brand section.
  const next = await startRun(request, { thread_id: thread.id });
  await waitForRun(request, next.id, stageIs("research", "approved"));
  await page.goto(`/runs/${next.id}/stages/research/attempts/1`);
  const pack = page.getByRole("list", { name: "Context Pack" });
  await pack.locator("summary").filter({ hasText: "Marca (canônico)" }).click();
  await expect(pack.locator("details[data-kind=brand] pre")).toContainText(LINE);
  expect(next.id).toMatch(RUN_ID);
});

test("the brand page lists pending proposals with their preview; a stale one is proposed again; versions are compared and an old one restored", async ({
  page,
  request,
}) => {
  const { brand } = await createCampaign(request);
  const PROMISE = "Café torrado há menos de sete dias, sempre.";
  const LINE = "A vitrine com o mapa dos produtores foi o que mais vendeu.";
  for (const data of [
    { fields: { promise: PROMISE }, note: "Promessa validada na campanha de inverno" },
    { markdown_append: LINE, note: "Da vitrine de julho" },
  ]) {
    const proposed = await request.post(`/api/v1/brands/${brand.id}/promotions`, { data });
    expect(proposed.status()).toBe(201);
  }

  await page.goto(`/brands/${brand.id}`);
  const pending = page.getByTestId("pending-promotions");
  await expect(pending.getByRole("heading", { name: "Propostas de promoção pendentes (2)" })).toBeVisible();
  const promiseItem = pending.getByRole("listitem").filter({ hasText: "Promessa validada na campanha de inverno" });
  await expect(promiseItem.locator("tr[data-field=promise] ins")).toHaveText(PROMISE);
  // Nothing changed yet.
  const editor = new CanonicalEditor(page);
  await expect(editor.field("Promessa")).toHaveValue("");
  await promiseItem.getByRole("button", { name: "Confirmar" }).click();
  await expect(promiseItem.getByRole("status")).toContainText("Promovido: Café Aurora tem uma nova versão canônica.");
  await expect(editor.field("Promessa")).toHaveValue(PROMISE);
  await expect(editor.history()).toHaveCount(2);
  await expect(editor.history().first()).toContainText("promoção");

  // The other proposal was made on version 1: it is stale, and is proposed again on version 2.
  const lineItem = pending.getByRole("listitem").filter({ hasText: "Da vitrine de julho" });
  await expect(lineItem).toContainText("desatualizada");
  await expect(lineItem.getByRole("button", { name: "Confirmar" })).toBeDisabled();
  await lineItem.getByRole("button", { name: "Propor de novo" }).click();
  await expect(pending.getByRole("heading", { name: "Propostas de promoção pendentes (1)" })).toBeVisible();
  await expect(lineItem).toContainText("sobre a versão 2");
  await expect(lineItem).not.toContainText("desatualizada");
  await expect(lineItem.getByTestId("promotion-diff").locator("ins")).toContainText([LINE]);
  await lineItem.getByRole("button", { name: "Confirmar" }).click();
  await expect(lineItem.getByRole("status")).toContainText("nova versão canônica");
  await expect(editor.markdown).toHaveValue(/A vitrine com o mapa dos produtores/);
  await expect(editor.history()).toHaveCount(3);

  // Compare (a wide dialog): by default the previous version against the current one; then v1 against v3.
  await page.getByRole("button", { name: "Comparar versões" }).click();
  const dialog = page.getByRole("dialog", { name: "Comparar versões" });
  const compare = dialog.getByTestId("version-compare");
  await expect(compare.getByTestId("version-diff").locator("ins")).toContainText([LINE]);
  await expect(compare).toContainText("Nenhum campo mudou entre estas versões.");
  await compare.getByLabel("De").selectOption({ label: "v1 · criação" });
  await expect(compare.getByTestId("version-fields-diff")).toContainText("Promessa");
  await expect(compare.getByTestId("version-fields-diff").locator("ins")).toContainText(PROMISE);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Restore v1: asked first, then a new version (v4, "restauração") with the old, empty promise.
  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    void d.accept();
  });
  await page.getByRole("button", { name: "Ver versão 1" }).click();
  await page.getByRole("button", { name: "Restaurar esta versão" }).click();
  await expect(page.getByText("Versão 1 restaurada como a versão atual.")).toBeVisible();
  expect(asked).toContain("Restaurar a versão 1?");
  await expect(editor.history()).toHaveCount(4);
  await expect(editor.history().first()).toContainText("restauração");
  await expect(editor.field("Promessa")).toHaveValue("");
  await page.reload();
  await expect(editor.field("Promessa")).toHaveValue("");
  await expect(editor.markdown).not.toHaveValue(/A vitrine/);
  await expect(page.getByTestId("pending-promotions")).toHaveCount(0);
});

test("without an embedding model: the header says memory uses words only, the inspector says why and turns the vector modes off", async ({ page, playwright }) => {
  // The no-key server also has no embedding model (tests/fixtures/settings.degraded.yaml).
  const other = await playwright.request.newContext({ baseURL: NO_KEY_URL });
  await deleteAllBrands(other);
  const brand = await (await other.post("/api/v1/brands", { data: { name: "Marca Offline", soul_md: "# Alma\n\nCafé de origem." } })).json();

  await page.goto(`${NO_KEY_URL}/memory?brand=${brand.id}`);
  await expect(page.getByTestId("memory-badge")).toHaveText("memória: só palavras", { timeout: 15_000 });
  await page.reload();
  const off = page.getByTestId("vectors-off");
  await expect(off).toContainText("a busca usa só palavras");
  await expect(off).toContainText("memory.embedding.model_path");
  const mode = page.getByLabel("Modo");
  await expect(mode.locator("option", { hasText: "Só vetores" })).toBeDisabled();
  await expect(mode.locator("option", { hasText: "Só vetores" })).toHaveText("Só vetores — indisponível agora");
  await expect(mode.locator("option", { hasText: "Híbrido" })).toBeDisabled();
  await expect(page.getByTestId("retrieval-mode")).toHaveText("Só palavras (texto completo)");

  // Words still find things; "vectors only" through the API is an error, never "0 results".
  await page.getByLabel("Consulta").fill("origem");
  await page.getByRole("checkbox", { name: "soul.md" }).check();
  await page.getByRole("button", { name: "Buscar" }).click();
  await expect(page.getByTestId("snippet").first()).toContainText("Café de origem.");
  const vectors = await other.post("/api/v1/memory/search", { data: { query: "origem", brand_id: brand.id, mode: "vector" } });
  expect(vectors.status()).toBe(503);
  expect((await vectors.json()).error.code).toBe("vectors_unavailable");

  // Every page's header shows it, linking to the explanation.
  await page.goto(`${NO_KEY_URL}/brands/${brand.id}`);
  await page.getByTestId("memory-badge").click();
  await expect(page).toHaveURL(`${NO_KEY_URL}/memory`);
  await deleteAllBrands(other);
  await other.dispose();
});

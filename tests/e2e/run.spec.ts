import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createCampaign, deleteAllBrands } from "./pages/api";
import { resetFakeLlm, scriptFakeLlm } from "./pages/servers";

const SOUL = "Somos uma **torrefação de bairro** que conhece cada produtor pelo nome.";
const FEEDBACK = "Mais calor humano e menos jargão técnico";
const EDIT = "Frase de assinatura escrita pelo revisor: café que tem endereço.";

test.beforeEach(async ({ request }) => {
  await deleteAllBrands(request);
  await resetFakeLlm(request);
});

test("the Foundation run: live progress to the first gate, retry with feedback, edit & approve, skip, approve, audit and package", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const { thread } = await createCampaign(request, SOUL);
  // The first stage (research) answers slowly, so its progress is seen live on the run page.
  await scriptFakeLlm(request, {
    text: "## Entregável: research\n\nPesquisa de público para **research**.\n\n## Lacunas\n\nNenhuma.",
    latencyMs: 2500,
  });

  // Start from the campaign.
  await page.goto(`/threads/${thread.id}`);
  await expect(page.getByRole("heading", { name: "Execuções", exact: true })).toBeVisible();
  await expect(page.getByText("Nenhuma execução ainda.")).toBeVisible();
  await page.getByRole("radio", { name: "Foundation" }).check();
  await expect(page.getByText("Use ao lançar uma marca ou produto novo")).toBeVisible();
  const checklist = page.getByRole("list", { name: "O que incluir no pedido" });
  await expect(checklist.getByRole("listitem")).toHaveCount(4);
  await expect(checklist).toContainText("Objetivo do trabalho");
  await page.getByRole("button", { name: "Inserir este roteiro no pedido" }).click();
  const requestBox = page.getByRole("textbox", { name: "Pedido" });
  await expect(requestBox).toHaveValue(/^Objetivo do trabalho: \nMercado e região: /);
  await requestBox.fill("Objetivo do trabalho: lançar a assinatura em São Paulo\nMercado e região: cafés especiais, venda online");
  await page.getByRole("button", { name: "Iniciar execução" }).click();
  await expect(page).toHaveURL(/\/runs\/run_[0-9A-Z]{26}$/);
  const runUrl = page.url();

  // Live: research is generating, then — without any reload — brand-voice waits at its gate.
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Foundation");
  await expect(page.getByTestId("run-request")).toContainText("lançar a assinatura em São Paulo");
  await expect(page.getByTestId("stage-research")).toContainText("Gerando");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-connection", "live");
  const gate = page.getByTestId("gate");
  await expect(gate).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("stage-research")).toContainText("Aprovada");
  await expect(page.getByTestId("stage-brand-voice")).toContainText("Aguardando aprovação");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Aguardando aprovação");
  await expect(gate.getByTestId("stage-artifact")).toContainText("Entregável: brand-voice");
  await expect(page.getByTestId("run-tokens")).not.toHaveText("0");

  // Retry with feedback: a second attempt that answers it.
  await gate.getByRole("button", { name: "Tentar de novo com feedback" }).click();
  await page.getByRole("textbox", { name: "Feedback para a nova tentativa" }).fill(FEEDBACK);
  await page.getByRole("button", { name: "Gerar nova tentativa" }).click();
  await expect(gate.getByTestId("stage-artifact")).toContainText(`Ajustado conforme o feedback: ${FEEDBACK}`, { timeout: 15_000 });
  await expect(page.getByTestId("stage-brand-voice")).toContainText("2 tentativas");

  // Edit & approve: the editor starts from the generated text, with a live preview.
  await gate.getByRole("button", { name: "Editar e aprovar" }).click();
  const editor = page.getByRole("textbox", { name: "Texto editado" });
  await expect(editor).toHaveValue(/Ajustado conforme o feedback/);
  await editor.fill(`${await editor.inputValue()}\n\n${EDIT}\n`);
  await expect(page.getByTestId("markdown-preview")).toContainText(EDIT);
  await page.getByRole("button", { name: "Aprovar com esta edição" }).click();

  // Skip positioning.
  await expect(page.getByTestId("stage-positioning")).toContainText("Aguardando aprovação", { timeout: 15_000 });
  await expect(gate.getByTestId("stage-artifact")).toContainText("Entregável: positioning");
  await expect(page.getByTestId("stage-brand-voice")).toContainText("Aprovada");
  // Skipping asks first.
  await gate.getByRole("button", { name: "Pular" }).click();
  await expect(gate).toContainText("Pular esta etapa? As próximas etapas não vão usar o que ela gerou.");
  await gate.getByRole("button", { name: "Sim, pular" }).click();

  // Approve keywords.
  await expect(page.getByTestId("stage-keywords")).toContainText("Aguardando aprovação", { timeout: 15_000 });
  await expect(gate.getByTestId("stage-artifact")).toContainText("Entregável: keywords");
  await expect(page.getByTestId("stage-positioning")).toContainText("Pulada");
  await gate.getByRole("button", { name: "Aprovar", exact: true }).click();

  // Completed: the package, with the reviewer's edit and without the skipped stage.
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Concluída", { timeout: 15_000 });
  const pkg = page.getByTestId("run-package");
  await expect(pkg).toContainText(EDIT);
  await expect(pkg).toContainText("Entregável: keywords");
  await expect(pkg).not.toContainText("Entregável: positioning");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-connection", "ended");

  // The event log tells the story in words.
  await page.getByText(/Registro de eventos/).click();
  const log = page.getByTestId("event-log");
  await expect(log).toContainText("“Pesquisa de mercado e público” aprovada automaticamente");
  await expect(log).toContainText("“Guia de voz da marca” aprovada com edição");
  await expect(log).toContainText("“Posicionamento e proposta de valor” pulada");
  await expect(log).toContainText("Execução concluída");

  // Artifact history of brand-voice: three versions, diffs between them.
  await page.getByRole("navigation", { name: "Etapas da execução" }).getByRole("button", { name: /Guia de voz da marca/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Guia de voz da marca" })).toBeVisible();
  const versions = page.getByRole("list", { name: "Versões do artefato" }).getByRole("listitem");
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(2)).toContainText("Edição do revisor (sobre a tentativa 2)");
  const diff = page.getByTestId("artifact-diff");
  await expect(diff.locator("ins")).toContainText([EDIT]);
  await page.getByLabel("Versão antiga").selectOption({ label: "Tentativa 1" });
  await page.getByLabel("Versão nova").selectOption({ label: "Tentativa 2" });
  await expect(diff.locator("ins").filter({ hasText: "Ajustado conforme o feedback" })).toHaveCount(1);
  await page.getByRole("button", { name: "Ver: Tentativa 1" }).click();
  await expect(page.getByRole("region", { name: "Exibindo: Tentativa 1" })).toContainText("Entregável: brand-voice");

  // The package downloads as markdown with the edited text.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Baixar .md" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^foundation-run_.*\.md$/);
  const file = fs.readFileSync((await download.path())!, "utf8");
  expect(file).toContain(EDIT);
  expect(file).toContain("Entregável: keywords");

  // Audit of the retried attempt: model settings, the Context Pack by section (with the brand's soul), messages, response.
  await page.getByRole("link", { name: "Auditoria da tentativa 2" }).click();
  await expect(page).toHaveURL(/\/runs\/run_[0-9A-Z]{26}\/stages\/brand-voice\/attempts\/2$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Guia de voz da marca — tentativa 2");
  const pack = page.getByRole("list", { name: "Context Pack" });
  for (const kind of ["Guardrails", "Marca", "Produto", "Memória", "Contrato", "Etapas anteriores", "Pedido", "Feedback"]) {
    await expect(pack.locator("summary").filter({ hasText: kind }).first()).toBeVisible();
  }
  await pack.locator("summary").filter({ hasText: "Marca (canônico)" }).click();
  await expect(pack.locator("details[data-kind=brand] pre")).toContainText("torrefação de bairro");
  await expect(pack.locator("details[data-kind=brand] pre")).toBeVisible();
  await pack.locator("summary").filter({ hasText: "Feedback do revisor" }).click();
  await expect(pack.locator("details[data-kind=feedback] pre")).toContainText(FEEDBACK);
  await expect(page.getByRole("complementary", { name: "Resumo" })).toContainText("kimi-for-coding");
  await expect(page.getByRole("region", { name: "Resposta" })).toContainText(`Ajustado conforme o feedback: ${FEEDBACK}`);
  await page.getByRole("link", { name: /Voltar à execução/ }).click();
  await expect(page).toHaveURL(runUrl);

  // The campaign lists the run as completed.
  await page.goto(`/threads/${thread.id}`);
  const runs = page.getByRole("list", { name: "Execuções desta campanha" });
  await expect(runs.getByRole("link")).toHaveCount(1);
  await expect(runs).toContainText("Foundation");
  await expect(runs).toContainText("Concluída");
});

test("a failed stage shows the classified error with Retry and Skip, and a run can be cancelled", async ({ page, request }) => {
  const { thread } = await createCampaign(request);
  await scriptFakeLlm(request, {
    kind: "error",
    status: 429,
    body: { error: { message: "You exceeded your current quota, please check your plan and billing details.", type: "insufficient_quota" } },
  });
  const started = await request.post("/api/v1/runs", { data: { thread_id: thread.id, stack: "foundation", request: "Objetivo do trabalho: teste" } });
  expect(started.status()).toBe(202);
  const run = (await started.json()) as { id: string };

  await page.goto(`/runs/${run.id}`);
  const failure = page.getByRole("alert").filter({ hasText: "A execução parou com um erro" });
  await expect(failure).toContainText("Cota da conta esgotada");
  await expect(failure).toContainText("Recarregue créditos ou espere a cota renovar");
  await expect(failure).toContainText("Na etapa “Pesquisa de mercado e público”.");
  await expect(page.getByTestId("stage-research")).toContainText("Falhou");
  await expect(page.getByRole("button", { name: "Pular" })).toBeVisible();

  await page.getByRole("button", { name: "Tentar de novo", exact: true }).click();
  await expect(page.getByTestId("gate")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("stage-research")).toContainText("Aprovada");
  await expect(failure).toHaveCount(0);

  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    void d.accept();
  });
  await page.getByRole("button", { name: "Cancelar execução" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Cancelada");
  expect(asked).toContain("Cancelar esta execução?");
  await expect(page.getByRole("button", { name: "Cancelar execução" })).toHaveCount(0);
  await expect(page.getByTestId("gate")).toHaveCount(0);
  await expect(page.getByText("Esta execução foi cancelada.")).toBeVisible();
});

test("an attempt recorded by an older version opens with an 'older format' note, not a crash", async ({ page, request }) => {
  const { thread } = await createCampaign(request);
  const started = await request.post("/api/v1/runs", { data: { thread_id: thread.id, stack: "foundation", request: "Objetivo do trabalho: teste" } });
  const run = (await started.json()) as { id: string };
  await expect.poll(async () => ((await (await request.get(`/api/v1/runs/${run.id}`)).json()) as { status: string }).status).toBe("waiting_approval");
  // What an older VM Studio wrote: a different shape, same place.
  const file = path.join(process.env.VM_E2E_WORKSPACE!, "runs", run.id, "prompt-snapshots", "research-1.json");
  fs.writeFileSync(file, JSON.stringify({ stage: "research", prompt: "formato antigo", answer: "ok" }));

  await page.goto(`/runs/${run.id}/stages/research/attempts/1`);
  await expect(page.getByTestId("older-snapshot")).toContainText("gravado por uma versão anterior do VM Studio");
  await expect(page.getByTestId("older-snapshot")).toContainText("formato antigo");
});

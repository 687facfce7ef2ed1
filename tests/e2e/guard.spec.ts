import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createBrand, createProduct, createThread, deleteAllBrands, startRun, stageIs, waitForRun } from "./pages/api";
import { resetFakeLlm, scriptFakeLlm } from "./pages/servers";

const RESEARCH = "## Entregável: research\n\nPesquisa de público.\n\n## Lacunas\n\nNenhuma.";
// The brand says "barato" is taboo; the model writes its plural.
const WITH_TABOO = "## Essência da voz\n\nCafé bom e **baratos** todos os dias, direto da torra.\n\n## Lacunas\n\nNenhuma.";
const CLEAN = "## Essência da voz\n\nCafé com endereço, torrado toda semana.\n\n## Lacunas\n\nNenhuma.";

test.beforeEach(async ({ request }) => {
  await deleteAllBrands(request);
  await resetFakeLlm(request);
});

async function campaignWithTaboo(request: APIRequestContext) {
  const brand = await createBrand(request, { name: "Café Aurora", tone: "Caloroso e direto", taboos: ["barato"], soul_md: "# Alma\n\nTorrefação de bairro.\n" });
  const product = await createProduct(request, { brand_id: brand.id, name: "Assinatura Mensal", price: "R$ 89,90/mês" });
  const thread = await createThread(request, { product_id: product.id, title: "Inverno" });
  return { brand, product, thread };
}

/** A Foundation run whose brand-voice draft uses the brand's taboo, opened at its gate. */
async function openBlockedGate(page: Page, request: APIRequestContext) {
  const campaign = await campaignWithTaboo(request);
  await scriptFakeLlm(request, { text: RESEARCH }, { text: WITH_TABOO });
  const run = await startRun(request, { thread_id: campaign.thread.id });
  await waitForRun(request, run.id, stageIs("brand-voice", "waiting_approval"));
  await page.goto(`/runs/${run.id}`);
  return { ...campaign, runId: run.id };
}

test("a taboo blocks the gate, is highlighted in the text, and a retry prefilled with the finding fixes it", async ({ page, request }) => {
  const { runId } = await openBlockedGate(page, request);
  const gate = page.getByTestId("gate");
  const findings = gate.getByTestId("guard-findings");
  await expect(findings).toHaveAttribute("data-guard", "block");
  await expect(findings.locator('[data-rule="taboo"]')).toContainText("“baratos” é um tabu da marca (“barato”)");
  await expect(page.getByTestId("stage-brand-voice").getByTestId("guard-badge")).toHaveAttribute("data-guard", "block");

  // The evidence is marked in the rendered text itself (CSS Custom Highlight API), not just listed.
  await expect.poll(() => page.evaluate(() => (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get("guard-block")?.size ?? 0)).toBe(1);
  const marked = await page.evaluate(() => [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get("guard-block")!][0].toString());
  expect(marked).toBe("baratos");

  // A blocked text has no plain Approve: the first choice is to fix it.
  await expect(gate.getByRole("button", { name: "Aprovar", exact: true })).toHaveCount(0);
  await gate.getByRole("button", { name: "Tentar de novo corrigindo estes pontos" }).click();
  const feedback = page.getByRole("textbox", { name: "Feedback para a nova tentativa" });
  await expect(feedback).toHaveValue(/^Corrija estes pontos apontados pela guarda da marca:\n- “baratos” é um tabu da marca/);
  await scriptFakeLlm(request, { text: CLEAN });
  await page.getByRole("button", { name: "Gerar nova tentativa" }).click();

  await expect(page.getByTestId("stage-brand-voice")).toContainText("2 tentativas", { timeout: 15_000 });
  await expect(gate.getByTestId("stage-artifact")).toContainText("Café com endereço");
  await expect(gate.getByTestId("guard-findings")).not.toHaveAttribute("data-guard", "block");
  await expect(gate.getByTestId("guard-findings").locator('[data-rule="taboo"]')).toHaveCount(0);
  await expect(page.getByTestId("stage-brand-voice").getByTestId("guard-badge")).not.toHaveAttribute("data-guard", "block");

  // The model was told exactly what to fix.
  const attempt = await (await request.get(`/api/v1/runs/${runId}/stages/brand-voice/attempts/2`)).json();
  expect(JSON.stringify(attempt)).toContain("“baratos” é um tabu da marca");
});

test("approving a blocked text asks why, and the reason stays with the approved stage", async ({ page, request }) => {
  const { runId } = await openBlockedGate(page, request);
  const gate = page.getByTestId("gate");
  await gate.getByRole("button", { name: "Aprovar mesmo assim…" }).click();
  await expect(gate).toContainText("A guarda da marca bloqueia este texto");
  const submit = gate.getByRole("button", { name: "Aprovar com esta justificativa" });
  await expect(submit).toBeDisabled();
  await page.getByRole("textbox", { name: "Por que aprovar mesmo assim?" }).fill("Citação literal de um cliente, aprovada pelo jurídico");
  await submit.click();

  await expect(page.getByTestId("stage-brand-voice")).toContainText("Aprovada", { timeout: 15_000 });
  await page.getByTestId("stage-brand-voice").click();
  await expect(page.getByTestId("override-reason")).toContainText("Citação literal de um cliente, aprovada pelo jurídico");
  const run = await (await request.get(`/api/v1/runs/${runId}`)).json();
  const decision = run.decisions.find((d: { stage_id: string; action: string }) => d.stage_id === "brand-voice" && d.action === "approve");
  expect(decision.overrides).toEqual([expect.stringMatching(/^taboo:/)]);
});

test("an edit that still breaks a taboo is refused with what fails, and can be approved saying why", async ({ page, request }) => {
  await openBlockedGate(page, request);
  const gate = page.getByTestId("gate");
  await gate.getByRole("button", { name: "Editar e aprovar" }).click();
  const editor = page.getByRole("textbox", { name: "Texto editado" });
  await editor.fill(WITH_TABOO.replace("baratos", "super barato"));
  await page.getByRole("button", { name: "Aprovar com esta edição" }).click();
  const alert = gate.getByRole("alert");
  await expect(alert).toContainText("A sua edição ainda tem pontos que a guarda da marca bloqueia");
  await expect(alert).toContainText("barato");
  await expect(page.getByRole("button", { name: "Aprovar com esta edição" })).toBeDisabled();
  await page.getByRole("textbox", { name: "Por que aprovar mesmo assim?" }).fill("Campanha de humor, o tabu está ironizado");
  await page.getByRole("button", { name: "Aprovar com esta edição" }).click();
  await expect(page.getByTestId("stage-brand-voice")).toContainText("Aprovada", { timeout: 15_000 });
});

test("muting a term on the brand page stops the guard from flagging it, and unmuting brings it back", async ({ page, request }) => {
  const { brand } = await campaignWithTaboo(request);
  const check = async () =>
    (await (await request.post("/api/v1/guard/check", { data: { brand_id: brand.id, markdown: "Café bom e barato." } })).json()) as { status: string };
  expect((await check()).status).toBe("block");

  await page.goto(`/brands/${brand.id}`);
  const panel = page.getByTestId("brand-guard");
  await expect(panel).toContainText("Nenhuma regra ou termo silenciado.");
  await panel.getByLabel("Regra").selectOption({ label: "Tabu" });
  await panel.getByLabel("Termo (opcional)").fill("barato");
  await panel.getByRole("button", { name: "Silenciar" }).click();
  await expect(panel.getByRole("list", { name: "Silenciados para esta marca" })).toContainText("Tabu: “barato”");
  expect((await check()).status).not.toBe("block");

  // A mute is a canonical change: it is in the brand's history with its note.
  const versions = await (await request.get(`/api/v1/brands/${brand.id}/versions`)).json();
  expect(JSON.stringify(versions)).toContain("guarda: silenciado Tabu: “barato”");

  await panel.getByRole("button", { name: "Reativar Tabu: “barato”" }).click();
  await expect(panel).toContainText("Nenhuma regra ou termo silenciado.");
  expect((await check()).status).toBe("block");
});

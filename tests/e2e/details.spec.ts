import { expect, test } from "@playwright/test";
import { approveStage, createBrand, createCampaign, deleteAllBrands, stageIs, startRun, waitForRun } from "./pages/api";
import { resetFakeLlm } from "./pages/servers";

// Smaller things that read as care: Foundation first, a later stack's input filled from the campaign's
// approved deliverable, and a version diff that opens at its first change.

test.beforeEach(async ({ request }) => {
  await deleteAllBrands(request);
  await resetFakeLlm(request);
});

test("Foundation is the stack a campaign starts with; Conversion's 'Posicionamento aprovado' fills in from the approved one in a click", async ({ page, request }) => {
  const { thread } = await createCampaign(request);
  await page.goto(`/threads/${thread.id}`);
  await expect(page.getByRole("radio", { name: "Foundation" })).toBeChecked();
  await expect(page.getByText("Comece por aqui")).toBeVisible();
  await page.getByRole("radio", { name: "Conversion" }).check();
  await expect(page.getByText("Ainda não há “foundation/positioning” aprovado nesta campanha.")).toBeVisible();

  // Foundation through positioning's gate, with the reviewer's edit.
  const run = await startRun(request, { thread_id: thread.id });
  await waitForRun(request, run.id, stageIs("brand-voice", "waiting_approval"));
  await approveStage(request, run.id, "brand-voice");
  await waitForRun(request, run.id, stageIs("positioning", "waiting_approval"));
  const POSITIONING = "## Declaração de posicionamento\n\nPara quem não abre mão de café fresco: a torrefação do bairro.\n\n## Lacunas\n\nNenhuma.";
  const edited = await request.post(`/api/v1/runs/${run.id}/approve`, { data: { stage_id: "positioning", edited_markdown: POSITIONING } });
  expect(edited.ok()).toBe(true);

  await page.reload();
  await page.getByRole("radio", { name: "Conversion" }).check();
  const request_ = page.getByRole("textbox", { name: "Pedido" });
  await request_.fill("Objetivo da campanha: captar leads");
  await page.getByRole("button", { name: "Preencher com “Posicionamento e proposta de valor” aprovado nesta campanha" }).click();
  await expect(request_).toHaveValue(`Objetivo da campanha: captar leads\n\nPosicionamento aprovado:\n${POSITIONING}`);
  await expect(page.getByRole("button", { name: "Inserido — inserir “Posicionamento e proposta de valor” de novo" })).toBeVisible();
});

test("comparing two versions opens wide, at the first change, even far down a long soul.md", async ({ page, request }) => {
  const lines = Array.from({ length: 80 }, (_, i) => `Linha ${i + 1} da alma, igual nas duas versões.`);
  const brand = await createBrand(request, { name: "Café Aurora", soul_md: lines.join("\n") + "\n" });
  const changed = [...lines.slice(0, 70), "A linha que mudou na versão 2.", ...lines.slice(71)];
  expect((await request.patch(`/api/v1/brands/${brand.id}`, { data: { soul_md: changed.join("\n") + "\n" } })).ok()).toBe(true);

  await page.goto(`/brands/${brand.id}`);
  await page.getByRole("button", { name: "Comparar versões" }).click();
  const dialog = page.getByRole("dialog", { name: "Comparar versões" });
  const diff = dialog.getByTestId("version-diff");
  expect((await dialog.boundingBox())!.width).toBeGreaterThan(900);
  await expect(diff.locator("ins")).toHaveText([/A linha que mudou na versão 2\./]);
  await expect.poll(() => diff.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  await expect(diff.locator("ins")).toBeInViewport();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

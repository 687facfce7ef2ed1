import { expect, test } from "@playwright/test";
import { createCampaign, deleteAllBrands, stageIs, startRun, waitForRun } from "./pages/api";
import { expectNoHorizontalOverflow } from "./pages/layout";
import { NO_KEY_URL, resetFakeLlm } from "./pages/servers";

// Runs in the "phone" project (375×800): every page fits the screen, and a waiting stage's decision
// is on screen wherever the reader has scrolled.

test.beforeEach(async ({ request }) => {
  await deleteAllBrands(request);
  await resetFakeLlm(request);
});

test("every page fits a 375 px screen with a one-line header, and the gate's actions stay at the bottom of the screen", async ({ page, request, playwright }) => {
  test.setTimeout(60_000);
  const { brand, product, thread } = await createCampaign(request, "Somos uma **torrefação de bairro**.\n\n| origem | torra | nota | preço | entrega |\n| --- | --- | --- | --- | --- |\n| Mantiqueira de Minas | média-clara | frutas amarelas | R$ 89,90 | semanal |");
  await request.post("/api/v1/chat", { data: { thread_id: thread.id, message: "Ideias de título para o inverno?", stream: false } });
  const run = await startRun(request, { thread_id: thread.id });
  await waitForRun(request, run.id, stageIs("brand-voice", "waiting_approval"));

  const pages = [
    "/",
    "/brands/new",
    `/brands/${brand.id}`,
    `/brands/${brand.id}/products/new`,
    `/products/${product.id}`,
    `/threads/${thread.id}`,
    `/runs/${run.id}`,
    `/runs/${run.id}/stages/research/attempts/1`,
    `/memory?brand=${brand.id}`,
    "/settings",
    "/brands/brd_01ARZ3NDEKTSV4RRFFQ69G5FAV",
  ];
  for (const url of pages) {
    await page.goto(url);
    await expectNoHorizontalOverflow(page);
    // The header is one line: about as tall as its logo.
    const header = await page.locator("header").first().boundingBox();
    expect(header!.height, `header height on ${url}`).toBeLessThan(64);
  }

  // The memory page without an embedding model (the no-key server has none): its explanations fit too.
  const other = await playwright.request.newContext({ baseURL: NO_KEY_URL });
  await deleteAllBrands(other);
  const offline = await (await other.post("/api/v1/brands", { data: { name: "Torrefação Aurora de Bairro e Origem", soul_md: "# Alma" } })).json();
  await page.goto(`${NO_KEY_URL}/memory?brand=${offline.id}`);
  await expect(page.getByTestId("memory-status")).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await deleteAllBrands(other);
  await other.dispose();

  // The waiting stage: its decision is at the bottom of the screen from the top of the page on, and still there far down.
  await page.goto(`/runs/${run.id}`);
  const bar = page.getByTestId("gate-bar");
  await expect(bar).toBeInViewport();
  await expect(bar.getByRole("button", { name: "Aprovar", exact: true })).toBeInViewport();
  // One row on a phone: the first choices, the others behind "Mais ações…".
  expect((await bar.boundingBox())!.height).toBeLessThan(72);
  await expect(bar.getByRole("button", { name: "Pular" })).toBeHidden();
  await bar.getByRole("button", { name: "Mais ações…" }).click();
  await expect(bar.getByRole("button", { name: "Pular" })).toBeVisible();
  await page.getByTestId("stage-artifact").scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 2000);
  await expect(bar).toBeInViewport();
  const box = await bar.boundingBox();
  expect(box!.y + box!.height).toBeGreaterThan(800 - 4);

  // …and it works from there.
  await bar.getByRole("button", { name: "Aprovar", exact: true }).click();
  await expect(page.getByTestId("run-announcement")).toContainText("“Guia de voz da marca” aprovada");
  await waitForRun(request, run.id, stageIs("positioning", "waiting_approval"));
  await expect(page.getByTestId("stage-positioning")).toContainText("Aguardando aprovação");
  await expectNoHorizontalOverflow(page);
});

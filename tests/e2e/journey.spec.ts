import { expect, test } from "@playwright/test";
import { AppHeader } from "./pages/AppHeader";
import { deleteAllBrands } from "./pages/api";
import { CanonicalEditor } from "./pages/CanonicalEditor";
import { expectNoHorizontalOverflow } from "./pages/layout";

const SOUL = "# Alma da Aurora\n\nSomos uma **torrefação de bairro**.\n\n- origem rastreada\n- torra semanal\n";
const ESSENCE = "## Essência da assinatura\n\nPara quem não quer ficar sem café bom.\n";

test.beforeEach(async ({ request }) => {
  await deleteAllBrands(request);
});

test("a new user goes from the empty state to brand → product → campaign, and every page survives a reload", async ({
  page,
}) => {
  const header = new AppHeader(page);
  const editor = new CanonicalEditor(page);

  // Empty state explains what to do.
  await page.goto("/");
  await expectNoHorizontalOverflow(page);
  await expect(page.getByRole("heading", { name: "Crie sua primeira marca" })).toBeVisible();
  await expect(header.contextBar).toContainText("Nenhuma marca aberta");
  await page.getByRole("link", { name: "Criar minha primeira marca" }).click();
  await expect(page).toHaveURL(/\/brands\/new$/);
  await expectNoHorizontalOverflow(page);

  // Brand, with its soul.md.
  const brandFields = {
    Nome: "Café Aurora",
    Público: "Jovens profissionais urbanos",
    "Tom de voz": "Caloroso e direto",
    Promessa: "Café fresco na sua porta",
    Tabus: "barato\npromoção relâmpago",
  };
  await editor.fill(brandFields);
  await editor.markdown.fill(SOUL);
  await expect(editor.preview.getByRole("heading", { name: "Alma da Aurora" })).toBeVisible();
  await page.getByRole("button", { name: "Criar marca" }).click();
  await expect(page).toHaveURL(/\/brands\/brd_[0-9A-Z]{26}$/);
  await expectNoHorizontalOverflow(page);
  const brandUrl = page.url();

  await page.reload();
  await expectNoHorizontalOverflow(page);
  await expect(page.getByRole("heading", { level: 1, name: "Café Aurora" })).toBeVisible();
  await editor.expectValues(brandFields);
  await expect(editor.markdown).toHaveValue(SOUL);
  await expect(editor.preview.getByRole("heading", { name: "Alma da Aurora" })).toBeVisible();
  await expect(editor.preview.getByRole("listitem")).toHaveText(["origem rastreada", "torra semanal"]);
  await header.expectContext("Café Aurora");
  await expect(editor.history()).toHaveCount(1);

  // Product, with its essence.md, created in the same step.
  await page.getByRole("link", { name: "Novo produto" }).click();
  await expect(page).toHaveURL(/\/products\/new$/);
  await expectNoHorizontalOverflow(page);
  await header.expectContext("Café Aurora");
  const productFields = { Nome: "Assinatura Mensal", Preço: "R$ 89,90/mês", Oferta: "1 kg de café por mês" };
  await editor.fill(productFields);
  await editor.markdown.fill(ESSENCE);
  await page.getByRole("button", { name: "Criar produto" }).click();
  await expect(page).toHaveURL(/\/products\/prd_[0-9A-Z]{26}$/);
  await expectNoHorizontalOverflow(page);

  await page.reload();
  await expectNoHorizontalOverflow(page);
  await editor.expectValues(productFields);
  await expect(editor.markdown).toHaveValue(ESSENCE);
  await expect(editor.preview.getByRole("heading", { name: "Essência da assinatura" })).toBeVisible();
  await header.expectContext("Café Aurora", "Assinatura Mensal");

  // Campaign (thread).
  await page.getByLabel("Título da campanha").fill("Lançamento de inverno");
  await page.getByRole("button", { name: "Criar campanha" }).click();
  await expect(page).toHaveURL(/\/threads\/thr_[0-9A-Z]{26}$/);
  await expectNoHorizontalOverflow(page);

  await page.reload();
  await expectNoHorizontalOverflow(page);
  await expect(page.getByRole("heading", { level: 1, name: "Lançamento de inverno" })).toBeVisible();
  await header.expectContext("Café Aurora", "Assinatura Mensal", "Lançamento de inverno");
  await expect(page.getByRole("heading", { name: "Chat" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Execuções", exact: true })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Sua mensagem" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Iniciar uma execução" })).toBeVisible();

  // Home lists the brand with its product and recent campaign.
  await page.getByRole("link", { name: "VM Studio" }).click();
  const card = page.getByRole("article", { name: "Café Aurora" });
  await expect(card.getByRole("link", { name: "Assinatura Mensal" })).toBeVisible();
  await expect(card.getByRole("link", { name: "Lançamento de inverno" })).toBeVisible();

  // Editing the brand adds a canonical version; leaving with unsaved changes asks first.
  await page.goto(brandUrl);
  await expectNoHorizontalOverflow(page);
  await editor.field("Tom de voz").fill("Caloroso, direto e bem-humorado");
  await expect(page.getByText("Alterações não salvas")).toBeVisible();
  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.getByRole("link", { name: "VM Studio" }).click();
  expect(asked).toContain("alterações não salvas");
  await expect(page).toHaveURL(brandUrl);
  await expectNoHorizontalOverflow(page);

  await page.getByLabel(/Nota da versão/).fill("Tom mais leve");
  await page.getByRole("button", { name: "Salvar" }).click();
  await expect(page.getByText("Salvo como versão 2.")).toBeVisible();
  await expect(editor.history()).toHaveCount(2);

  await page.reload();
  await expectNoHorizontalOverflow(page);
  await expect(editor.field("Tom de voz")).toHaveValue("Caloroso, direto e bem-humorado");
  await expect(editor.history()).toHaveCount(2);
  await expect(editor.history().first()).toContainText("v2");
  await expect(editor.history().first()).toContainText("Tom mais leve");
  await page.getByRole("button", { name: "Ver versão 1" }).click();
  const v1 = editor.history().nth(1);
  await expect(v1).toContainText("Caloroso e direto");
  await expect(v1.getByRole("heading", { name: "Alma da Aurora" })).toBeVisible();
});

test("an unknown id shows the not-found page", async ({ page }) => {
  const res = await page.goto("/brands/brd_01ARZ3NDEKTSV4RRFFQ69G5FAV");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Página não encontrada" })).toBeVisible();
  await page.getByRole("link", { name: "Voltar ao início" }).click();
  await expect(page).toHaveURL("/");
});

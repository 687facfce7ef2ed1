import { expect, test } from "@playwright/test";
import { createBrand } from "./pages/api";
import { CanonicalEditor } from "./pages/CanonicalEditor";

test("the API's field errors appear next to the field they name", async ({ page }) => {
  const editor = new CanonicalEditor(page);
  await page.goto("/brands/new");

  // Empty name: refused by the API, shown under "Nome".
  const refused = page.waitForResponse((r) => r.url().endsWith("/api/v1/brands") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Criar marca" }).click();
  expect((await refused).status()).toBe(400);
  await expect(editor.field("Nome")).toHaveAttribute("aria-invalid", "true");
  await expect(editor.field("Nome")).toHaveAccessibleErrorMessage("Preencha este campo.");
  await expect(page.getByRole("alert").filter({ hasText: "Não foi possível salvar." })).toContainText("Corrija os campos destacados.");
  await expect(page).toHaveURL(/\/brands\/new$/);

  // Too long: only the API knows the limit.
  await editor.field("Nome").fill("n".repeat(201));
  await page.getByRole("button", { name: "Criar marca" }).click();
  await expect(editor.field("Nome")).toHaveAccessibleErrorMessage("Texto longo demais: o limite é de 200 caracteres.");
  await expect(editor.field("Público")).not.toHaveAttribute("aria-invalid", "true");

  // Fixed: the brand is created and the error is gone.
  await editor.field("Nome").fill("Marca Corrigida");
  await page.getByRole("button", { name: "Criar marca" }).click();
  await expect(page).toHaveURL(/\/brands\/brd_/);
  await expect(editor.field("Nome")).not.toHaveAttribute("aria-invalid", "true");
});

test("saving an edit the API refuses keeps the edit and marks the field", async ({ page, request }) => {
  const brand = await createBrand(request, { name: "Marca Editável" });
  const editor = new CanonicalEditor(page);
  await page.goto(`/brands/${brand.id}`);
  await editor.field("Nome").fill("x".repeat(250));
  await page.getByRole("button", { name: "Salvar" }).click();
  await expect(editor.field("Nome")).toHaveAccessibleErrorMessage("Texto longo demais: o limite é de 200 caracteres.");
  await expect(editor.field("Nome")).toHaveValue("x".repeat(250));
  await expect(editor.history()).toHaveCount(1);
});

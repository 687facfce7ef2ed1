import { expect, test } from "@playwright/test";
import { createBrand, createProduct } from "./pages/api";

test("deleting a brand that has products asks for a cascade, with a warning, then removes everything", async ({
  page,
  request,
}) => {
  const brand = await createBrand(request, { name: "Marca Descartável" });
  await createProduct(request, { brand_id: brand.id, name: "Produto Descartável" });

  await page.goto(`/brands/${brand.id}`);
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Excluir marca" }).click();
  const warning = page.getByRole("alert").filter({ hasText: "Excluir em cascata" });
  await expect(warning).toContainText("1 produto");
  await warning.getByRole("button", { name: "Excluir a marca e tudo o que ela contém" }).click();

  await expect(page).toHaveURL("/");
  await expect(page.getByRole("link", { name: "Marca Descartável" })).toHaveCount(0);
  expect((await request.get(`/api/v1/brands/${brand.id}`)).status()).toBe(404);
});

test("deleting a product without campaigns needs only a confirmation", async ({ page, request }) => {
  const brand = await createBrand(request, { name: "Marca com Produto" });
  const product = await createProduct(request, { brand_id: brand.id, name: "Produto Avulso" });

  await page.goto(`/products/${product.id}`);
  page.once("dialog", (d) => void d.dismiss());
  await page.getByRole("button", { name: "Excluir produto" }).click();
  await expect(page).toHaveURL(`/products/${product.id}`);

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Excluir produto" }).click();
  await expect(page).toHaveURL(`/brands/${brand.id}`);
  await expect(page.getByText("Esta marca ainda não tem produtos.")).toBeVisible();
});

import { expect, test } from "@playwright/test";
import { AppHeader } from "./pages/AppHeader";

test("the language toggle switches the interface to English and back, and the choice is remembered", async ({ page }) => {
  const header = new AppHeader(page);
  await page.goto("/brands/new");
  await expect(page.locator("html")).toHaveAttribute("lang", "pt-BR");
  await expect(page.getByRole("heading", { level: 1, name: "Nova marca" })).toBeVisible();
  await expect(page.getByLabel("Nome", { exact: true })).toBeVisible();

  await header.chooseLanguage("English");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "New brand" })).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create brand" })).toBeVisible();
  await expect(header.contextBar).toContainText("No brand open");

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "New brand" })).toBeVisible();

  await header.chooseLanguage("Português");
  await expect(page.locator("html")).toHaveAttribute("lang", "pt-BR");
  await expect(page.getByRole("heading", { level: 1, name: "Nova marca" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Criar marca" })).toBeVisible();
});

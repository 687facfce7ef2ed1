import { expect, test, type Locator, type Page } from "@playwright/test";
import { CanonicalEditor } from "./pages/CanonicalEditor";

const HOSTILE = "# Teste\n\n<script>window.__xss=1</script>\n\n[clique](javascript:window.__xss=2)\n\n<img src=x onerror=\"window.__xss=3\">\n";

async function expectInert(page: Page, preview: Locator) {
  await expect(preview.getByRole("heading", { name: "Teste" })).toBeVisible();
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  await expect(preview.locator("script")).toHaveCount(0);
  await expect(preview.locator("img[onerror]")).toHaveCount(0);
  const link = preview.getByText("clique");
  await expect(link).toBeVisible();
  const href = await link.evaluate((el) => el.closest("a")?.getAttribute("href") ?? null);
  expect(href ?? "").not.toMatch(/^\s*javascript:/i);
  await link.click();
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
}

test("markdown typed into soul.md never runs: not in the live preview, not after saving and reloading", async ({ page }) => {
  const editor = new CanonicalEditor(page);
  await page.goto("/brands/new");
  await editor.field("Nome").fill("Marca XSS");
  await editor.markdown.fill(HOSTILE);
  await expectInert(page, editor.preview);

  await page.getByRole("button", { name: "Criar marca" }).click();
  await expect(page).toHaveURL(/\/brands\/brd_/);
  await page.reload();
  await expect(editor.markdown).toHaveValue(HOSTILE);
  await expectInert(page, editor.preview);

  // The same markdown shown from the canonical history.
  await page.getByRole("button", { name: "Ver versão 1" }).click();
  await expectInert(page, editor.history().first());
});

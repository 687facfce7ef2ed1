import { expect, test } from "@playwright/test";
import { createCampaign, deleteAllBrands } from "./pages/api";
import { NO_KEY_URL, resetFakeLlm } from "./pages/servers";

test.describe("without an API key", () => {
  test.use({ baseURL: NO_KEY_URL });

  test.beforeEach(async ({ request }) => {
    await deleteAllBrands(request);
  });

  test("settings show the key is missing with the guide, and the campaign explains why nothing is generated", async ({ page, request }) => {
    await page.goto("/");
    await page.getByRole("link", { name: /Configurações/ }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole("heading", { level: 1, name: "Configurações" })).toBeVisible();
    await expect(page.getByTestId("key-configured")).toHaveText("Não");
    await expect(page.getByText("Não configurado", { exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Como configurar a chave" })).toBeVisible();
    await expect(page.getByTestId("env-example")).toContainText("VM_LLM_API_KEY=");
    await expect(page.getByTestId("env-example")).toContainText("KIMI_API_KEY");
    const presets = page.getByRole("region", { name: "Outros provedores" });
    await expect(presets).toContainText("https://api.moonshot.ai/v1");
    await expect(presets).toContainText("kimi-k2-0905-preview");
    await expect(presets).toContainText("api_key_required: false");
    await expect(page.getByRole("heading", { name: /Kimi: o endpoint de código responde 403/ })).toBeVisible();

    const { thread } = await createCampaign(request);
    await page.goto(`/threads/${thread.id}`);
    const input = page.getByRole("textbox", { name: "Sua mensagem" });
    await input.fill("Alguém aí?");
    await page.getByRole("button", { name: "Enviar" }).click();
    const notice = page.getByTestId("provider-notice").filter({ hasText: "Nada foi enviado" });
    await expect(notice).toContainText("Provedor de LLM não configurado");
    await expect(notice.getByRole("link", { name: /Ver como configurar/ })).toHaveAttribute("href", "/settings");
    await expect(input).toHaveValue("Alguém aí?"); // nothing was sent: the text is kept

    // Starting a run is refused up front, with the same way out.
    await expect(page.getByRole("button", { name: "Iniciar execução" })).toBeDisabled();
    await expect(page.getByText("Para iniciar uma execução, configure primeiro o provedor de LLM.")).toBeVisible();

    await page.reload();
    await expect(page.getByRole("log", { name: "Mensagens do chat" })).toContainText("Nenhuma mensagem ainda");
  });
});

test("with a key, Test connection reaches the endpoint and says so", async ({ page, request }) => {
  await resetFakeLlm(request);
  await page.goto("/settings");
  await expect(page.getByTestId("key-configured")).toHaveText("Sim");
  await expect(page.getByRole("heading", { name: "Como configurar a chave" })).toHaveCount(0);
  await page.getByRole("button", { name: "Testar conexão" }).click();
  await expect(page.getByTestId("check-ok")).toContainText("Conexão OK");
  await expect(page.getByTestId("check-ok")).toContainText("kimi-for-coding");
});

test("backup from Settings: export everything or one brand, import into an empty workspace, and a second import reports what exists", async ({ page, request }, info) => {
  await deleteAllBrands(request);
  const { brand } = await createCampaign(request);
  await page.goto("/settings");
  const backup = page.getByTestId("backup");
  await expect(backup.getByRole("heading", { name: "Backup" })).toBeVisible();

  const [whole] = await Promise.all([page.waitForEvent("download"), backup.getByRole("link", { name: "Exportar tudo" }).click()]);
  expect(whole.suggestedFilename()).toMatch(/\.tar\.gz$/);
  const archive = info.outputPath("workspace.tar.gz");
  await whole.saveAs(archive);
  await expect(backup.getByLabel("Marca a exportar")).toHaveValue(brand.id);
  const [one] = await Promise.all([page.waitForEvent("download"), backup.getByRole("link", { name: "Exportar esta marca" }).click()]);
  expect(one.suggestedFilename()).toMatch(/\.tar\.gz$/);

  // Into an empty workspace: everything comes back.
  await deleteAllBrands(request);
  await page.reload();
  await backup.getByLabel("Arquivo .tar.gz exportado pelo VM Studio").setInputFiles(archive);
  await backup.getByRole("button", { name: "Importar" }).click();
  await expect(backup.getByTestId("import-done")).toContainText(/Importado: \d+ registros e \d+ arquivos\./);
  const brands = (await (await request.get("/api/v1/brands")).json()).items as { id: string; name: string }[];
  expect(brands.map((b) => b.name)).toEqual(["Café Aurora"]);

  // Again: nothing is imported without "merge", and the report says why.
  await backup.getByLabel("Arquivo .tar.gz exportado pelo VM Studio").setInputFiles(archive);
  await backup.getByRole("button", { name: "Importar" }).click();
  await expect(backup.getByTestId("import-conflicts")).toContainText("Nada foi importado");
  await expect(backup.getByTestId("import-conflicts")).toContainText(brand.id);
  await backup.getByLabel("Juntar com o que já existe").check();
  await backup.getByRole("button", { name: "Importar" }).click();
  await expect(backup.getByTestId("import-done")).toContainText("já existiam e foram mantidos como estavam");
});

import { expect, test } from "@playwright/test";
import { kimi403Body } from "../support/fakeLlmServer";
import { createCampaign, deleteAllBrands } from "./pages/api";
import { resetFakeLlm, scriptFakeLlm } from "./pages/servers";

const QUESTION = "Como falar da torra semanal no lançamento?";
// Scripted so the stream lasts long enough (~30 words × 80 ms) to be seen half-written.
const REPLY =
  "## Primeira ideia\n\nFale da **torra semanal** como um ritual: todo domingo, grãos frescos saindo do forno.\n\n" +
  "- Mostre a data da torra no pacote\n- Conte quem torra\n\nFim da resposta.";

test.beforeEach(async ({ request }) => {
  await deleteAllBrands(request);
  await resetFakeLlm(request);
});

test("a new user chats in a campaign: the reply streams in, then stays in the history after a reload", async ({ page, request }) => {
  const { thread } = await createCampaign(request);
  await scriptFakeLlm(request, { text: REPLY, chunkDelayMs: 80 });

  await page.goto(`/threads/${thread.id}`);
  const log = page.getByRole("log", { name: "Mensagens do chat" });
  await expect(log).toContainText("Nenhuma mensagem ainda");
  const input = page.getByRole("textbox", { name: "Sua mensagem" });
  await input.fill(QUESTION);
  await page.getByRole("button", { name: "Enviar" }).click();

  // Half-way: the first words are there, rendered as markdown, the end is not yet.
  const streaming = page.getByTestId("chat-streaming");
  await expect(streaming.getByRole("heading", { name: "Primeira ideia" })).toBeVisible();
  await expect(streaming).not.toContainText("Fim da resposta.");
  await expect(log).toContainText(QUESTION);
  await expect(input).toHaveValue("");

  // Done: the whole reply is part of the history; the streaming frame is gone.
  await expect(log).toContainText("Fim da resposta.");
  await expect(streaming).toHaveCount(0);
  await expect(log.getByRole("listitem").filter({ hasText: "Mostre a data da torra" }).last()).toBeVisible();
  await expect(log.locator("strong", { hasText: "torra semanal" })).toBeVisible();

  await page.reload();
  await expect(log).toContainText(QUESTION);
  await expect(log.getByRole("heading", { name: "Primeira ideia" })).toBeVisible();
  await expect(log).toContainText("Fim da resposta.");

  // A second message uses the fake's default streamed answer.
  await input.fill("E para o Instagram?");
  await input.press("Enter");
  await expect(log).toContainText("Quer que eu detalhe?");
  await expect(log).toContainText("E para o Instagram?");
});

test("Kimi's 403 for non-coding agents is shown as a failed turn with what to do next, and is kept", async ({ page, request }) => {
  const { thread } = await createCampaign(request);
  await scriptFakeLlm(request, { kind: "error", status: 403, body: kimi403Body });

  await page.goto(`/threads/${thread.id}`);
  await page.getByRole("textbox", { name: "Sua mensagem" }).fill("Olá, modelo");
  await page.getByRole("button", { name: "Enviar" }).click();

  const log = page.getByRole("log", { name: "Mensagens do chat" });
  const failure = log.getByTestId("llm-error");
  await expect(failure).toContainText("A resposta falhou");
  await expect(failure).toContainText("Acesso negado pelo provedor");
  await expect(failure).toContainText("só atende os agentes de programação que reconhece");
  await expect(failure).toContainText("https://api.moonshot.ai/v1");
  await expect(failure).toContainText("llm.headers");
  await expect(failure).toContainText("forbidden");
  await expect(failure.getByRole("link", { name: /Abrir Configurações/ })).toHaveAttribute("href", "/settings");

  await page.reload();
  await expect(log).toContainText("Olá, modelo");
  await expect(log.getByTestId("llm-error")).toContainText("só atende os agentes de programação que reconhece");
});

test("a failed turn offers to try again (same message) or to edit and resend; a connection cut mid-answer says so in Portuguese", async ({ page, request }) => {
  const { thread } = await createCampaign(request);
  // A 400 is not retried by the provider: the turn fails at once.
  await scriptFakeLlm(request, { kind: "error", status: 400, body: { error: { message: "invalid request: temperature" } } });
  await page.goto(`/threads/${thread.id}`);
  const log = page.getByRole("log", { name: "Mensagens do chat" });
  const input = page.getByRole("textbox", { name: "Sua mensagem" });
  await input.fill("Um slogan para o inverno?");
  await input.press("Enter");
  await expect(log.getByTestId("llm-error")).toContainText("Pedido recusado pelo provedor");
  // Every word of the failure is in the interface language: no English server hint.
  await expect(log.getByTestId("llm-error")).not.toContainText("Dica técnica");

  // Try again: the same message goes out and the reply comes in.
  await scriptFakeLlm(request, { text: "Inverno com cheiro de café.", chunkDelayMs: 10 });
  await log.getByTestId("failed-turn-actions").getByRole("button", { name: "Tentar de novo" }).click();
  await expect(log).toContainText("Inverno com cheiro de café.");
  await expect(log.getByText("Um slogan para o inverno?")).toHaveCount(2);
  await expect(log.getByTestId("failed-turn-actions")).toHaveCount(0); // the last turn is fine now

  // A stream cut in the middle: said as such (not the base_url advice), the part received kept; edit and resend.
  await scriptFakeLlm(request, { kind: "disconnect", text: "Começo de uma resposta que" });
  await input.fill("E um para o verão?");
  await input.press("Enter");
  const cut = log.getByTestId("llm-error").last();
  await expect(cut).toContainText("A conexão caiu no meio da resposta");
  await expect(cut).toContainText("O trecho recebido foi guardado");
  await expect(cut).not.toContainText("llm.base_url");
  await expect(cut.getByRole("link", { name: /Abrir Configurações/ })).toHaveCount(0);
  await log.getByTestId("failed-turn-actions").getByRole("button", { name: "Editar e reenviar" }).click();
  await expect(input).toHaveValue("E um para o verão?");
  await expect(input).toBeFocused();
  await input.fill("E um slogan para o verão, curto?");
  await input.press("Enter");
  await expect(log).toContainText("E um slogan para o verão, curto?");
  await expect(log).toContainText("Quer que eu detalhe?");
});

test("while the provider is busy the chat says which try comes next, instead of the typing dots", async ({ page, request }) => {
  const { thread } = await createCampaign(request);
  await scriptFakeLlm(request, { kind: "error", status: 503, body: { error: { message: "overloaded" } }, headers: { "retry-after": "2" } }, { text: "Agora sim." });
  await page.goto(`/threads/${thread.id}`);
  const input = page.getByRole("textbox", { name: "Sua mensagem" });
  await input.fill("Oi");
  await input.press("Enter");
  await expect(page.getByTestId("chat-activity")).toContainText(/Provedor ocupado \(HTTP 503\): nova tentativa 2 de 4/);
  await expect(page.getByRole("log", { name: "Mensagens do chat" })).toContainText("Agora sim.");
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, expect as see, type Browser, type Page } from "@playwright/test";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startFakeLlmServer, type FakeLlmServer } from "../support/fakeLlmServer";
import { startHostedDeployment, type HostedDeployment } from "../support/hostedDeployment";
import { httpApi, waitFor } from "../support/httpApi";
import { freePort, startNextServer, type NextServer } from "../support/nextServer";
import { studioResponder } from "../support/studioResponder";

// Teams in a browser (Debian's Chromium), against a hosted `next start` on PostgreSQL: the owner invites
// people from Settings → Team, they join by the link and see only their organization, and at a gate an
// editor finds no buttons while an approver decides. Screenshots land in test-results/hosted-teams/.

let d: HostedDeployment;
let fake: FakeLlmServer;
let server: NextServer;
let dir: string;
let browser: Browser;
const shots = path.resolve("test-results/hosted-teams");

beforeAll(async () => {
  d = await startHostedDeployment("teams-browser");
  fake = await startFakeLlmServer();
  fake.setResponder(studioResponder as never);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-teams-browser-"));
  const port = await freePort();
  server = await startNextServer(port, { ...d.env, VM_WORKSPACE: dir, VM_LLM_BASE_URL: fake.baseUrl, VM_LLM_API_KEY: "sk-teams-browser-1234", VM_PUBLIC_URL: `http://127.0.0.1:${port}` });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  fs.mkdirSync(shots, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.kill("SIGKILL");
  await fake?.close();
  await d?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A person's own browser (separate cookies), in English, at a desktop or phone width. */
async function personPage(width = 1280): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale: "en-US", viewport: { width, height: 900 } });
  await context.addCookies([{ name: "vm_lang", value: "en", url: server.url }]);
  return context.newPage();
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/");
  await expect.poll(() => new URL(page.url()).pathname).toBe("/signin");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/");
}

/** The owner invites `email` as `role` from Settings → Team; the link the page shows once. */
async function invite(owner: Page, email: string, role: string): Promise<string> {
  await owner.goto("/settings");
  await owner.getByLabel("E-mail").fill(email);
  await owner.getByLabel("Role", { exact: true }).selectOption(role);
  await owner.getByRole("button", { name: "Invite" }).click();
  const link = await owner.getByTestId("invite-link").textContent();
  expect(link).toContain("/invite?token=");
  return link!;
}

async function join(link: string, name: string, password: string, width?: number): Promise<Page> {
  const page = await personPage(width);
  await page.goto(link);
  await see(page.getByText("You are invited to")).toBeVisible().catch(async (err) => {
    throw new Error(`${(err as Error).message}\n--- ${page.url()}\n${(await page.locator("body").innerText()).slice(0, 800)}\n${server.output().slice(-2500)}`);
  });
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel(/New password/).fill(password);
  await page.getByRole("button", { name: "Join the organization" }).click();
  await page.waitForURL((u) => u.pathname === "/");
  return page;
}

test("an owner invites an editor and an approver; each sees only the organization; the approver decides the gate the editor cannot", async () => {
  const owner = await personPage();
  // A wrong password is said so on the page, and nothing else happens.
  await owner.goto("/signin");
  await owner.getByLabel("E-mail").fill(d.owner.email);
  await owner.getByLabel("Password").fill("not-the-password");
  await owner.getByRole("button", { name: "Sign in" }).click();
  await see(owner.locator("form").getByRole("alert")).toContainText("wrong e-mail or password");
  await signIn(owner, d.owner.email, d.owner.password);

  // The owner's campaign (through the API with the owner's token), and another organization's brand.
  const api = httpApi(server.url, await d.ownerAuth(server.url));
  const mine = await api.seed(1, "Marca da Agência");
  const other = await api.post("/organizations", { name: "Outra" });
  expect(other.status).toBe(201);
  // The owner's token stays in the first organization; a session is what moves. B's brand is made in a session.
  const session = await fetch(`${server.url}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify(d.owner) });
  const cookie = session.headers.get("set-cookie")!.split(";")[0];
  const inB = httpApi(server.url, { cookie, origin: server.url });
  expect((await inB.call("PATCH", "/session", { organization_id: other.json.id })).status).toBe(200);
  expect((await inB.post("/brands", { name: "Marca de Outra" })).status).toBe(201);
  expect((await api.get("/brands")).json.items.map((b: any) => b.name)).toEqual(["Marca da Agência"]);

  const editorLink = await invite(owner, "editor@example.com", "editor");
  await owner.screenshot({ path: path.join(shots, "settings-team-desktop.png"), fullPage: true });
  const approverLink = await invite(owner, "approver@example.com", "approver");

  const editor = await join(editorLink, "Edna", "editor-password-1");
  const approver = await join(approverLink, "Abel", "approver-password-1", 375);
  for (const page of [editor, approver]) {
    await see(page.getByText("Marca da Agência")).toBeVisible();
    await see(page.getByText("Marca de Outra")).toHaveCount(0);
  }
  await approver.screenshot({ path: path.join(shots, "home-approver-375.png"), fullPage: true });
  // Another organization's brand, opened by its address, is the not-found page.
  const brandOfB = (await inB.get("/brands")).json.items.find((b: any) => b.name === "Marca de Outra");
  await editor.goto(`/brands/${brandOfB.id}`);
  await see(editor.getByRole("heading", { name: "Page not found" })).toBeVisible();

  // The editor starts a run from their signed-in page (its cookie, its Origin), and it waits at the gate.
  const started = await editor.evaluate(async (threadId) => {
    const res = await fetch("/api/v1/runs", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ thread_id: threadId, stack: "foundation", request: "lançar" }) });
    return { status: res.status, body: await res.json() };
  }, mine.threads[0].id);
  expect(started.status).toBe(202);
  const runId = started.body.id;
  await waitFor("the gate", async () => (await api.get(`/runs/${runId}`)).json.status === "waiting_approval", 60_000);

  await editor.goto(`/runs/${runId}`);
  const editorGate = editor.getByTestId("gate");
  await see(editorGate).toBeVisible();
  await see(editorGate.getByTestId("gate-blocked")).toContainText("Your role (editor) does not decide gates");
  await see(editorGate.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await editor.screenshot({ path: path.join(shots, "run-gate-editor.png"), fullPage: true });

  await approver.goto(`/runs/${runId}`);
  const approverGate = approver.getByTestId("gate");
  await see(approverGate.getByRole("button", { name: "Approve", exact: true })).toBeVisible();
  await approver.screenshot({ path: path.join(shots, "run-gate-approver-375.png"), fullPage: true });
  const gateStage = (await api.get(`/runs/${runId}`)).json.current_stage;
  await approverGate.getByRole("button", { name: "Approve", exact: true }).click();
  await waitFor("the decision", async () => {
    const run = (await api.get(`/runs/${runId}`)).json;
    return run.decisions.some((x: any) => x.stage_id === gateStage && x.by?.email === "approver@example.com");
  }, 30_000);

  // Signing out ends it: the next page is the sign-in page.
  await editor.getByRole("button", { name: "Sign out" }).click();
  await editor.waitForURL((u) => u.pathname === "/signin");
  await editor.goto("/settings");
  await expect.poll(() => new URL(editor.url()).pathname).toBe("/signin");
}, 240_000);

import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getContainer } from "@/lib/container";
import { currentActor } from "@/app/_components/currentActor";
import { TeamPanel } from "./TeamPanel";
import { AppShell } from "../_components/AppShell";
import { PageHeader } from "../_components/PageHeader";
import { StatusBadge } from "../_components/StatusBadge";
import { getDictionary } from "../_i18n/server";
import { BackupPanel } from "./BackupPanel";
import { TestConnection } from "./TestConnection";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getDictionary();
  return { title: t.settings.title };
}

const PRESETS = [
  { id: "kimi", name: "Kimi for Coding", baseUrl: "https://api.kimi.com/coding/v1", model: "kimi-for-coding", keyless: false },
  { id: "moonshot", name: "Moonshot (open platform)", baseUrl: "https://api.moonshot.ai/v1", model: "kimi-k2-0905-preview", keyless: false },
  { id: "openai", name: "OpenAI", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", keyless: false },
  { id: "openrouter", name: "OpenRouter", baseUrl: "https://openrouter.ai/api/v1", model: "openai/gpt-4o-mini", keyless: false },
  { id: "ollama", name: "Ollama (local)", baseUrl: "http://127.0.0.1:11434/v1", model: "llama3.1", keyless: true },
] as const;

const code = "rounded-md border border-stone-200 bg-stone-900 px-3 py-2 font-mono text-xs leading-relaxed whitespace-pre-wrap text-stone-100 [overflow-wrap:anywhere]";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-[14rem_minmax(0,1fr)] sm:gap-4">
      <dt className="text-sm text-stone-500">{label}</dt>
      <dd className="text-sm break-words text-stone-900">{children}</dd>
    </div>
  );
}

export default async function SettingsPage() {
  const { t } = await getDictionary();
  const c = getContainer();
  const p = c.provider.status();
  const actor = await currentActor();
  const who = await c.account.whoAmI(actor);
  const me = who && { user: { id: who.user.id, email: who.user.email }, organization: { id: who.organization.id, name: who.organization.name, four_eyes: who.organization.fourEyes }, role: who.role, organizations: who.organizations.map((o) => ({ id: o.organization.id, name: o.organization.name, role: o.role })) };
  const brands = (await c.brands.listBrands(actor.organizationId)).map((b) => ({ id: b.id, name: b.name }));
  const yesNo = (v: boolean) => (v ? t.settings.yes : t.settings.no);
  const isDefault = (baseUrl: string) => p.baseUrl.replace(/\/+$/, "") === baseUrl;

  return (
    <AppShell>
      <PageHeader kind={t.nav.settings} title={t.settings.title} meta={t.settings.intro} />
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 xl:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="space-y-6">
          {me && <TeamPanel me={me} />}
          <section aria-labelledby="provider-title" className="card card-body">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <h2 id="provider-title" className="section-title">
                {t.settings.providerTitle}
              </h2>
              <StatusBadge status={p.configured ? "approved" : "waiting_approval"} label={p.configured ? t.settings.ready : t.settings.notReady} />
            </div>
            <dl aria-label={t.settings.providerTitle} className="mt-3 divide-y divide-stone-100">
              <Row label={t.settings.baseUrl}>
                <span className="font-mono">{p.baseUrl}</span>
              </Row>
              <Row label={t.settings.model}>
                <span className="font-mono">{p.model}</span>
              </Row>
              <Row label={t.settings.keyConfigured}>
                <span data-testid="key-configured" className={p.keyConfigured ? "font-medium text-emerald-700" : "font-medium text-amber-800"}>
                  {yesNo(p.keyConfigured)}
                </span>
              </Row>
              <Row label={t.settings.keyRequired}>{yesNo(p.keyRequired)}</Row>
              <Row label={t.settings.headers}>
                {p.headerNames.length === 0 ? (
                  <span className="text-stone-500">{t.settings.headersNone}</span>
                ) : (
                  <span className="flex flex-wrap gap-1.5">
                    {p.headerNames.map((h) => (
                      <code key={h} className="badge font-mono">
                        {h}
                      </code>
                    ))}
                  </span>
                )}
                <span className="mt-1 block text-xs text-stone-500">{t.settings.headersNote}</span>
              </Row>
            </dl>
            <div className="mt-4 border-t border-stone-100 pt-4">
              <TestConnection />
            </div>
          </section>

          {!p.configured && (
            <section aria-labelledby="guide-title" className="card card-body border-amber-300 bg-amber-50/40">
              <h2 id="guide-title" className="section-title">
                {t.settings.guideTitle}
              </h2>
              <ol className="mt-3 list-decimal space-y-2 pl-5 text-sm text-stone-800">
                {t.settings.guideSteps.map((step, i) => (
                  <li key={i}>
                    {step}
                    {i === 1 && (
                      <pre data-testid="env-example" className={`${code} mt-2`}>
                        {`# .env\nVM_LLM_API_KEY=sk-...\n# ${t.settings.orAlias}\n# KIMI_API_KEY=sk-...`}
                      </pre>
                    )}
                  </li>
                ))}
              </ol>
            </section>
          )}

          <BackupPanel brands={brands} />

          <section aria-labelledby="kimi-title" className="rounded-xl border border-sky-200 bg-sky-50/60 p-5 text-sm text-sky-950 sm:p-6">
            <h2 id="kimi-title" className="font-semibold">
              {t.settings.kimiTitle}
            </h2>
            <p className="mt-2">{t.settings.kimiText}</p>
            <pre className={`${code} mt-3`}>{"# settings.yaml\nllm:\n  headers:\n    <Header-Name>: <value>"}</pre>
          </section>
        </div>

        <section aria-labelledby="presets-title" className="card card-body">
          <h2 id="presets-title" className="section-title">
            {t.settings.presetsTitle}
          </h2>
          <p className="muted mt-1">{t.settings.presetsIntro}</p>
          <ul className="mt-4 space-y-4">
            {PRESETS.map((preset) => (
              <li key={preset.id} className="rounded-lg border border-stone-200 p-3">
                <p className="flex flex-wrap items-center gap-2 text-sm font-semibold">
                  {preset.name}
                  {isDefault(preset.baseUrl) && <span className="badge bg-accent-50 text-accent-800">{t.settings.presetDefault}</span>}
                </p>
                <p className="mt-0.5 text-xs text-stone-600">{t.settings.presets[preset.id]}</p>
                <pre className={`${code} mt-2`}>
                  {`# settings.yaml\nllm:\n  base_url: ${preset.baseUrl}\n  model: ${preset.model}` +
                    (preset.keyless ? "\n  api_key_required: false" : "") +
                    `\n\n# ${t.settings.orEnv}\nVM_LLM_BASE_URL=${preset.baseUrl}\nVM_LLM_MODEL=${preset.model}`}
                </pre>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </AppShell>
  );
}

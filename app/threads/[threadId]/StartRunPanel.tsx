"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { useT } from "../../_i18n/client";
import { actionKeys, callApi, getJson } from "../../_components/api";
import type { ApprovedJson, RunJson, StackJson } from "../../_components/apiTypes";
import { formErrorsFrom } from "../../_components/fieldErrors";
import { ProviderNotice } from "../../_components/ProviderNotice";

/** The stack a campaign starts with: the others build on what it establishes. */
const FIRST_STACK = "foundation";

/**
 * Pick a stack (with its guidance), write the request, start: the run page takes over from there. An
 * input a stack fills from an earlier stage's deliverable (`from: foundation/positioning`) offers the
 * campaign's approved one in a click.
 */
export function StartRunPanel({
  threadId,
  stacks,
  approved,
  hasRuns,
  providerConfigured,
}: {
  threadId: string;
  stacks: StackJson[];
  approved: ApprovedJson[];
  hasRuns: boolean;
  providerConfigured: boolean;
}) {
  const t = useT();
  const router = useRouter();
  const [selected, setSelected] = useState((stacks.find((s) => s.name === FIRST_STACK) ?? stacks[0])?.name ?? "");
  const [filling, setFilling] = useState<string | null>(null);
  const [filled, setFilled] = useState<string[]>([]);
  const [request, setRequest] = useState("");
  // A double click (or a resent request) starts one run: the server answers the repeat with the same run.
  const keys = useRef(actionKeys()).current;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);
  const stack = stacks.find((s) => s.name === selected) ?? null;

  if (stacks.length === 0) return <p className="muted">{t.runs.noStacks}</p>;

  function insertTemplate() {
    if (!stack) return;
    const template = stack.inputs.map((i) => `${i.label}: `).join("\n");
    setRequest((r) => (r.trim() ? `${r.trimEnd()}\n\n${template}` : template));
  }

  /** Appends the campaign's approved deliverable as the input's value. */
  async function fill(label: string, from: ApprovedJson) {
    setFilling(label);
    setError(null);
    const res = await getJson<{ content: string }>(`/api/v1/runs/${from.run_id}/artifacts/${from.artifact_id}`);
    setFilling(null);
    if (!res.ok) {
      setError(t.errors.api[res.error.code] ?? res.error.message);
      return;
    }
    const block = `${label}:\n${res.data.content.trim()}`;
    setRequest((r) => (r.trim() ? `${r.trimEnd()}\n\n${block}` : block));
    setFilled((f) => [...f, label]);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!stack) return;
    setBusy(true);
    setError(null);
    const res = await callApi<RunJson>("POST", "/api/v1/runs", { thread_id: threadId, stack: stack.name, request }, { keys });
    if (res.ok) {
      router.push(`/runs/${res.data.id}`);
      return;
    }
    setBusy(false);
    if (res.error.code === "provider_not_configured") setRefused(true);
    else setError(formErrorsFrom(res.error, ["request"], t).fields.request ?? formErrorsFrom(res.error, [], t).form);
  }

  const disabled = !providerConfigured || refused;
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <fieldset>
        <legend className="field-label">{t.runs.pickStack}</legend>
        <div className="mt-1.5 grid gap-2 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
          {stacks.map((s) => {
            const checked = s.name === selected;
            return (
              <label
                key={s.name}
                className={`relative cursor-pointer rounded-lg border p-3 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-accent-600 ${
                  checked ? "border-accent-600 bg-accent-50 ring-1 ring-accent-600" : "border-stone-200 bg-white hover:border-stone-300"
                }`}
              >
                <input
                  type="radio"
                  name="stack"
                  value={s.name}
                  checked={checked}
                  onChange={() => setSelected(s.name)}
                  aria-labelledby={`stack-${s.name}-title`}
                  aria-describedby={`stack-${s.name}-desc`}
                  className="absolute inset-0 z-10 size-full cursor-pointer appearance-none rounded-lg opacity-0"
                />
                <span className="flex items-center justify-between gap-2">
                  <span id={`stack-${s.name}-title`} className="text-sm font-semibold text-stone-900">
                    {s.title}
                  </span>
                  <span aria-hidden className={`size-3.5 rounded-full border ${checked ? "border-4 border-accent-700 bg-white" : "border-stone-300 bg-white"}`} />
                </span>
                <span id={`stack-${s.name}-desc`} className="mt-1 line-clamp-3 text-xs text-stone-600">
                  {s.description}
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>

      {stack && (
        <div className="space-y-3 rounded-lg border border-stone-200 bg-stone-50 p-3 text-sm" aria-live="polite">
          <div>
            <p className="text-xs font-semibold tracking-wide text-stone-500 uppercase">{t.runs.whenToUse}</p>
            <p className="mt-1 text-stone-700">{stack.when_to_use}</p>
            {stack.name === FIRST_STACK && !hasRuns && <p className="mt-1 text-xs font-medium text-accent-800">{t.runs.startHere}</p>}
          </div>
          <div>
            <p className="text-xs font-semibold tracking-wide text-stone-500 uppercase">{t.runs.stages}</p>
            <ol className="mt-1 space-y-0.5">
              {stack.stages.map((st, i) => (
                <li key={st.id} className="flex items-baseline gap-2 text-stone-700">
                  <span className="font-mono text-xs text-stone-400">{i + 1}.</span>
                  <span className="min-w-0 flex-1">{st.title}</span>
                  <span className={`text-[11px] ${st.approval_required ? "text-amber-700" : "text-stone-400"}`}>
                    {st.approval_required ? t.runs.gated : t.runs.automatic}
                  </span>
                </li>
              ))}
            </ol>
          </div>
          {stack.inputs.length > 0 && (
            <div>
              <p className="text-xs font-semibold tracking-wide text-stone-500 uppercase">{t.runs.inputsTitle}</p>
              <p className="mt-0.5 text-xs text-stone-500">{t.runs.inputsHint}</p>
              <ul aria-label={t.runs.inputsTitle} className="mt-2 space-y-2">
                {stack.inputs.map((input) => (
                  <li key={input.name} className="flex gap-2">
                    <span aria-hidden className="mt-[0.45rem] size-1.5 shrink-0 rounded-full bg-accent-600" />
                    <span className="min-w-0">
                      <span className="font-medium text-stone-800">{input.label}</span>{" "}
                      <span className={`text-[11px] ${input.required ? "text-red-700" : "text-stone-400"}`}>
                        ({input.required ? t.common.required : t.common.optional})
                      </span>
                      {input.description && <span className="block text-xs text-stone-600">{input.description}</span>}
                      {input.from && <FillFrom input={input} approved={approved.find((a) => `${a.stack}/${a.stage_id}` === input.from)} busy={filling === input.label} done={filled.includes(input.label)} onFill={fill} />}
                    </span>
                  </li>
                ))}
              </ul>
              <button type="button" className="btn-secondary btn-sm mt-3" onClick={insertTemplate}>
                {t.runs.insertTemplate}
              </button>
            </div>
          )}
        </div>
      )}

      <div>
        <label htmlFor="run-request" className="field-label">
          {t.runs.requestLabel}
        </label>
        <textarea
          id="run-request"
          value={request}
          onChange={(e) => setRequest(e.target.value)}
          rows={6}
          aria-describedby="run-request-hint"
          aria-invalid={error ? true : undefined}
          className="input resize-y"
        />
        <p id="run-request-hint" className="field-hint">
          {t.runs.requestHint}
        </p>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
      </div>

      {disabled && <ProviderNotice text={t.provider.startDisabled} />}
      <button type="submit" className="btn-primary w-full" disabled={busy || disabled || !request.trim() || !stack}>
        {busy ? t.runs.starting : t.runs.start}
      </button>
    </form>
  );
}

function FillFrom({
  input,
  approved,
  busy,
  done,
  onFill,
}: {
  input: { label: string; from?: string };
  approved: ApprovedJson | undefined;
  busy: boolean;
  done: boolean;
  onFill: (label: string, from: ApprovedJson) => void;
}) {
  const t = useT();
  if (!approved) return <span className="mt-1 block text-[11px] text-stone-500">{t.runs.fillNone(input.from ?? "")}</span>;
  return (
    <button type="button" className="btn-secondary btn-sm mt-1.5" disabled={busy} onClick={() => onFill(input.label, approved)} data-testid={`fill-${input.from}`}>
      {busy ? t.runs.filling : done ? t.runs.filledAgain(approved.stage_title) : t.runs.fillFrom(approved.stage_title)}
    </button>
  );
}

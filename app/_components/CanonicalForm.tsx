"use client";

import { CANONICAL } from "@/lib/domain/canonical";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { useT } from "../_i18n/client";
import { callApi } from "./api";
import { fromBody, kindSpec, toBody, type CanonicalKind } from "./canonicalFields";
import { formErrorsFrom, noErrors, type FormErrors } from "./fieldErrors";
import { FormField } from "./FormField";
import { MarkdownEditor } from "./MarkdownEditor";
import { useUnsavedChanges } from "./useUnsavedChanges";

type Props = {
  kind: CanonicalKind;
  /** Field values as strings (lists joined one per line), markdown included. */
  initial: Record<string, string>;
} & (
  | { mode: "create"; brandId?: string; cancelHref: string }
  | { mode: "edit"; entityId: string }
);

/** Create or edit a brand / product: canonical fields, the markdown with live preview, the version note. */
export function CanonicalForm(props: Props) {
  const { kind, mode } = props;
  const t = useT();
  const router = useRouter();
  const spec = useMemo(() => kindSpec(kind, t), [kind, t]);
  const md = spec.markdown.name;
  const fieldNames = useMemo(() => [...spec.fields.map((f) => f.name), md, "note"], [spec, md]);

  const [baseline, setBaseline] = useState(props.initial);
  const [values, setValues] = useState(props.initial);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);

  const dirty = Object.keys(values).some((k) => values[k] !== baseline[k]);

  // The canonical can change under the form (a promotion confirmed, a version restored, then a refresh):
  // an untouched form follows the server; one with unsaved edits keeps them.
  const [seen, setSeen] = useState(props.initial);
  if (seen !== props.initial) {
    setSeen(props.initial);
    const changed = Object.keys(props.initial).some((k) => props.initial[k] !== seen[k]);
    if (changed && !dirty) {
      setBaseline(props.initial);
      setValues(props.initial);
    }
  }
  useUnsavedChanges(dirty && !leaving, t.common.unsavedConfirm);

  const set = (name: string) => (value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setSavedVersion(null);
    // The field's error stays until the next save, but not once the user has changed the field.
    setErrors((e) => (e.fields[name] ? { ...e, fields: { ...e.fields, [name]: "" } } : e));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    const body = toBody(spec.fields, md, values);
    const collection = CANONICAL[kind].collection;
    const result =
      props.mode === "create"
        ? await callApi<{ id: string }>("POST", `/api/v1/${collection}`, {
            ...(props.brandId ? { brand_id: props.brandId } : {}),
            ...body,
          })
        : await callApi<Record<string, unknown>>("PATCH", `/api/v1/${collection}/${props.entityId}`, {
            ...body,
            ...(note.trim() ? { note } : {}),
          });
    if (!result.ok) {
      setErrors(formErrorsFrom(result.error, fieldNames, t));
      setBusy(false);
      return;
    }
    if (props.mode === "create") {
      setLeaving(true);
      router.push(`/${collection}/${(result.data as { id: string }).id}`);
      return;
    }
    const saved = result.data as Record<string, unknown>;
    const savedValues = fromBody(spec.fields, md, saved);
    setBaseline(savedValues);
    setValues(savedValues);
    setNote("");
    setSavedVersion(Number(saved.canonical_version));
    setBusy(false);
    router.refresh();
  }

  const submitLabel = mode === "create" ? (busy ? t.common.creating : spec.createLabel) : busy ? t.common.saving : t.common.save;

  return (
    <form onSubmit={submit} noValidate className="space-y-6">
      <section className="card card-body" aria-labelledby={`${kind}-fields-title`}>
        <h2 id={`${kind}-fields-title`} className="section-title">
          {spec.fieldsTitle}
        </h2>
        <p className="muted mt-1">{spec.fieldsIntro}</p>
        <div className="mt-5 grid gap-5 sm:grid-cols-2">
          {spec.fields.map((f) => (
            <FormField
              key={f.name}
              id={`${kind}-${f.name}`}
              spec={f}
              value={values[f.name] ?? ""}
              onChange={set(f.name)}
              error={errors.fields[f.name]}
            />
          ))}
        </div>
      </section>

      <section className="card card-body">
        <MarkdownEditor
          id={`${kind}-${md}`}
          label={spec.markdown.label}
          hint={spec.markdown.hint}
          value={values[md] ?? ""}
          onChange={set(md)}
          error={errors.fields[md]}
        />
      </section>

      <div className="card sticky bottom-3 z-10 space-y-3 px-4 py-3 shadow-md">
        {errors.form && (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            <strong className="font-semibold">{t.errors.formTitle}</strong> {errors.form}
          </div>
        )}
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
          {props.mode === "edit" && (
            <div className="flex min-w-0 flex-1 flex-col gap-1 sm:flex-row sm:items-center sm:gap-3">
              <label htmlFor={`${kind}-note`} className="field-label shrink-0">
                {t.history.noteLabel} <span className="font-normal text-stone-500">({t.common.optional})</span>
              </label>
              <input
                id={`${kind}-note`}
                name="note"
                type="text"
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t.history.noteHint}
                aria-invalid={errors.fields.note ? true : undefined}
                aria-errormessage={errors.fields.note ? `${kind}-note-error` : undefined}
                className="input mt-0 min-w-0 flex-1"
              />
              {errors.fields.note && (
                <p id={`${kind}-note-error`} className="field-error mt-0">
                  {errors.fields.note}
                </p>
              )}
            </div>
          )}
          <div className="flex flex-wrap items-center gap-3 sm:ml-auto sm:justify-end">
            <p className="text-sm" role="status">
              {savedVersion !== null ? (
                <span className="text-accent-700">{t.common.savedAsVersion(savedVersion)}</span>
              ) : dirty ? (
                <span className="text-amber-700">{t.common.unsaved}</span>
              ) : props.mode === "edit" ? (
                <span className="text-stone-400">{t.common.noChanges}</span>
              ) : null}
            </p>
            {props.mode === "create" && (
              <Link href={props.cancelHref} className="btn-secondary">
                {t.common.cancel}
              </Link>
            )}
            <button type="submit" className="btn-primary" disabled={busy || (mode === "edit" && !dirty)}>
              {submitLabel}
            </button>
          </div>
        </div>
      </div>
    </form>
  );
}

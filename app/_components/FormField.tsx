"use client";

import { useT } from "../_i18n/client";
import type { FieldSpec } from "./canonicalFields";

interface Props {
  id: string;
  spec: FieldSpec;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

/** A labelled input or textarea with its hint and, when the API refused it, its error right below. */
export function FormField({ id, spec, value, onChange, error }: Props) {
  const t = useT();
  const hintId = spec.hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const common = {
    id,
    name: spec.name,
    value,
    "aria-describedby": hintId,
    "aria-required": spec.required || undefined,
    "aria-invalid": error ? true : undefined,
    "aria-errormessage": error ? errorId : undefined,
    className: "input",
  } as const;
  return (
    <div className={spec.wide ? "sm:col-span-2" : undefined}>
      <div className="flex items-baseline gap-1">
        <label htmlFor={id} className="field-label">
          {spec.label}
        </label>
        {spec.required && (
          <span aria-hidden className="text-sm text-red-600" title={t.common.required}>
            *
          </span>
        )}
      </div>
      {spec.multiline ? (
        <textarea {...common} rows={spec.list ? 4 : 3} onChange={(e) => onChange(e.target.value)} className="input resize-y" />
      ) : (
        <input {...common} type="text" onChange={(e) => onChange(e.target.value)} />
      )}
      {spec.hint && (
        <p id={hintId} className="field-hint">
          {spec.hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

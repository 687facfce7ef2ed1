"use client";

import { useDeferredValue } from "react";
import { useT } from "../_i18n/client";
import { Markdown } from "./Markdown";

interface Props {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

/** A markdown textarea with its sanitized preview beside it (below it on narrow screens). */
export function MarkdownEditor({ id, label, hint, value, onChange, error }: Props) {
  const t = useT();
  const preview = useDeferredValue(value);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div>
      <label htmlFor={id} className="section-title">
        {label}
      </label>
      <p id={hintId} className="field-hint">
        {hint} {t.markdown.help}
      </p>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      <div className="mt-2 grid gap-3 lg:grid-cols-2">
        <div className="flex flex-col">
          <span aria-hidden className="mb-1 text-xs font-medium tracking-wide text-stone-500 uppercase">
            {t.markdown.editor}
          </span>
          <textarea
            id={id}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            spellCheck
            aria-describedby={hintId}
            aria-invalid={error ? true : undefined}
            aria-errormessage={error ? errorId : undefined}
            className="input mt-0 min-h-80 flex-1 resize-y font-mono text-[13px] leading-relaxed"
          />
        </div>
        <section aria-label={t.markdown.preview} className="flex flex-col">
          <span aria-hidden className="mb-1 text-xs font-medium tracking-wide text-stone-500 uppercase">
            {t.markdown.preview}
          </span>
          <div
            data-testid="markdown-preview"
            className="min-h-80 flex-1 overflow-auto rounded-lg border border-stone-200 bg-stone-50/60 px-4 py-3 lg:max-h-[36rem]"
          >
            {preview.trim() ? (
              <Markdown source={preview} />
            ) : (
              <p className="text-sm text-stone-400 italic">{t.markdown.previewEmpty}</p>
            )}
          </div>
        </section>
      </div>
    </div>
  );
}

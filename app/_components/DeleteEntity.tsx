"use client";

import { CANONICAL } from "@/lib/domain/canonical";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useT } from "../_i18n/client";
import { callApi } from "./api";

interface Props {
  kind: "brand" | "product";
  id: string;
  name: string;
  /** Products of the brand / campaigns of the product: deleting then needs a cascade. */
  childCount: number;
  /** Where to go once deleted. */
  afterHref: string;
}

/** Delete with a confirm(); when the API refuses (409: it still has children) offer the cascade, with its warning. */
export function DeleteEntity({ kind, id, name, childCount, afterHref }: Props) {
  const t = useT();
  const text = t[kind];
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [needsCascade, setNeedsCascade] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const url = `/api/v1/${CANONICAL[kind].collection}/${id}`;

  async function remove(cascade: boolean) {
    if (!cascade && !window.confirm(text.deleteConfirm(name))) return;
    setBusy(true);
    setError(null);
    const result = await callApi("DELETE", cascade ? `${url}?cascade=true` : url);
    setBusy(false);
    if (result.ok) {
      router.push(afterHref);
      router.refresh();
    } else if (result.error.status === 409 && !cascade) {
      setNeedsCascade(true);
    } else {
      setError(t.errors.api[result.error.code] ?? result.error.message);
    }
  }

  return (
    <section className="card card-body border-red-200" aria-labelledby="delete-title">
      <h2 id="delete-title" className="section-title">
        {text.deleteTitle}
      </h2>
      <p className="muted mt-1">{text.deleteText}</p>
      {needsCascade ? (
        <div role="alert" className="mt-4 space-y-3 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p>{text.cascadeWarning(childCount)}</p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className="btn-danger-solid" disabled={busy} onClick={() => remove(true)}>
              {busy ? t.common.deleting : text.cascadeConfirm}
            </button>
            <button type="button" className="btn-secondary" disabled={busy} onClick={() => setNeedsCascade(false)}>
              {t.common.cancel}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="btn-danger mt-4" disabled={busy} onClick={() => remove(false)}>
          {busy ? t.common.deleting : text.deleteTitle}
        </button>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </section>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useT } from "../../_i18n/client";
import { callApi } from "../../_components/api";
import { formErrorsFrom, noErrors, type FormErrors } from "../../_components/fieldErrors";
import { FormField } from "../../_components/FormField";

/** Starts a campaign for this product, then opens it. */
export function NewThreadForm({ productId }: { productId: string }) {
  const t = useT();
  const router = useRouter();
  const [title, setTitle] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    const result = await callApi<{ id: string }>("POST", "/api/v1/threads", { product_id: productId, title });
    if (!result.ok) {
      setErrors(formErrorsFrom(result.error, ["title"], t));
      setBusy(false);
      return;
    }
    router.push(`/threads/${result.data.id}`);
  }

  return (
    <form onSubmit={submit} noValidate className="mt-4 border-t border-stone-100 pt-4">
      <h3 className="mb-3 text-sm font-semibold">{t.product.newThread}</h3>
      <FormField
        id="thread-title"
        spec={{ name: "title", label: t.product.threadTitle, hint: t.product.threadTitleHint, required: true }}
        value={title}
        onChange={setTitle}
        error={errors.fields.title}
      />
      {errors.form && !errors.fields.title && (
        <p role="alert" className="field-error">
          {errors.form}
        </p>
      )}
      <button type="submit" className="btn-primary mt-3 w-full" disabled={busy}>
        {busy ? t.common.creating : t.product.createThread}
      </button>
    </form>
  );
}

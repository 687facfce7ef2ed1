"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useT } from "../_i18n/client";
import { fillIn } from "../_i18n/format";
import { callApi } from "./api";

export type AccountMode = "signin" | "forgot" | "setup" | "invite" | "reset";

/** Only a page of this app: `?next=` must never send a signed-in user to another site (`/\evil.com`, `//evil.com`…). */
function safeNext(next: string | null): string {
  if (!next) return "/";
  const url = new URL(next, window.location.origin);
  return url.origin === window.location.origin ? url.pathname + url.search + url.hash : "/";
}

/**
 * The hosted-mode account forms: sign in, ask for a reset link, create the first owner, accept an invitation,
 * choose a new password. Each posts to its /api/v1 endpoint; the session cookie comes back HTTP-only.
 */
export function AccountForm({ mode, token, next, invite }: { mode: AccountMode; token?: string | null; next?: string | null; invite?: { email: string; hasAccount: boolean } }) {
  const t = useT().account;
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    setBusy(true);
    setError(null);
    const request =
      mode === "signin" ? callApi("POST", "/api/v1/session", { email: form.email, password: form.password })
      : mode === "forgot" ? callApi("POST", "/api/v1/password-reset", { email: form.email })
      : mode === "setup" ? callApi("POST", "/api/v1/setup", { token, email: form.email, password: form.password, name: form.name, organization: form.organization })
      : mode === "invite" ? callApi("POST", "/api/v1/invitations/accept", { token, password: form.password, name: form.name ?? "" })
      : callApi("POST", "/api/v1/password-reset/confirm", { token, password: form.password });
    const result = await request;
    setBusy(false);
    if (!result.ok) {
      setError(result.error.details.find((d) => d.path)?.issue ? `${result.error.message} (${result.error.details.map((d) => `${d.path}: ${d.issue}`).join("; ")})` : result.error.message);
      return;
    }
    if (mode === "forgot") return setDone(t.linkSent);
    if (mode === "reset") return setDone(t.passwordSaved);
    window.location.assign(safeNext(next ?? null));
  }

  if (done) {
    return (
      <div className="space-y-3">
        <p role="status" className="text-sm text-stone-700">{done}</p>
        <Link className="btn-secondary" href="/signin">{t.backToSignIn}</Link>
      </div>
    );
  }
  const needsToken = mode === "setup" || mode === "invite" || mode === "reset";
  if (needsToken && !token) return <p role="alert" className="field-error">{t.missingToken}</p>;

  const submitLabel = { signin: t.signIn, forgot: t.sendLink, setup: t.createOwner, invite: t.join, reset: t.savePassword }[mode];
  const field = (name: string, label: string, type: string, autoComplete: string, required = true) => (
    <div>
      <label htmlFor={`account-${name}`} className="field-label">{label}</label>
      <input id={`account-${name}`} name={name} type={type} autoComplete={autoComplete} required={required} minLength={type === "password" && mode !== "signin" ? 8 : undefined} className="input" />
    </div>
  );
  return (
    <form onSubmit={submit} className="space-y-4" noValidate={false}>
      {(mode === "signin" || mode === "forgot" || mode === "setup") && field("email", t.email, "email", "email")}
      {mode === "invite" && invite && <p className="text-sm text-stone-600">{invite.hasAccount ? fillIn(t.inviteExisting, { email: invite.email }) : invite.email}</p>}
      {(mode === "setup" || (mode === "invite" && !invite?.hasAccount)) && field("name", t.name, "text", "name", false)}
      {mode === "setup" && field("organization", t.organization, "text", "organization")}
      {mode !== "forgot" && field("password", mode === "signin" || invite?.hasAccount ? t.password : t.newPassword, "password", mode === "signin" || invite?.hasAccount ? "current-password" : "new-password")}
      {error && <p role="alert" className="field-error">{error}</p>}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={busy}>{submitLabel}</button>
        {mode === "signin" && <Link href="/reset" className="text-sm text-stone-600 underline">{t.forgot}</Link>}
        {mode === "forgot" && <Link href="/signin" className="text-sm text-stone-600 underline">{t.backToSignIn}</Link>}
      </div>
    </form>
  );
}

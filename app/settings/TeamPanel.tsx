"use client";

import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useT } from "../_i18n/client";
import { callApi, type ApiResult } from "../_components/api";
import { fillIn } from "../_i18n/format";

interface Me {
  user: { id: string; email: string };
  organization: { id: string; name: string; four_eyes: boolean };
  role: string;
  organizations: { id: string; name: string; role: string }[];
}
interface MemberJson { user_id: string; email: string; name: string; role: string }
interface InvitationJson { id: string; email: string; role: string; expires_at: string }
interface TokenJson { id: string; name: string; access: string; created_at: string; last_used_at: string | null; revoked_at: string | null }

const ROLES = ["owner", "editor", "approver", "viewer"];

async function getJson<T>(url: string): Promise<T | null> {
  const res = await fetch(url, { cache: "no-store" });
  return res.ok ? ((await res.json()) as T) : null;
}

/**
 * Hosted mode's people: the organization's members and roles (owners change them), invitations by link,
 * the four-eyes setting, and the signed-in person's own API tokens. Everything goes through /api/v1.
 */
export function TeamPanel({ me }: { me: Me }) {
  const t = useT().account;
  const owner = me.role === "owner";
  const [members, setMembers] = useState<MemberJson[]>([]);
  const [invitations, setInvitations] = useState<InvitationJson[]>([]);
  const [tokens, setTokens] = useState<TokenJson[]>([]);
  const [fourEyes, setFourEyes] = useState(me.organization.four_eyes);
  const [link, setLink] = useState<{ url: string; until: string } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [m, i, k] = await Promise.all([
      getJson<{ items: MemberJson[] }>("/api/v1/organization/members"),
      owner ? getJson<{ items: InvitationJson[] }>("/api/v1/organization/invitations") : Promise.resolve(null),
      getJson<{ items: TokenJson[] }>("/api/v1/tokens"),
    ]);
    setMembers(m?.items ?? []);
    setInvitations(i?.items ?? []);
    setTokens(k?.items ?? []);
  }, [owner]);
  useEffect(() => void load(), [load]);

  async function act<T>(p: Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    const r = await p;
    setError(r.ok ? null : r.error.message);
    await load();
    return r;
  }

  async function invite(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const r = await act(callApi<{ link: string; expires_at: string }>("POST", "/api/v1/organization/invitations", { email: f.email, role: f.role }));
    if (r.ok) {
      setLink({ url: r.data.link, until: new Date(r.data.expires_at).toLocaleString() });
      form.reset();
    }
  }

  /** The session continues in another organization: every page shows that one from now on. */
  async function switchTo(organizationId: string) {
    const r = await act(callApi("PATCH", "/api/v1/session", { organization_id: organizationId }));
    if (r.ok) window.location.reload();
  }

  async function createOrganization(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    const r = await act(callApi("POST", "/api/v1/organizations", { name: f.name }));
    if (r.ok) window.location.reload();
  }

  async function createToken(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const r = await act(callApi<{ secret: string }>("POST", "/api/v1/tokens", { name: f.name, access: f.access }));
    if (r.ok) {
      setSecret(r.data.secret);
      form.reset();
    }
  }

  return (
    <>
      <section aria-labelledby="team-title" className="card card-body space-y-4">
        <h2 id="team-title" className="section-title">{t.teamTitle} · {me.organization.name}</h2>
        <p className="text-sm text-stone-600">{t.teamIntro}</p>
        {error && <p role="alert" className="field-error">{error}</p>}
        <div className="flex flex-wrap items-end gap-2">
          {me.organizations.length > 1 && (
            <div>
              <label htmlFor="org-switch" className="field-label">{t.currentOrganization}</label>
              <select id="org-switch" className="input" value={me.organization.id} onChange={(e) => void switchTo(e.target.value)}>
                {me.organizations.map((o) => <option key={o.id} value={o.id}>{o.name} ({t.roles[o.role]})</option>)}
              </select>
            </div>
          )}
          <form onSubmit={createOrganization} className="flex min-w-0 flex-1 flex-wrap items-end gap-2">
            <div className="min-w-0 flex-1">
              <label htmlFor="org-new" className="field-label">{t.newOrganization}</label>
              <input id="org-new" name="name" required maxLength={100} className="input" />
            </div>
            <button type="submit" className="btn-secondary">{t.create}</button>
          </form>
        </div>
        <ul className="divide-y divide-stone-100" aria-label={t.teamTitle}>
          {members.map((m) => (
            <li key={m.user_id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="min-w-0 break-all text-sm">{m.email}{m.name ? ` · ${m.name}` : ""}</span>
              <span className="flex items-center gap-2">
                {owner ? (
                  <select aria-label={`${t.role}: ${m.email}`} className="input mt-0 w-auto" value={m.role} onChange={(e) => void act(callApi("PATCH", `/api/v1/organization/members/${m.user_id}`, { role: e.target.value }))}>
                    {ROLES.map((r) => <option key={r} value={r}>{t.roles[r]}</option>)}
                  </select>
                ) : (
                  <span className="badge">{t.roles[m.role]}</span>
                )}
                {(owner || m.user_id === me.user.id) && (
                  <button type="button" className="btn-danger btn-sm" onClick={() => void act(callApi("DELETE", `/api/v1/organization/members/${m.user_id}`))}>
                    {m.user_id === me.user.id ? t.leave : t.remove}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
        {owner && (
          <>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={fourEyes} onChange={async (e) => {
                const next = e.target.checked;
                const r = await act(callApi("PATCH", "/api/v1/organization", { four_eyes: next }));
                if (r.ok) setFourEyes(next);
              }} />
              {t.fourEyes}
            </label>
            <form onSubmit={invite} className="flex flex-wrap items-end gap-2">
              <div className="min-w-0 flex-1">
                <label htmlFor="invite-email" className="field-label">{t.email}</label>
                <input id="invite-email" name="email" type="email" required className="input" />
              </div>
              <div>
                <label htmlFor="invite-role" className="field-label">{t.role}</label>
                <select id="invite-role" name="role" className="input" defaultValue="editor">
                  {ROLES.map((r) => <option key={r} value={r}>{t.roles[r]}</option>)}
                </select>
              </div>
              <button type="submit" className="btn-primary">{t.invite}</button>
            </form>
            {link && (
              <p className="text-sm" role="status">
                {fillIn(t.inviteLink, { date: link.until })} <code data-testid="invite-link" className="break-all font-mono">{link.url}</code>
              </p>
            )}
            {invitations.length > 0 && (
              <div>
                <h3 className="text-sm font-semibold">{t.pending}</h3>
                <ul className="divide-y divide-stone-100">
                  {invitations.map((i) => (
                    <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                      <span className="break-all">{i.email} · {t.roles[i.role]}</span>
                      <button type="button" className="btn-secondary btn-sm" onClick={() => void act(callApi("DELETE", `/api/v1/organization/invitations/${i.id}`))}>{t.revoke}</button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="tokens-title" className="card card-body space-y-4">
        <h2 id="tokens-title" className="section-title">{t.tokensTitle}</h2>
        <p className="text-sm text-stone-600">{t.tokensIntro}</p>
        <form onSubmit={createToken} className="flex flex-wrap items-end gap-2">
          <div className="min-w-0 flex-1">
            <label htmlFor="token-name" className="field-label">{t.tokenName}</label>
            <input id="token-name" name="name" required maxLength={100} className="input" />
          </div>
          <div>
            <label htmlFor="token-access" className="field-label">{t.tokenAccess}</label>
            <select id="token-access" name="access" className="input" defaultValue="inherit">
              <option value="inherit">{t.accessInherit}</option>
              <option value="read">{t.accessRead}</option>
            </select>
          </div>
          <button type="submit" className="btn-primary">{t.createToken}</button>
        </form>
        {secret && (
          <p className="text-sm" role="status">{t.tokenShown} <code data-testid="token-secret" className="break-all font-mono">{secret}</code></p>
        )}
        <ul className="divide-y divide-stone-100">
          {tokens.map((k) => (
            <li key={k.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <span className="break-all">
                {k.name} · {k.access === "read" ? t.accessRead : t.accessInherit} · {t.lastUsed}: {k.last_used_at ? new Date(k.last_used_at).toLocaleString() : t.never}
              </span>
              {k.revoked_at ? <span className="badge">{t.revoked}</span> : (
                <button type="button" className="btn-danger btn-sm" onClick={() => void act(callApi("DELETE", `/api/v1/tokens/${k.id}`))}>{t.revoke}</button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

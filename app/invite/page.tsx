import type { Metadata } from "next";
import { getContainer } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import { AccountForm } from "../_components/AccountForm";
import { fillIn } from "../_i18n/format";
import { AccountPage } from "../_components/AccountPage";
import { getDictionary } from "../_i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDictionary()).t.account.inviteTitle };
}

/** An invitation link: what it offers, then a password (new, or the existing account's) to join. */
export default async function InvitePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t } = await getDictionary();
  const token = (await searchParams).token;
  const offer = typeof token === "string"
    ? await getContainer().organization.invitationByToken(token).catch((err) => {
        if (err instanceof DomainError) return err;
        throw err;
      })
    : null;
  if (!offer || offer instanceof DomainError) {
    return (
      <AccountPage title={t.account.inviteTitle} intro={offer?.message ?? t.account.missingToken}>
        <a className="btn-secondary" href="/signin">{t.account.backToSignIn}</a>
      </AccountPage>
    );
  }
  return (
    <AccountPage title={t.account.inviteTitle} intro={fillIn(t.account.inviteIntro, { org: offer.organization.name, role: t.account.roles[offer.invitation.role] })}>
      <AccountForm mode="invite" token={token as string} invite={{ email: offer.invitation.email, hasAccount: offer.hasAccount }} />
    </AccountPage>
  );
}

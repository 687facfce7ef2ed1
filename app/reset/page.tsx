import type { Metadata } from "next";
import { AccountForm } from "../_components/AccountForm";
import { AccountPage } from "../_components/AccountPage";
import { getDictionary } from "../_i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDictionary()).t.account.resetTitle };
}

/** Without a token: ask for a reset link. With the link's token: choose the new password. */
export default async function ResetPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t } = await getDictionary();
  const token = (await searchParams).token;
  return typeof token === "string" ? (
    <AccountPage title={t.account.resetTitle} intro={t.account.resetIntro}>
      <AccountForm mode="reset" token={token} />
    </AccountPage>
  ) : (
    <AccountPage title={t.account.forgot} intro={t.account.forgotIntro}>
      <AccountForm mode="forgot" />
    </AccountPage>
  );
}

import type { Metadata } from "next";
import { AccountForm } from "../_components/AccountForm";
import { AccountPage } from "../_components/AccountPage";
import { getDictionary } from "../_i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDictionary()).t.account.setupTitle };
}

/** The one-time setup link a fresh hosted deployment prints to its log. */
export default async function SetupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t } = await getDictionary();
  const token = (await searchParams).token;
  return (
    <AccountPage title={t.account.setupTitle} intro={t.account.setupIntro}>
      <AccountForm mode="setup" token={typeof token === "string" ? token : null} />
    </AccountPage>
  );
}

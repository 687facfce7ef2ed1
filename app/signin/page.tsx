import type { Metadata } from "next";
import { AccountForm } from "../_components/AccountForm";
import { AccountPage } from "../_components/AccountPage";
import { getDictionary } from "../_i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDictionary()).t.account.signInTitle };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t } = await getDictionary();
  const next = (await searchParams).next;
  return (
    <AccountPage title={t.account.signInTitle} intro={t.account.signInIntro}>
      <AccountForm mode="signin" next={typeof next === "string" ? next : null} />
    </AccountPage>
  );
}

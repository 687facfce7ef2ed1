import type { ReactNode } from "react";
import { getDictionary } from "../_i18n/server";

/** The frame of the pages one opens before signing in: no navigation, nothing of any organization. */
export async function AccountPage({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  const { t } = await getDictionary();
  return (
    <main className="mx-auto mt-10 max-w-md px-4 sm:mt-20">
      <p className="text-sm font-semibold text-stone-500">{t.app.name}</p>
      <h1 className="mt-1 text-2xl font-semibold text-stone-900">{title}</h1>
      <p className="mt-2 text-sm text-stone-600">{intro}</p>
      <div className="card mt-6"><div className="card-body">{children}</div></div>
    </main>
  );
}

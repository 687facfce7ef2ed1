import Link from "next/link";
import { AppShell } from "./_components/AppShell";
import { getDictionary } from "./_i18n/server";

export default async function NotFound() {
  const { t } = await getDictionary();
  return (
    <AppShell>
      <section className="card mx-auto max-w-lg px-6 py-10 text-center">
        <p className="font-mono text-sm text-stone-400">404</p>
        <h1 className="mt-2 text-xl font-semibold">{t.notFound.title}</h1>
        <p className="mt-2 text-stone-600">{t.notFound.text}</p>
        <Link href="/" className="btn-primary mt-6">
          {t.notFound.back}
        </Link>
      </section>
    </AppShell>
  );
}

import type { Metadata } from "next";
import type { ReactNode } from "react";
import { I18nProvider } from "./_i18n/client";
import { getDictionary } from "./_i18n/server";
import "./globals.css";

// The "VM" mark as an inline SVG, so no icon file has to be served.
const ICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0f5f63"/>' +
      '<text x="16" y="21" font-family="system-ui,sans-serif" font-size="13" font-weight="700" fill="#fff" text-anchor="middle">VM</text></svg>',
  );

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getDictionary();
  return {
    title: { default: t.app.name, template: `%s · ${t.app.name}` },
    description: t.app.tagline,
    icons: { icon: ICON },
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { lang } = await getDictionary();
  return (
    <html lang={lang}>
      <body>
        <I18nProvider lang={lang}>{children}</I18nProvider>
      </body>
    </html>
  );
}

"use client";

import { useT } from "../_i18n/client";
import { callApi } from "./api";

/** Hosted mode: ends the session on the server, then shows the sign-in page. */
export function SignOutButton({ email }: { email: string }) {
  const t = useT().account;
  return (
    <button
      type="button"
      title={email}
      className="rounded-md px-2 py-1 text-sm font-medium text-stone-600 hover:bg-stone-100 hover:text-stone-900"
      onClick={async () => {
        await callApi("DELETE", "/api/v1/session");
        window.location.assign("/signin");
      }}
    >
      {t.signOut}
    </button>
  );
}

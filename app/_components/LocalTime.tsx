"use client";

import { useSyncExternalStore } from "react";
import { useLang } from "../_i18n/client";

const subscribe = () => () => {};

/** A time in the reader's own clock; empty during server rendering, so hydration never disagrees. */
export function LocalTime({ iso, withDate = false, className }: { iso: string; withDate?: boolean; className?: string }) {
  const lang = useLang();
  const mounted = useSyncExternalStore(subscribe, () => true, () => false);
  const d = new Date(iso);
  const text = mounted
    ? new Intl.DateTimeFormat(lang, withDate ? { dateStyle: "short", timeStyle: "medium" } : { timeStyle: "medium" }).format(d)
    : "";
  return (
    <time dateTime={iso} className={className}>
      {text}
    </time>
  );
}

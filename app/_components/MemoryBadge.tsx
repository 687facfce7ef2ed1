"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { useT } from "../_i18n/client";
import { getJson } from "./api";
import { memoryBadge, type EmbedderStateJson } from "./memoryHealth";

/**
 * "memória: só palavras" (or the model's download progress) in the header, linking to the memory page
 * that explains it. While a download runs, it follows the progress.
 */
export function MemoryBadge({ initial }: { initial: EmbedderStateJson }) {
  const t = useT();
  const [embedder, setEmbedder] = useState(initial);
  const moving = embedder.state === "downloading" || embedder.state === "loading";
  useEffect(() => {
    if (!moving) return;
    const id = setInterval(async () => {
      const res = await getJson<{ embedder: EmbedderStateJson }>("/api/v1/memory/status");
      if (res.ok) setEmbedder(res.data.embedder);
    }, 2000);
    return () => clearInterval(id);
  }, [moving]);
  const label = memoryBadge(t, embedder);
  if (!label) return null;
  return (
    <Link
      href="/memory"
      data-testid="memory-badge"
      data-state={embedder.state}
      title={label}
      className="max-w-24 truncate rounded-full bg-amber-100 px-2 py-0.5 text-[11px] font-medium text-amber-900 ring-1 ring-amber-300 ring-inset hover:bg-amber-200 sm:max-w-none"
    >
      {label}
    </Link>
  );
}

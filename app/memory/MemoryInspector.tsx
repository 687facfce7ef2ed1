"use client";

import { useState, type FormEvent } from "react";
import type { EmbedderStateJson } from "../_components/memoryHealth";
import type { InspectorState, SawContext, ScopeTree } from "./inspectorTypes";
import { SawView } from "./SawView";
import { SearchForm } from "./SearchForm";
import { SearchResults } from "./SearchResults";
import { useMemorySearch } from "./useMemorySearch";

/**
 * The retrieval inspector: the same search the stages run before generating (POST /api/v1/memory/search),
 * with its scope, kinds, top-k and mode in the reader's hands. With `saw`, it sets the search up exactly
 * as an attempt's stage did and shows what that attempt recorded next to what the search returns now.
 */
export function MemoryInspector({
  tree,
  initial,
  defaultTopK,
  saw,
  embedder,
}: {
  tree: ScopeTree;
  initial: InspectorState;
  defaultTopK: number;
  saw: SawContext | null;
  /** The embedding model's state: with no vectors, the modes that need them are off, with the reason. */
  embedder: EmbedderStateJson;
}) {
  const [s, setS] = useState<InspectorState>(initial);
  const { search, busy, error, result } = useMemorySearch(initial);

  function submit(e: FormEvent) {
    e.preventDefault();
    void search(s);
    if (!saw) {
      // The URL names the search, so it can be shared or reloaded.
      const p = new URLSearchParams();
      if (s.brandId) p.set("brand", s.brandId);
      if (s.productId) p.set("product", s.productId);
      if (s.threadId) p.set("thread", s.threadId);
      if (s.query.trim()) p.set("q", s.query);
      window.history.replaceState(null, "", `/memory?${p.toString()}`);
    }
  }

  const form = (
    <SearchForm tree={tree} state={s} setState={setS} onSubmit={submit} busy={busy} error={error} defaultTopK={defaultTopK} fromAttempt={!!saw} embedder={embedder} />
  );
  if (saw) return <SawView saw={saw} form={form} result={result} busy={busy} />;
  return (
    <div className="min-w-0 space-y-6">
      {form}
      <SearchResults result={result} busy={busy} />
    </div>
  );
}

import { useCallback, useEffect, useRef, useState } from "react";
import { useT } from "../_i18n/client";
import { callApi } from "../_components/api";
import type { MemorySearchJson } from "../_components/apiTypes";
import type { InspectorState } from "./inspectorTypes";

/** POST /api/v1/memory/search for the inspector; a prefilled search (a link, an attempt) runs at once. */
export function useMemorySearch(initial: InspectorState) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<MemorySearchJson | null>(null);


  const search = useCallback(
    async (q: InspectorState) => {
      if (!q.query.trim() || !q.brandId) return;
      setBusy(true);
      setError(null);
      const res = await callApi<MemorySearchJson>("POST", "/api/v1/memory/search", {
        query: q.query,
        brand_id: q.brandId,
        ...(q.productId && { product_id: q.productId }),
        ...(q.threadId && { thread_id: q.threadId }),
        top_k: q.topK,
        source_kinds: q.kinds,
        mode: q.mode,
      });
      setBusy(false);
      if (res.ok) {
        setResult(res.data);
        return;
      }
      setResult(null);
      const details = res.error.details.map((d) => `${d.path}: ${d.issue}`).join("; ");
      setError(`${t.errors.api[res.error.code] ?? res.error.message}${details ? ` (${details})` : ""}`);
    },
    [t],
  );

  // A prefilled search (from a link, or "what the model saw") runs at once.
  const ranFirst = useRef(false);
  useEffect(() => {
    if (ranFirst.current) return;
    ranFirst.current = true;
    if (initial.query.trim() && initial.brandId) void search(initial);
  }, [initial, search]);

  return { search, busy, error, result };
}

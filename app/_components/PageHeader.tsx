import type { ReactNode } from "react";

/** The top of an entity page: what kind of thing it is, its name, a line of facts, optional actions. */
export function PageHeader({ kind, title, meta, actions }: { kind: string; title: string; meta?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-8 flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        <p className="text-xs font-semibold tracking-wide text-accent-700 uppercase">{kind}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight break-words">{title}</h1>
        {meta && <p className="muted mt-1">{meta}</p>}
      </div>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}

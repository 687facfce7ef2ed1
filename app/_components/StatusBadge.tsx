// A coloured pill for a run, stage or attempt status. The caller passes the localised label.

const TONES: Record<string, string> = {
  running: "bg-sky-50 text-sky-800 ring-sky-200",
  waiting_approval: "bg-amber-50 text-amber-900 ring-amber-300",
  paused: "bg-violet-50 text-violet-900 ring-violet-300",
  completed: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  approved: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  succeeded: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  cancelled: "bg-stone-100 text-stone-600 ring-stone-200",
  interrupted: "bg-stone-100 text-stone-600 ring-stone-200",
  skipped: "bg-stone-100 text-stone-600 ring-stone-200",
  pending: "bg-white text-stone-500 ring-stone-200",
};

const LIVE = new Set(["running"]);
const QUIET = new Set(["pending"]);

export function StatusBadge({ status, label, className = "" }: { status: string; label: string; className?: string }) {
  const tone = TONES[status] ?? TONES.pending;
  // Live statuses pulse; not-yet-started ones are faint.
  const dot = LIVE.has(status) ? "animate-pulse" : QUIET.has(status) ? "opacity-40" : "";
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tone} ${className}`}
    >
      <span
        aria-hidden
        className={`size-1.5 rounded-full bg-current ${dot}`}
      />
      {label}
    </span>
  );
}

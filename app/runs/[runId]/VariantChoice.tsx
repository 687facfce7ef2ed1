"use client";

import { useT } from "../../_i18n/client";
import type { AttemptJson } from "../../_components/apiTypes";
import { GuardBadge } from "../../_components/GuardFindings";
import { Markdown } from "../../_components/Markdown";

/**
 * A gate with variants: the versions side by side (stacked on a phone), each with the guard's verdict and
 * a choice. The gate's actions then approve or edit the chosen one.
 */
export function VariantChoice({
  stageId,
  variants,
  texts,
  chosen,
  onChoose,
}: {
  stageId: string;
  variants: AttemptJson[];
  /** Each variant's markdown, by attempt number (undefined while loading). */
  texts: Record<number, string | undefined>;
  chosen: number | null;
  onChoose: (n: number) => void;
}) {
  const t = useT();
  return (
    <fieldset className="space-y-2" data-testid="variant-choice">
      <legend className="font-semibold text-amber-950">{t.durable.variantsTitle(variants.length)}</legend>
      <p className="text-sm text-amber-900">{t.durable.variantsIntro}</p>
      <div className={`grid gap-3 ${variants.length >= 3 ? "xl:grid-cols-3" : ""} md:grid-cols-2`}>
        {variants.map((a) => {
          const letter = a.variant ?? String(a.n);
          const picked = chosen === a.n;
          return (
            <div
              key={a.n}
              data-testid="variant"
              data-variant={letter}
              className={`flex min-w-0 flex-col rounded-lg border bg-white ${picked ? "border-accent-600 ring-2 ring-accent-600" : "border-stone-200"}`}
            >
              <label className="flex cursor-pointer flex-wrap items-center gap-2 border-b border-stone-100 px-3 py-2">
                <input type="radio" name={`variant-${stageId}`} value={a.n} checked={picked} onChange={() => onChoose(a.n)} className="size-4 accent-accent-600" />
                <span className="font-semibold">{t.durable.choose(letter)}</span>
                <GuardBadge checks={a.checks} short />
              </label>
              <div className="max-h-96 overflow-auto px-3 py-2 text-sm">
                {texts[a.n] === undefined ? <p className="muted">{t.run.loadingArtifact}</p> : <Markdown source={texts[a.n]!} />}
              </div>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

import type { Brand } from "../brand";
import { CANONICAL, entityText } from "../canonical";
import type { Product } from "../product";
import type { StackStage } from "../stackDefinition";
import type { GuardInput } from "./context";

/** What the guard checks a text against: the brand (and product) canon, the request, approved upstream work, the stage's contract. */
export function guardInputOf(a: {
  brand: Brand;
  product?: Product | null;
  request: string;
  upstream: string[];
  stage?: Pick<StackStage, "required_sections" | "limits"> | null;
  lang: GuardInput["lang"];
}): Omit<GuardInput, "markdown"> {
  return {
    lang: a.lang,
    brand: { name: a.brand.name, taboos: a.brand.taboos, language: a.brand.language || "pt-BR", mutes: a.brand.guard_mutes ?? [] },
    proof: {
      canon: [entityText(CANONICAL.brand, a.brand), ...(a.product ? [entityText(CANONICAL.product, a.product)] : [])],
      request: a.request,
      upstream: a.upstream,
    },
    stage: a.stage ? { requiredSections: a.stage.required_sections ?? [], limits: a.stage.limits ?? [] } : null,
  };
}

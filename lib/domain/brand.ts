import { z } from "zod";
import { CANONICAL } from "./canonical";
import { createShapeOf, patchInputOf } from "./canonicalInput";

/** A brand's canonical fields: always injected into every generation, changed only by the user. */
export interface BrandFields {
  name: string;
  audience: string;
  tone: string;
  taboos: string[];
  promise: string;
  /** The language the brand writes in (BCP 47, e.g. pt-BR): the guard's `language` rule. */
  language: string;
  /** Guard rules or terms muted for this brand ("claim", "claim:líder"). */
  guard_mutes: string[];
}

export interface Brand extends BrandFields {
  id: string;
  /** soul.md: the brand's free-form nuance, in markdown. */
  soulMd: string;
  /** Hosted mode: the organization that owns it; null (or absent) in local mode. */
  organizationId?: string | null;
  canonicalVersion: number;
  createdAt: string;
  updatedAt: string;
}

export const brandCreateInput = z.strictObject(createShapeOf(CANONICAL.brand));
export type BrandCreateInput = BrandFieldsInput & { name: string; soul_md?: string };

export const brandPatchInput = patchInputOf(CANONICAL.brand);
export type BrandPatchInput = BrandFieldsInput & { name?: string; soul_md?: string; note?: string };

type BrandFieldsInput = Partial<Omit<BrandFields, "name">>;

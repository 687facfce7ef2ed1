import { z } from "zod";
import { markdownField, nameField, noteField, textField, MAX_NAME } from "./fieldRules";

/** A brand's canonical fields: always injected into every generation, changed only by the user. */
export interface BrandFields {
  name: string;
  audience: string;
  tone: string;
  taboos: string[];
  promise: string;
}

export interface Brand extends BrandFields {
  id: string;
  /** soul.md: the brand's free-form nuance, in markdown. */
  soulMd: string;
  canonicalVersion: number;
  createdAt: string;
  updatedAt: string;
}

const taboos = z.array(z.string().trim().min(1, "must not be empty").max(MAX_NAME)).max(100);

export const brandCreateInput = z.strictObject({
  name: nameField,
  audience: textField.optional(),
  tone: textField.optional(),
  taboos: taboos.optional(),
  promise: textField.optional(),
  soul_md: markdownField.optional(),
});
export type BrandCreateInput = z.infer<typeof brandCreateInput>;

export const brandPatchInput = z
  .strictObject({
    name: nameField.optional(),
    audience: textField.optional(),
    tone: textField.optional(),
    taboos: taboos.optional(),
    promise: textField.optional(),
    soul_md: markdownField.optional(),
    /** Why this version was saved; kept in the canonical history. */
    note: noteField.optional(),
  })
  .refine((p) => Object.keys(p).some((k) => k !== "note"), { message: "nothing to change" });
export type BrandPatchInput = z.infer<typeof brandPatchInput>;

export function brandFields(b: BrandFields): BrandFields {
  return { name: b.name, audience: b.audience, tone: b.tone, taboos: [...b.taboos], promise: b.promise };
}

import { z } from "zod";

// stacks/<name>/stack.yaml — a marketing stack: stages run in sequence, each with a markdown contract.

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lowercase letters, digits and dashes");
const relativeMd = z
  .string()
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9_./-]*\.md$/, "a relative path to a .md file")
  .refine((p) => !p.split("/").some((seg) => seg === ".." || seg === "." || seg === ""), "must stay inside the stack folder");

export const stackInputSchema = z.strictObject({
  name: slug,
  label: z.string().min(1),
  description: z.string().default(""),
  required: z.boolean().default(true),
  /**
   * "stack/stage": the campaign's approved deliverable of that stage can fill this input with one
   * click (Conversion's "Posicionamento aprovado" from foundation/positioning).
   */
  from: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}\/[a-z0-9][a-z0-9-]{0,62}$/, "stack/stage, e.g. foundation/positioning")
    .optional(),
});

/** A channel limit the brand guard checks (see lib/domain/guard/rules/length.ts). */
export const lengthLimitSchema = z
  .strictObject({
    /** How the reviewer calls it: "Título do Google Ads". */
    label: z.string().min(1).max(80),
    /** Only under this H2/H3 heading (matched without case or accents). */
    section: z.string().min(1).max(120).optional(),
    /** Only lines (or table rows) that start with this label — "Assunto", "Title tag"; what follows ":" or the next cell is measured. */
    line_prefix: z.string().min(1).max(60).optional(),
    max_line_chars: z.number().int().min(1).max(100_000).optional(),
    max_section_chars: z.number().int().min(1).max(1_000_000).optional(),
  })
  .refine((l) => l.max_line_chars !== undefined || l.max_section_chars !== undefined, { message: "give max_line_chars or max_section_chars" });

export const stackStageSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  contract: relativeMd,
  output: z.string().regex(/^[A-Za-z0-9_-]+\.md$/, "a file name such as research.md"),
  depends_on: z.array(slug).default([]),
  approval_required: z.boolean(),
  /** The H2 headings the contract demands, in order: the brand guard checks them. */
  required_sections: z.array(z.string().min(1).max(120)).max(40).default([]),
  /** Channel limits of what the stage writes (headline 30, subject 50, X post 280…). */
  limits: z.array(lengthLimitSchema).max(40).default([]),
  /** Attempts written side by side for the reviewer to choose from (headlines, ad copy); the stage always stops at its gate. */
  variants: z.number().int().min(1).max(5).default(1),
});

export const stackFileSchema = z
  .strictObject({
    name: slug,
    title: z.string().min(1),
    description: z.string().min(1),
    when_to_use: z.string().min(1),
    inputs: z.array(stackInputSchema).default([]),
    stages: z.array(stackStageSchema).min(1),
    success_criteria: z.array(z.string().min(1)).min(1),
  })
  .superRefine((stack, ctx) => {
    const seen = new Set<string>();
    stack.stages.forEach((stage, i) => {
      if (seen.has(stage.id)) {
        ctx.addIssue({ code: "custom", path: ["stages", i, "id"], message: `duplicate stage id "${stage.id}"` });
      }
      stage.depends_on.forEach((dep, j) => {
        if (!seen.has(dep)) {
          ctx.addIssue({
            code: "custom",
            path: ["stages", i, "depends_on", j],
            message: `"${dep}" is not an earlier stage of this stack`,
          });
        }
      });
      seen.add(stage.id);
    });
  });

export type StackFile = z.infer<typeof stackFileSchema>;
export type StackStage = z.infer<typeof stackStageSchema>;
export type LengthLimit = z.infer<typeof lengthLimitSchema>;

/** A valid stack with its stage contracts loaded: what a run snapshots when it starts. */
export interface Stack extends StackFile {
  /** Folder of the stack, relative to the project (e.g. stacks/foundation). */
  path: string;
  contracts: Record<string, string>;
}

/**
 * A run's stack snapshot (runs/<id>/stack.json) as this version reads it: keys added since the run was
 * started take their defaults (an older snapshot has no `variants`, `limits`…), so an old run compares
 * and re-runs like a new one.
 */
export function stackFromSnapshot(raw: unknown): Stack {
  const s = raw as Stack;
  return {
    ...s,
    stages: s.stages.map((stage) => {
      const parsed = stackStageSchema.safeParse(stage);
      return parsed.success ? parsed.data : { ...stage, variants: stage.variants ?? 1 };
    }),
  };
}

/** A stack file that could not be used, with where and why. */
export interface StackProblem {
  file: string;
  path: string;
  reason: string;
}

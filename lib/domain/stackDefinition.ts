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
});

export const stackStageSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  contract: relativeMd,
  output: z.string().regex(/^[A-Za-z0-9_-]+\.md$/, "a file name such as research.md"),
  depends_on: z.array(slug).default([]),
  approval_required: z.boolean(),
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

/** A valid stack with its stage contracts loaded: what a run snapshots when it starts. */
export interface Stack extends StackFile {
  /** Folder of the stack, relative to the project (e.g. stacks/foundation). */
  path: string;
  contracts: Record<string, string>;
}

/** A stack file that could not be used, with where and why. */
export interface StackProblem {
  file: string;
  path: string;
  reason: string;
}

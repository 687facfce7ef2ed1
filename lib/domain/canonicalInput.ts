import { z } from "zod";
import type { CanonicalField, CanonicalSpec, FieldValue } from "./canonical";
import { markdownField, MAX_NAME, nameField, noteField, textField } from "./fieldRules";

// The request schemas of a canonical kind, made from its spec (kept apart so the screens can import the
// spec without zod).

const RULES: Record<CanonicalField["rule"], z.ZodType<FieldValue>> = {
  name: nameField,
  text: textField,
  list: z.array(z.string().trim().min(1, "must not be empty").max(MAX_NAME)).max(100),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, "a language tag such as pt-BR or en"),
};

/** Every field, each optional: what a patch or a promotion may set. */
export function fieldsShape(spec: CanonicalSpec) {
  return Object.fromEntries(spec.fields.map((f) => [f.name, RULES[f.rule].optional()])) as Record<string, z.ZodOptional<z.ZodType<FieldValue>>>;
}

/** PATCH body: any field, the markdown, and a note kept in the history; something must change. */
export function patchInputOf(spec: CanonicalSpec) {
  return z
    .strictObject({ ...fieldsShape(spec), [spec.markdown.apiField]: markdownField.optional(), note: noteField.optional() })
    .refine((p) => Object.keys(p).some((k) => k !== "note"), { message: "nothing to change" });
}

/** Creation body: the name is required, every other field optional (empty by default). */
export function createShapeOf(spec: CanonicalSpec) {
  return { ...fieldsShape(spec), name: nameField, [spec.markdown.apiField]: markdownField.optional() };
}

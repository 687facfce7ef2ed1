import type { Dictionary } from "../_i18n/pt-BR";
import type { ApiError } from "./api";

export interface FormErrors {
  /** Message per form field, keyed by the API's field name ("name", "soul_md"…). */
  fields: Record<string, string>;
  /** What cannot be shown next to a field. */
  form: string | null;
}

export const noErrors: FormErrors = { fields: {}, form: null };

/**
 * Maps an API error onto a form: each detail goes to the field named by the first segment of its
 * path ("taboos.2" → taboos), localised by its code, falling back to the API's own words.
 */
export function formErrorsFrom(error: ApiError, fieldNames: readonly string[], t: Dictionary): FormErrors {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const d of error.details) {
    const field = d.path.split(".")[0];
    const text = d.code && d.limit !== undefined && t.errors.limit[d.code] ? t.errors.limit[d.code](d.limit) : (d.code && t.errors.field[d.code]) || d.issue;
    if (fieldNames.includes(field)) fields[field] ??= text;
    else rest.push(d.path ? `${d.path}: ${text}` : text);
  }
  let form: string | null = null;
  if (rest.length > 0) form = rest.join(" ");
  else if (Object.keys(fields).length > 0) form = t.errors.fixFields;
  else form = t.errors.api[error.code] ?? error.message;
  return { fields, form };
}

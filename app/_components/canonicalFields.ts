import type { Dictionary } from "../_i18n/pt-BR";

export type CanonicalKind = "brand" | "product";

/** One canonical field as the form shows it; `name` is the API's field name. */
export interface FieldSpec {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  /** Several lines of text (textarea). */
  multiline?: boolean;
  /** One list item per line, sent as a string array. */
  list?: boolean;
  /** Spans both columns of the field grid. */
  wide?: boolean;
}

export interface KindSpec {
  fields: FieldSpec[];
  markdown: { name: string; label: string; hint: string };
  fieldsTitle: string;
  fieldsIntro: string;
  createLabel: string;
}

export function kindSpec(kind: CanonicalKind, t: Dictionary): KindSpec {
  if (kind === "brand") {
    const b = t.brand;
    return {
      fields: [
        { name: "name", label: b.name, required: true, wide: true },
        { name: "audience", label: b.audience, hint: b.audienceHint, multiline: true },
        { name: "tone", label: b.tone, hint: b.toneHint, multiline: true },
        { name: "promise", label: b.promise, hint: b.promiseHint, multiline: true },
        { name: "taboos", label: b.taboos, hint: b.taboosHint, multiline: true, list: true },
      ],
      markdown: { name: "soul_md", label: b.soul, hint: b.soulHint },
      fieldsTitle: b.fieldsTitle,
      fieldsIntro: b.fieldsIntro,
      createLabel: b.create,
    };
  }
  const p = t.product;
  return {
    fields: [
      { name: "name", label: p.name, required: true },
      { name: "price", label: p.price, hint: p.priceHint },
      { name: "offer", label: p.offer, hint: p.offerHint, multiline: true },
      { name: "differentiator", label: p.differentiator, hint: p.differentiatorHint, multiline: true },
      { name: "constraints", label: p.constraints, hint: p.constraintsHint, multiline: true, wide: true },
    ],
    markdown: { name: "essence_md", label: p.essence, hint: p.essenceHint },
    fieldsTitle: p.fieldsTitle,
    fieldsIntro: p.fieldsIntro,
    createLabel: p.create,
  };
}

/** The form's values (all strings) → the API body (lists split one per line). */
export function toBody(fields: FieldSpec[], markdownName: string, values: Record<string, string>) {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name] ?? "";
    body[f.name] = f.list
      ? v
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean)
      : v;
  }
  body[markdownName] = values[markdownName] ?? "";
  return body;
}

/** An API answer (brand or product JSON) → the form's string values, so the form shows what was saved. */
export function fromBody(fields: FieldSpec[], markdownName: string, body: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of fields) {
    const v = body[f.name];
    values[f.name] = Array.isArray(v) ? v.join("\n") : typeof v === "string" ? v : "";
  }
  const md = body[markdownName];
  values[markdownName] = typeof md === "string" ? md : "";
  return values;
}

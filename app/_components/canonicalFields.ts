import { CANONICAL, type CanonicalKind } from "@/lib/domain/canonical";
import type { Dictionary } from "../_i18n/pt-BR";

export type { CanonicalKind };

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
  /** The kind's collection in the API: `/api/v1/brands`. */
  apiPath: string;
}

// The form's layout: which field goes where and which spans the grid. What the fields are (names,
// lists, prose) comes from the domain spec; their labels and hints from the dictionary.
const LAYOUT: Record<CanonicalKind, { order: string[]; wide: string[] }> = {
  brand: { order: ["name", "audience", "tone", "promise", "taboos", "language"], wide: ["name"] },
  product: { order: ["name", "price", "offer", "differentiator", "constraints"], wide: ["constraints"] },
};

export function kindSpec(kind: CanonicalKind, t: Dictionary): KindSpec {
  const spec = CANONICAL[kind];
  const text = t[kind] as unknown as Record<string, string>;
  const byName = new Map(spec.fields.map((f) => [f.name, f]));
  return {
    fields: LAYOUT[kind].order.map((name) => {
      const f = byName.get(name)!;
      return {
        name,
        label: text[name],
        hint: text[`${name}Hint`],
        required: name === "name",
        multiline: f.multiline || f.list,
        list: f.list,
        wide: LAYOUT[kind].wide.includes(name),
      };
    }),
    markdown: { name: spec.markdown.apiField, label: text[kind === "brand" ? "soul" : "essence"], hint: text[kind === "brand" ? "soulHint" : "essenceHint"] },
    fieldsTitle: text.fieldsTitle,
    fieldsIntro: text.fieldsIntro,
    createLabel: text.create,
    apiPath: `/api/v1/${spec.collection}`,
  };
}

/** An entity (brand or product) → the form's string values (lists one item per line), markdown included. */
export function formValues(kind: CanonicalKind, entity: object): Record<string, string> {
  const spec = CANONICAL[kind];
  const e = entity as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const f of spec.fields) {
    const v = e[f.name] ?? f.empty;
    values[f.name] = Array.isArray(v) ? v.join("\n") : typeof v === "string" ? v : "";
  }
  values[spec.markdown.apiField] = typeof e[spec.markdown.key] === "string" ? (e[spec.markdown.key] as string) : "";
  return values;
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

import { layout } from "./workspaceLayout";

// One spec per canonical kind (brand, product): its fields and their rules, its markdown file, where
// its files live, and the labels the model reads. Every layer — the store, the files, the API, the
// context text, memory, the forms — works from this spec, so a field or a kind is added here, not
// everywhere. It is plain data (the screens import it); the zod schemas its rules name are built in
// canonicalInput.ts.

export const CANONICAL_KINDS = ["brand", "product"] as const;
export type CanonicalKind = (typeof CANONICAL_KINDS)[number];

export type FieldValue = string | string[];
export type CanonicalFields = Record<string, FieldValue>;

export interface CanonicalField {
  /** The field's name in records, the API and the JSON mirror. */
  name: string;
  /** How the model (and memory) reads it: "- Público: …". */
  label: string;
  /** Its validation rule (canonicalInput.ts): a required name, free text, a list of short items, a language tag. */
  rule: "name" | "text" | "list" | "language";
  empty: FieldValue;
  /** One item per entry (the form shows one per line). */
  list?: boolean;
  /** Several lines of prose. */
  multiline?: boolean;
  /** Kept and versioned with the canon, but not part of what the model reads (the guard's settings). */
  hidden?: boolean;
}

export interface CanonicalSpec {
  kind: CanonicalKind;
  /** The heading of its block in the canonical text ("# Marca: Café Aurora"). */
  heading: string;
  /** `name` first: it is required on creation; the others default to empty. */
  fields: readonly CanonicalField[];
  markdown: {
    file: "soul.md" | "essence.md";
    /** Its name in the API ("soul_md"). */
    apiField: "soul_md" | "essence_md";
    /** Its name on the entity ("soulMd"). */
    key: "soulMd" | "essenceMd";
    /** Its heading in the canonical text. */
    title: string;
    /** Its short name in memory snippets ("Alma: Café Aurora"). */
    label: string;
    /** The memory source kind of its chunks. */
    sourceKind: "soul" | "essence";
  };
  /** The URL parameter naming it, and its collection in the API (/api/v1/brands). */
  param: "brandId" | "productId";
  collection: "brands" | "products";
  /** Where its files live in the workspace. */
  paths(r: { id: string; brandId?: string }): { dir: string; json: string; markdown: string };
}

export const CANONICAL: Record<CanonicalKind, CanonicalSpec> = {
  brand: {
    kind: "brand",
    heading: "Marca",
    fields: [
      { name: "name", label: "Marca", rule: "name", empty: "" },
      { name: "audience", label: "Público", rule: "text", empty: "", multiline: true },
      { name: "tone", label: "Tom de voz", rule: "text", empty: "", multiline: true },
      { name: "taboos", label: "Tabus (nunca usar)", rule: "list", empty: [], list: true },
      { name: "promise", label: "Promessa", rule: "text", empty: "", multiline: true },
      { name: "language", label: "Idioma", rule: "language", empty: "pt-BR" },
      { name: "guard_mutes", label: "Regras silenciadas da guarda", rule: "list", empty: [], hidden: true },
    ],
    markdown: { file: "soul.md", apiField: "soul_md", key: "soulMd", title: "Alma da marca (soul.md)", label: "Alma", sourceKind: "soul" },
    param: "brandId",
    collection: "brands",
    paths: (r) => ({ dir: layout.brandDir(r.id), json: layout.brandJson(r.id), markdown: layout.soul(r.id) }),
  },
  product: {
    kind: "product",
    heading: "Produto",
    fields: [
      { name: "name", label: "Produto", rule: "name", empty: "" },
      { name: "offer", label: "Oferta", rule: "text", empty: "", multiline: true },
      { name: "price", label: "Preço", rule: "text", empty: "" },
      { name: "differentiator", label: "Diferencial", rule: "text", empty: "", multiline: true },
      { name: "constraints", label: "Restrições", rule: "text", empty: "", multiline: true },
    ],
    markdown: { file: "essence.md", apiField: "essence_md", key: "essenceMd", title: "Essência do produto (essence.md)", label: "Essência", sourceKind: "essence" },
    param: "productId",
    collection: "products",
    paths: (r) => ({
      dir: layout.productDir(r.brandId!, r.id),
      json: layout.productJson(r.brandId!, r.id),
      markdown: layout.essence(r.brandId!, r.id),
    }),
  },
};

/** A canonical row (fields + version), without its markdown, which lives in its file. */
export interface CanonicalRecord {
  id: string;
  /** The owning brand, for kinds that have one (products). */
  brandId?: string;
  canonicalVersion: number;
  createdAt: string;
  updatedAt: string;
}

/** The canonical fields of a record, in the spec's order (copies, so a caller cannot alias them). */
export function fieldsOf(spec: CanonicalSpec, record: object): CanonicalFields {
  const r = record as Record<string, FieldValue | undefined>;
  return Object.fromEntries(spec.fields.map((f) => [f.name, copy(r[f.name] ?? f.empty)]));
}

const copy = (v: FieldValue): FieldValue => (Array.isArray(v) ? [...v] : v);

/** A parsed patch, split into the fields it sets and the markdown (when it sets it). */
export function splitPatch(spec: CanonicalSpec, body: Record<string, unknown>): { fields: Partial<CanonicalFields>; markdown?: string; note?: string } {
  const fields: Partial<CanonicalFields> = {};
  for (const f of spec.fields) if (body[f.name] !== undefined) fields[f.name] = body[f.name] as FieldValue;
  const markdown = body[spec.markdown.apiField] as string | undefined;
  return { fields, ...(markdown !== undefined && { markdown }), ...(typeof body.note === "string" && { note: body.note }) };
}

const line = (label: string, value: FieldValue) => {
  const text = Array.isArray(value) ? value.join("; ") : value;
  return text.trim() ? `- ${label}: ${text.trim()}\n` : "";
};

/**
 * How canonical memory is shown to the model: the same text in chat replies and in every stage's
 * Context Pack, so what the brand "is" never depends on which feature asked.
 */
export function canonicalText(spec: CanonicalSpec, fields: CanonicalFields, markdown: string): string {
  const rest = spec.fields.filter((f) => f.name !== "name" && !f.hidden);
  return (
    `# ${spec.heading}: ${fields.name}\n\n` +
    rest.map((f) => line(f.label, fields[f.name] ?? f.empty)).join("") +
    (markdown.trim() ? `\n## ${spec.markdown.title}\n\n${markdown.trim()}\n` : "")
  );
}

/** The fields as one memory chunk: "Marca: …\nPúblico: …" (empty fields left out). */
export function fieldsText(spec: CanonicalSpec, fields: CanonicalFields): string {
  return spec.fields
    .filter((f) => !f.hidden)
    .map((f) => [f.label, fields[f.name] ?? f.empty] as const)
    .map(([label, v]) => [label, Array.isArray(v) ? v.join("; ") : v] as const)
    .filter(([, v]) => v.trim())
    .map(([label, v]) => `${label}: ${v}`)
    .join("\n");
}

/** The canonical text of a whole entity (its fields and its markdown). */
export function entityText(spec: CanonicalSpec, entity: object): string {
  const markdown = (entity as Record<string, unknown>)[spec.markdown.key];
  return canonicalText(spec, fieldsOf(spec, entity), typeof markdown === "string" ? markdown : "");
}

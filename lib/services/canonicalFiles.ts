import { fieldsOf, type CanonicalRecord, type CanonicalSpec } from "../domain/canonical";
import type { FileChanges } from "../domain/ports";

// brand.json / product.json mirror the canonical fields next to the markdown, so the workspace folder
// reads on its own (and survives a lost database well enough to be recovered by hand).
const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";

/** Writes the JSON mirror, and the markdown file when `markdown` is given. */
export async function writeCanonicalFiles(files: FileChanges, spec: CanonicalSpec, record: CanonicalRecord, markdown: string | undefined) {
  const paths = spec.paths(record);
  await files.put(
    paths.json,
    json({
      id: record.id,
      ...(record.brandId !== undefined && { brand_id: record.brandId }),
      ...fieldsOf(spec, record),
      canonical_version: record.canonicalVersion,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
    }),
  );
  if (markdown !== undefined) await files.put(paths.markdown, markdown);
}

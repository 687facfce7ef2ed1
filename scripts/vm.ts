// `npm run vm -- export <file> [--brand <brand_id>]` and `npm run vm -- import <file> [--merge]`:
// the same export and import as the API, on the workspace configured by settings.yaml / VM_WORKSPACE.
// Run import with the server stopped: two processes must not write one workspace at once.
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createContainer } from "../lib/container";
import { loadSettings } from "../lib/config/settings";

async function main() {
  const [command, file, ...rest] = process.argv.slice(2);
  if (!file || (command !== "export" && command !== "import")) {
    throw new Error("usage: npm run vm -- export <file.tar.gz> [--brand <brand_id>] | import <file.tar.gz> [--merge]");
  }
  const settings = loadSettings();
  if (settings.deployment.mode === "hosted") {
    // A hosted deployment's brands belong to organizations; only the API knows whose (the importer's).
    throw new Error("hosted mode: export and import through the API as a signed-in member (GET /api/v1/workspace/export, POST /api/v1/workspace/import)");
  }
  const c = createContainer(settings);
  try {
    if (command === "export") {
      const i = rest.indexOf("--brand");
      const { stream } = await c.transfer.exportArchive(i >= 0 ? { kind: "brand", brandId: rest[i + 1] } : undefined);
      await pipeline(Readable.from(stream), fs.createWriteStream(file));
      console.log(`exported to ${file} (${fs.statSync(file).size} bytes)`);
    } else {
      const report = await c.transfer.importArchive(fs.createReadStream(file), { merge: rest.includes("--merge") });
      console.log(JSON.stringify(report, null, 2));
    }
  } finally {
    await c.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    const details = (err as { details?: unknown[] }).details;
    console.error(err instanceof Error ? err.message : err);
    if (details?.length) console.error(JSON.stringify(details, null, 2));
    process.exit(1);
  },
);

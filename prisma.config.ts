import path from "node:path";
import { defineConfig } from "prisma/config";

// Only the Prisma CLI reads this file (generate, studio, and — on a machine with internet — migrate).
// The app itself opens the database through lib/storage with the workspace chosen in settings.yaml.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
});

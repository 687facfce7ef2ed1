// The layering rules of DEVELOPERS.md as a failing check (part of `npm test`):
// app → lib/container, lib/http → lib/services → lib/engine → lib/domain; adapters implement domain ports.
const ADAPTERS = "^lib/(storage|llm|memory|telemetry)/";
module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", from: {}, to: { circular: true } },
    {
      name: "domain-imports-nothing-of-ours",
      severity: "error",
      from: { path: "^lib/domain/" },
      to: { path: "^(lib/(?!domain/)|app/|scripts/|generated/)" },
    },
    {
      name: "services-use-engine-and-domain-only",
      severity: "error",
      from: { path: "^lib/services/" },
      to: { path: "^(lib/(storage|llm|memory|config|http)/|lib/container|app/|generated/)" },
    },
    {
      name: "engine-uses-domain-only",
      severity: "error",
      from: { path: "^lib/engine/" },
      to: { path: "^(lib/(storage|llm|memory|config|http|services)/|lib/container|app/|generated/)" },
    },
    {
      name: "adapters-implement-ports-and-never-import-each-other",
      severity: "error",
      from: { path: "^lib/(storage|llm|memory|telemetry)/" },
      to: {
        path: "^(lib/(services|engine|http|config)/|lib/container|app/)",
      },
    },
    { name: "storage-not-llm-memory", severity: "error", from: { path: "^lib/storage/" }, to: { path: "^lib/(llm|memory)/" } },
    { name: "llm-not-storage-memory", severity: "error", from: { path: "^lib/llm/" }, to: { path: "^lib/(storage|memory)/" } },
    { name: "memory-not-storage-llm", severity: "error", from: { path: "^lib/memory/" }, to: { path: "^lib/(storage|llm)/" } },
    {
      name: "http-uses-domain-only",
      severity: "error",
      from: { path: "^lib/http/" },
      to: { path: "^(lib/(storage|llm|memory|services|engine)/|lib/container|app/)" },
    },
    {
      name: "config-is-a-leaf",
      severity: "error",
      from: { path: "^lib/config/" },
      to: { path: "^(lib/(?!config/)|app/)" },
    },
    {
      name: "app-goes-through-the-container",
      severity: "error",
      comment: "pages and route handlers reach use cases through lib/container, never adapters directly",
      from: { path: "^app/" },
      to: { path: `${ADAPTERS}|^lib/engine/|^generated/` },
    },
    {
      name: "only-the-container-wires-adapters",
      severity: "error",
      from: { path: "^lib/", pathNot: `^lib/container\\.ts$|${ADAPTERS}` },
      to: { path: ADAPTERS },
    },
    {
      name: "prisma-client-only-in-storage",
      severity: "error",
      from: { path: "^(lib|app)/", pathNot: "^lib/storage/" },
      to: { path: "^generated/prisma" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|generated)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};

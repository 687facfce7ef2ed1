// The layering rules of the developers' guide as a failing check (part of `npm test`):
// app → lib/container, lib/http, lib/domain; lib/services → lib/engine → lib/domain; adapters implement
// domain ports and are wired only by lib/container.ts; settings reach code only through the container.
// tests/unit/layering.test.ts runs every rule against tests/layering/<rule>/, a small tree that breaks it,
// so a rule that can no longer fail is caught.
const ADAPTERS = "^lib/(storage|llm|memory|telemetry|cluster|auth)/";
module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", from: {}, to: { circular: true } },
    {
      name: "domain-imports-nothing-of-ours",
      severity: "error",
      from: { path: "^lib/domain/" },
      to: { path: "^(lib/(?!domain/)|app/|scripts/|generated/|tests/|bench/|eval/)" },
    },
    {
      name: "services-use-engine-and-domain-only",
      severity: "error",
      from: { path: "^lib/services/" },
      to: { path: "^(lib/(storage|llm|memory|telemetry|config|http)/|lib/container|app/|generated/)" },
    },
    {
      name: "engine-uses-domain-only",
      severity: "error",
      from: { path: "^lib/engine/" },
      to: { path: "^(lib/(storage|llm|memory|telemetry|config|http|services)/|lib/container|app/|generated/)" },
    },
    {
      name: "adapters-implement-ports-and-never-import-each-other",
      severity: "error",
      from: { path: ADAPTERS },
      to: { path: "^(lib/(services|engine|http|config)/|lib/container|app/)" },
    },
    { name: "storage-not-llm-memory", severity: "error", from: { path: "^lib/storage/" }, to: { path: "^lib/(llm|memory|telemetry|cluster|auth)/" } },
    { name: "llm-not-storage-memory", severity: "error", from: { path: "^lib/llm/" }, to: { path: "^lib/(storage|memory|telemetry|cluster|auth)/" } },
    { name: "memory-not-storage-llm", severity: "error", from: { path: "^lib/memory/" }, to: { path: "^lib/(storage|llm|telemetry|cluster|auth)/" } },
    { name: "cluster-not-storage-llm-memory", severity: "error", from: { path: "^lib/cluster/" }, to: { path: "^lib/(storage|llm|memory|telemetry|auth)/" } },
    { name: "auth-not-other-adapters", severity: "error", from: { path: "^lib/auth/" }, to: { path: "^lib/(storage|llm|memory|telemetry|cluster)/" } },
    {
      name: "http-uses-domain-only",
      severity: "error",
      from: { path: "^lib/http/" },
      to: { path: "^(lib/(storage|llm|memory|telemetry|services|engine|config)/|lib/container|app/|generated/)" },
    },
    {
      name: "config-is-a-leaf",
      severity: "error",
      from: { path: "^lib/config/" },
      to: { path: "^(lib/(?!config/)|app/)" },
    },
    {
      name: "config-only-via-the-container",
      severity: "error",
      comment: "settings reach the app through lib/container (and the boot); proxy.ts and scripts/ read them directly",
      from: { path: "^(app|lib)/", pathNot: "^lib/(container|boot)\\.ts$|^lib/config/" },
      to: { path: "^lib/config/" },
    },
    {
      name: "app-goes-through-the-container",
      severity: "error",
      comment: "pages and route handlers reach use cases through lib/container, never services, the engine or adapters directly",
      from: { path: "^app/" },
      to: { path: `${ADAPTERS}|^lib/(engine|services)/|^generated/` },
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
    {
      name: "sources-never-import-tests",
      severity: "error",
      comment: "what ships never depends on tests, benchmarks or the evaluation",
      from: { path: "^(app|lib)/|^(proxy|instrumentation)\\.ts$" },
      to: { path: "^(tests|bench|eval|scripts)/" },
    },
  ],
  options: {
    // Generated code and packages are resolved (so a rule about them can fail) but not walked into.
    doNotFollow: { path: "^(node_modules|generated)/" },
    exclude: { path: "^\\.next/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};

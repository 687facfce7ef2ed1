/** True inside Next's Node.js server runtime (not the edge runtime, not `next build`'s workers). */
export function isNodeServerRuntime(): boolean {
  return process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build";
}

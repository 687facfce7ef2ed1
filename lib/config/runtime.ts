/** True while `next build` loads server code (nothing should open the workspace then). */
export function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === "phase-production-build";
}

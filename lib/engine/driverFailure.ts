import type { RunError } from "../domain/run";

const DISK_CODES = new Set(["ENOSPC", "EROFS", "EACCES", "EPERM", "EDQUOT", "EIO"]);

/**
 * What the reviewer is told when the driver itself failed (not the model): the workspace could not be
 * written, or something else went wrong on the server — both resumable with Retry once it is fixed.
 */
export function driverFailure(err: unknown, tries: number): RunError {
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  const detail = String((err as Error | undefined)?.message ?? err).split("\n").find((l) => l.trim()) ?? "unknown error";
  if (errno && DISK_CODES.has(errno)) {
    return {
      code: "storage_failure",
      message: `the workspace could not be written (${errno}), ${tries} tries`,
      hint: "Free disk space or fix the workspace folder's permissions, then Retry the stage.",
    };
  }
  return {
    code: "driver_failed",
    message: `the server could not carry on with this stage after ${tries} tries: ${detail.slice(0, 300)}`,
    hint: "Often a database that was busy or unreachable for a while. Retry resumes the stage; the server log has the details.",
  };
}

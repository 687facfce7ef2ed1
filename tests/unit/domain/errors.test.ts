import { expect, test } from "vitest";
import { DomainError } from "@/lib/domain/errors";
import { LlmError } from "@/lib/domain/llm";

// `next start` loads the server boot and each route as separate bundles: an error thrown by a service
// created at boot must still be recognised by a route's error handler (a different copy of the class).
test("errors are recognised across bundled copies of their class", () => {
  const fromOtherCopy = Object.assign(new Error("x"), { [Symbol.for("vm-studio.DomainError")]: true, code: "not_found" });
  expect(fromOtherCopy instanceof DomainError).toBe(true);
  expect(new Error("plain") instanceof DomainError).toBe(false);
  expect(new DomainError("conflict", "c") instanceof DomainError).toBe(true);
  expect(Object.assign(new Error("y"), { [Symbol.for("vm-studio.LlmError")]: true }) instanceof LlmError).toBe(true);
  expect(new DomainError("conflict", "c") instanceof LlmError).toBe(false);
});

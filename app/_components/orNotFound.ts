import { notFound } from "next/navigation";
import { DomainError } from "@/lib/domain/errors";

/** Awaits a service read; an unknown id becomes the 404 page instead of an error. */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof DomainError && err.code === "not_found") notFound();
    throw err;
  }
}

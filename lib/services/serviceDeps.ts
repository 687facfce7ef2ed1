import type { IndexingQueue } from "../domain/memory";
import type { BlobReader, Clock, Repositories, UnitOfWork } from "../domain/ports";

/** What every service is built from; lib/container.ts provides the real adapters, tests the fakes. */
export interface ServiceDeps {
  repos: Repositories;
  uow: UnitOfWork;
  blobs: BlobReader;
  clock: Clock;
  /** Told of every change to something memory indexes; indexing itself happens in the background. */
  indexing: IndexingQueue;
}

import { afterAll, beforeAll, expect, test } from "vitest";
import { objectBlobStore, sweepObjects } from "@/lib/storage/objects/objectBlobStore";
import { ObjectTransaction } from "@/lib/storage/objects/objectTransaction";
import { s3ObjectStore, type ObjectStore } from "@/lib/storage/objects/s3ObjectStore";
import { openPostgres, type Db } from "@/lib/storage/prisma/database";
import { migrateDatabase } from "@/lib/storage/prisma/openDatabase";
import { prismaUnitOfWork } from "@/lib/storage/prisma/prismaUnitOfWork";
import type { BlobReader, UnitOfWork } from "@/lib/domain/ports";
import { startHostedDeployment, type HostedDeployment } from "../support/hostedDeployment";

// The blob port on the object store and PostgreSQL, directly: a unit of work lands whole or not at all.

let d: HostedDeployment;
let db: Db;
let store: ObjectStore;
let uow: UnitOfWork;
let blobs: BlobReader;
const SOUL = "brands/brd_01ARZ3NDEKTSV4RRFFQ69G5FAV/soul.md";
const LOG = "runs/run_01ARZ3NDEKTSV4RRFFQ69G5FAV/events.jsonl";

beforeAll(async () => {
  d = await startHostedDeployment("objects");
  await migrateDatabase({ url: d.databaseUrl, workspaceDir: "/nonexistent", projectDir: process.cwd() });
  db = openPostgres(d.databaseUrl);
  store = s3ObjectStore({
    bucket: d.env.VM_S3_BUCKET,
    prefix: d.env.VM_S3_PREFIX,
    endpoint: d.env.VM_S3_ENDPOINT,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER", sessionToken: null },
  });
  uow = prismaUnitOfWork(db, () => new ObjectTransaction(store, () => new Date()));
  blobs = objectBlobStore(db, store);
});

afterAll(async () => {
  await db?.$disconnect();
  await d?.close();
});

const objects = async () => (await store.list("objects/")).map((o) => o.key).sort();

test("a file is replaced whole when its unit of work commits, and not at all when it fails", async () => {
  await uow.run(async (tx) => {
    await tx.files.put(SOUL, "# Alma\n\nprimeira\n");
    await tx.files.append(LOG, '{"seq":1}\n');
  });
  expect(await blobs.read(SOUL)).toBe("# Alma\n\nprimeira\n");
  const before = await objects();
  expect(before).toHaveLength(1);

  await expect(
    uow.run(async (tx) => {
      await tx.files.put(SOUL, "# Alma\n\nsegunda\n");
      await tx.files.append(LOG, '{"seq":2}\n');
      throw new Error("the database refused");
    }),
  ).rejects.toThrow("refused");
  // The old content, the old log, and the upload of the failed unit of work gone.
  expect(await blobs.read(SOUL)).toBe("# Alma\n\nprimeira\n");
  expect(await blobs.read(LOG)).toBe('{"seq":1}\n');
  expect(await objects()).toEqual(before);

  await uow.run(async (tx) => {
    await tx.files.put(SOUL, "# Alma\n\nterceira\n");
    await tx.files.append(LOG, '{"seq":2}\n');
    await tx.files.append(LOG, '{"seq":3}\n');
  });
  expect(await blobs.read(SOUL)).toBe("# Alma\n\nterceira\n");
  // The log renders byte for byte as appended, in order.
  expect(await blobs.read(LOG)).toBe('{"seq":1}\n{"seq":2}\n{"seq":3}\n');
  // The replaced object is deleted after the commit: one object per file.
  expect(await objects()).toHaveLength(1);
  expect(await blobs.list(["brands", "runs"])).toEqual([SOUL, LOG]);
});

test("two units of work writing the same file at once: each reader sees one of them whole, and one object remains", async () => {
  const writes = Array.from({ length: 6 }, (_, i) => uow.run(async (tx) => tx.files.put(SOUL, `versão ${i}\n`.repeat(2000))));
  await Promise.all(writes);
  const text = (await blobs.read(SOUL))!;
  expect(text).toMatch(/^(versão \d\n){2000}$/);
  expect(new Set(text.split("\n").filter(Boolean)).size).toBe(1);
  expect(await objects()).toHaveLength(1);
});

test("removing a tree drops its files and logs; paths that could escape are refused", async () => {
  await uow.run(async (tx) => tx.files.removeTree("runs/run_01ARZ3NDEKTSV4RRFFQ69G5FAV"));
  expect(await blobs.read(LOG)).toBeNull();
  for (const bad of ["../etc/passwd", "/abs", "brands//x", "brands/./x", "a\\b"]) {
    await expect(uow.run(async (tx) => tx.files.put(bad, "x"))).rejects.toThrow(/unsafe/);
    await expect(blobs.read(bad)).rejects.toThrow(/unsafe/);
  }
});

test("objects no file points at (a crash between upload and commit) are collected after the grace period, never live ones", async () => {
  await store.put("objects/brands/x/orphan.md~01ARZ3NDEKTSV4RRFFQ69G5FAV", "left behind");
  const live = await objects();
  expect(await sweepObjects(db, store, 3600_000)).toBe(0); // too young: may belong to a transaction in flight
  const later = new Date(Date.now() + 2 * 3600_000);
  expect(await sweepObjects(db, store, 3600_000, later)).toBe(1);
  expect(await objects()).toEqual(live.filter((k) => !k.includes("orphan")));
  expect(await blobs.read(SOUL)).toMatch(/^versão/);
});

test("a log written whole (an import, a new thread's empty chat) reads back as written, and appends follow it", async () => {
  const CHAT = "threads/thr_01ARZ3NDEKTSV4RRFFQ69G5FAV/chat.jsonl";
  await uow.run(async (tx) => tx.files.put(CHAT, ""));
  expect(await blobs.read(CHAT)).toBe("");
  await uow.run(async (tx) => tx.files.put(CHAT, '{"seq":1}\n{"seq":2}\n'));
  await uow.run(async (tx) => tx.files.append(CHAT, '{"seq":3}\n'));
  expect(await blobs.read(CHAT)).toBe('{"seq":1}\n{"seq":2}\n{"seq":3}\n');
  expect(await blobs.list(["threads"])).toEqual([CHAT]);
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./nextServer";

export const HOSTED_SETTINGS = path.resolve("tests/fixtures/settings.hosted.yaml");

/**
 * What hosted mode needs, started by the tests themselves from npm: an S3-protocol server (s3rver, on a
 * temp folder) and a fresh schema of the PostgreSQL server in VM_TEST_DATABASE_URL (the hosted lane of
 * .ci/run starts a throwaway cluster). No cloud, no Docker.
 */
export interface HostedDeployment {
  /** The environment of every instance of this deployment (each adds its own VM_WORKSPACE). */
  env: Record<string, string>;
  s3Dir: string;
  schema: string;
  databaseUrl: string;
  /** The first owner, created from VM_OWNER_EMAIL / VM_OWNER_PASSWORD when the first instance starts. */
  owner: { email: string; password: string };
  /** `authorization: Bearer …` of an API token of the owner (made once, over any instance's API). */
  ownerAuth(baseUrl: string): Promise<Record<string, string>>;
  /** Every object key the deployment has written (relative to the bucket). */
  objectKeys(): string[];
  close(): Promise<void>;
}

export async function startHostedDeployment(name: string): Promise<HostedDeployment> {
  const base = process.env.VM_TEST_DATABASE_URL;
  if (!base) throw new Error("the hosted suite needs a PostgreSQL server: set VM_TEST_DATABASE_URL (bash .ci/run starts one)");
  const { default: S3rver } = await import("s3rver");
  const s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-s3-"));
  const port = await freePort();
  const s3 = new S3rver({ port, address: "127.0.0.1", silent: true, directory: s3Dir, configureBuckets: [{ name: "vm-test", configs: [] }] });
  await s3.run();
  const schema = `vm_hosted_${name.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${Date.now().toString(36)}`;
  const u = new URL(base);
  u.searchParams.set("schema", schema);
  const databaseUrl = u.toString();
  const env = {
    VM_SETTINGS: HOSTED_SETTINGS,
    VM_DEPLOYMENT_MODE: "hosted",
    DATABASE_URL: databaseUrl,
    VM_S3_BUCKET: "vm-test",
    VM_S3_PREFIX: schema,
    VM_S3_ENDPOINT: `http://127.0.0.1:${port}`,
    VM_S3_FORCE_PATH_STYLE: "true",
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    VM_OWNER_EMAIL: "owner@example.com",
    VM_OWNER_PASSWORD: "owner-password-1",
  };
  const owner = { email: env.VM_OWNER_EMAIL, password: env.VM_OWNER_PASSWORD };
  let auth: Promise<Record<string, string>> | null = null;
  return {
    env,
    owner,
    ownerAuth(baseUrl) {
      auth ??= (async () => {
        const signIn = await fetch(`${baseUrl}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(owner) });
        if (signIn.status !== 200) throw new Error(`owner sign-in: ${signIn.status} ${await signIn.text()}`);
        const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
        const made = await fetch(`${baseUrl}/api/v1/tokens`, { method: "POST", headers: { "content-type": "application/json", cookie, origin: baseUrl }, body: JSON.stringify({ name: "tests" }) });
        if (made.status !== 201) throw new Error(`owner token: ${made.status} ${await made.text()}`);
        return { authorization: `Bearer ${(await made.json()).secret}` };
      })();
      return auth;
    },
    s3Dir,
    schema,
    databaseUrl,
    objectKeys() {
      const root = path.join(s3Dir, "vm-test");
      if (!fs.existsSync(root)) return [];
      return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith("._S3rver_object")).map((f) => f.replace(/\._S3rver_object$/, "")).sort();
    },
    async close() {
      await s3.close();
      fs.rmSync(s3Dir, { recursive: true, force: true });
      const plain = new URL(base);
      plain.searchParams.delete("schema");
      const client = new pg.Client({ connectionString: plain.toString() });
      await client.connect();
      for (const s of [schema, `${schema}_jobs`]) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      await client.end();
    },
  };
}

import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";

export interface S3Config {
  bucket: string;
  /** Every key this deployment writes starts with `${prefix}/`. */
  prefix: string;
  endpoint: string;
  region: string;
  forcePathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string | null };
}

/** Objects under one prefix of one bucket: the few calls hosted storage needs, keys relative to the prefix. */
export interface ObjectStore {
  put(key: string, body: string | Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  delete(keys: string[]): Promise<void>;
  /** Every object under `under` (relative keys), with when it was last written. */
  list(under: string): Promise<{ key: string; lastModified: Date }[]>;
  /** The bucket answers (readiness). */
  ping(): Promise<void>;
  /** Where LanceDB finds the same bucket and prefix, and how it signs (it has its own S3 client). */
  lanceLocation(folder: string): { uri: string; storageOptions: Record<string, string> };
}

export function s3ObjectStore(c: S3Config): ObjectStore {
  const client = new S3Client({
    region: c.region,
    ...(c.endpoint && { endpoint: c.endpoint }),
    forcePathStyle: c.forcePathStyle,
    credentials: { accessKeyId: c.credentials.accessKeyId, secretAccessKey: c.credentials.secretAccessKey, ...(c.credentials.sessionToken && { sessionToken: c.credentials.sessionToken }) },
  });
  const full = (key: string) => (c.prefix ? `${c.prefix}/${key}` : key);
  const relative = (key: string) => (c.prefix ? key.slice(c.prefix.length + 1) : key);
  return {
    async put(key, body) {
      const bytes = typeof body === "string" ? Buffer.from(body) : body;
      await client.send(new PutObjectCommand({ Bucket: c.bucket, Key: full(key), Body: bytes, ContentLength: bytes.length }));
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: c.bucket, Key: full(key) }));
        return Buffer.from(await out.Body!.transformToByteArray());
      } catch (err) {
        if (err instanceof NoSuchKey || (err as { name?: string }).name === "NoSuchKey") return null;
        throw err;
      }
    },
    async delete(keys) {
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        await client.send(new DeleteObjectsCommand({ Bucket: c.bucket, Delete: { Objects: batch.map((k) => ({ Key: full(k) })), Quiet: true } }));
      }
    },
    async list(under) {
      const out: { key: string; lastModified: Date }[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: c.bucket, Prefix: full(under), ContinuationToken: token }));
        for (const o of page.Contents ?? []) if (o.Key) out.push({ key: relative(o.Key), lastModified: o.LastModified ?? new Date(0) });
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return out;
    },
    async ping() {
      await client.send(new HeadBucketCommand({ Bucket: c.bucket }));
    },
    lanceLocation(folder) {
      const storageOptions: Record<string, string> = {
        aws_access_key_id: c.credentials.accessKeyId,
        aws_secret_access_key: c.credentials.secretAccessKey,
        region: c.region,
        aws_virtual_hosted_style_request: c.forcePathStyle ? "false" : "true",
      };
      if (c.credentials.sessionToken) storageOptions.aws_session_token = c.credentials.sessionToken;
      if (c.endpoint) {
        storageOptions.endpoint = c.endpoint;
        if (c.endpoint.startsWith("http://")) storageOptions.allow_http = "true";
      }
      return { uri: `s3://${c.bucket}/${full(folder)}`, storageOptions };
    },
  };
}

import pg from "pg";
import type { Broadcast } from "../domain/cluster";

/**
 * Broadcast on PostgreSQL LISTEN/NOTIFY: one channel, messages under its 8,000-byte payload limit (the
 * relay sends pointers for events, and draft text in pieces). A dedicated connection listens; when it
 * drops it is opened again and subscribers are told they may have missed messages (they read what they
 * missed from the tables).
 */
export function pgBroadcast(o: { connectionString: string; channel: string; log: (message: string, err?: unknown) => void }): Broadcast {
  // One connection: messages leave in the order they are published (drafts rely on it).
  const sender = new pg.Pool({ connectionString: o.connectionString, max: 1, application_name: "vm-studio-notify" });
  sender.on("error", (err) => o.log("notify connection error", err));
  const handlers = new Set<{ onMessage: (m: string) => void; onGap: () => void }>();
  let listener: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  async function listen(reconnected: boolean): Promise<void> {
    if (closed) return;
    const client = new pg.Client({ connectionString: o.connectionString, application_name: "vm-studio-listen", keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    const again = (err?: unknown) => {
      if (listener !== client) return;
      listener = null;
      client.end().catch(() => {});
      if (closed) return;
      o.log("lost the notification connection; listening again", err);
      retry = setTimeout(() => void listen(true), 500);
      retry.unref();
    };
    client.on("error", again);
    client.on("end", () => again());
    client.on("notification", (n) => {
      if (n.channel !== o.channel || n.payload === undefined) return;
      for (const h of handlers) h.onMessage(n.payload);
    });
    listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(o.channel)}`);
      if (reconnected) for (const h of handlers) h.onGap();
    } catch (err) {
      again(err);
    }
  }
  void listen(false);

  return {
    async publish(message) {
      await sender.query("SELECT pg_notify($1, $2)", [o.channel, message]);
    },
    subscribe(onMessage, onGap) {
      const h = { onMessage, onGap };
      handlers.add(h);
      return () => void handlers.delete(h);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const l = listener;
      listener = null;
      await l?.end().catch(() => {});
      await sender.end().catch(() => {});
    },
  };
}

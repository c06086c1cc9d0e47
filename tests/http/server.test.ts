import { createServer, connect, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startHttpServer, type HttpServer } from "../../src/http/server.js";
import { createLogger } from "../../src/logger.js";
import { createMetrics } from "../../src/metrics.js";
import { openPostgres } from "../../src/store/database.js";
import { createTestDatabase, testDatabaseKind } from "../support/database.js";
import { POSTGRES_SKIP_REASON } from "../support/postgres.js";

const log = createLogger("silent");
let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(checkHealth: () => Promise<boolean>, metrics = createMetrics()) {
  server = await startHttpServer({ port: 0, host: "127.0.0.1", metrics, checkHealth, log, healthTimeoutMs: 300 });
  return { base: `http://127.0.0.1:${server.port}`, metrics };
}

describe("the HTTP endpoint", () => {
  it("answers /healthz with 200 while the check passes and 503 when it fails, throws or hangs", async () => {
    let state: "up" | "down" | "throws" | "hangs" = "up";
    const { base } = await start(async () => {
      if (state === "throws") throw new Error("connection refused");
      if (state === "hangs") return new Promise<boolean>(() => {});
      return state === "up";
    });
    const health = async () => {
      const response = await fetch(`${base}/healthz`);
      return [response.status, await response.text()];
    };
    expect(await health()).toEqual([200, "ok\n"]);
    state = "down";
    expect(await health()).toEqual([503, "database unreachable\n"]);
    state = "throws";
    expect(await health()).toEqual([503, "database unreachable\n"]);
    state = "hangs";
    expect(await health()).toEqual([503, "database unreachable\n"]);
    state = "up";
    expect(await health()).toEqual([200, "ok\n"]);
  });

  it("serves the process's metrics in Prometheus text format", async () => {
    const { base, metrics } = await start(async () => true);
    metrics.answersRecorded.inc({ platform: "telegram", kind: "daily" });
    metrics.answersRecorded.inc({ platform: "telegram", kind: "daily" });
    metrics.dailyPosts.inc({ platform: "discord", result: "failed" });
    metrics.apiLatency.observe({ platform: "discord", method: "createMessage" }, 0.2);
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain("# TYPE studybot_answers_recorded_total counter");
    expect(text).toContain('studybot_answers_recorded_total{platform="telegram",kind="daily"} 2');
    expect(text).toContain('studybot_daily_posts_total{platform="discord",result="failed"} 1');
    expect(text).toContain('studybot_platform_api_seconds_bucket{le="0.25",platform="discord",method="createMessage"} 1');
    expect(text).toContain("studybot_updates_handled_total");
  });

  it("answers other paths with 404 and other methods with 405, and stops listening on close", async () => {
    const { base } = await start(async () => true);
    expect((await fetch(`${base}/`)).status).toBe(404);
    const post = await fetch(`${base}/metrics`, { method: "POST", body: "x" });
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    const head = await fetch(`${base}/healthz`, { method: "HEAD" });
    expect([head.status, await head.text()]).toEqual([200, ""]);
    await server!.close();
    server = undefined;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it(`reports the real ${testDatabaseKind()} database healthy`, async () => {
    const db = await createTestDatabase();
    try {
      const { base } = await start(() => db.ping());
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await db.dispose();
    }
  });
});

describe.runIf(testDatabaseKind() === "postgres")(`/healthz with PostgreSQL${testDatabaseKind() === "postgres" ? "" : ` (${POSTGRES_SKIP_REASON})`}`, () => {
  it("turns 503 when the database becomes unreachable and 200 when it is back", async () => {
    const db = await createTestDatabase("postgres");
    const target = new URL(db.url);
    // A TCP relay in front of PostgreSQL, to cut the network between the bot and its database.
    const relay = await startRelay(Number(target.port), target.hostname);
    const relayed = new URL(db.url);
    relayed.port = String(relay.port);
    const bot = await openPostgres(relayed.toString(), { poolSize: 2 });
    try {
      const { base } = await start(() => bot.ping());
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      relay.cut();
      expect((await fetch(`${base}/healthz`)).status).toBe(503);
      relay.restore();
      await expect.poll(async () => (await fetch(`${base}/healthz`)).status, { timeout: 10_000 }).toBe(200);
    } finally {
      relay.restore();
      await bot.close();
      await relay.close();
      await db.dispose();
    }
  });
});

interface Relay {
  port: number;
  /** Drops every connection and refuses new ones. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

async function startRelay(targetPort: number, targetHost: string): Promise<Relay> {
  let open = true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      open = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

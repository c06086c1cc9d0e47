import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";

export interface HttpServerOptions {
  /** 0 picks a free port (tests); the one in use is on the returned server. */
  port: number;
  /** Address to listen on; all interfaces when unset (a container's port mapping needs that). */
  host?: string;
  metrics: Metrics;
  /** Whether the process can do its work: the database answers. */
  checkHealth: () => Promise<boolean>;
  log: Logger;
  /** A health check that takes longer counts as failed, so a hung database reads as down. */
  healthTimeoutMs?: number;
}

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

const DEFAULT_HEALTH_TIMEOUT_MS = 3_000;

/**
 * The operations endpoint: `GET /healthz` (200 "ok", 503 when the database does not answer) for
 * liveness checks (Docker HEALTHCHECK, a load balancer) and `GET /metrics` in Prometheus text format.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const healthTimeoutMs = options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log.error({ err: error, path: request.url }, "http request failed");
      if (!response.headersSent) reply(response, 500, "text/plain; charset=utf-8", "internal error\n");
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const route = ROUTES.get(path);
    if (!route) return reply(response, 404, "text/plain; charset=utf-8", "not found\n");
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.setHeader("Allow", "GET, HEAD");
      return reply(response, 405, "text/plain; charset=utf-8", "method not allowed\n");
    }
    if (route === "health") {
      const healthy = await withTimeout(options.checkHealth(), healthTimeoutMs).catch(() => false);
      if (!healthy) options.log.warn("health check failed: the database does not answer");
      return reply(response, healthy ? 200 : 503, "text/plain; charset=utf-8", healthy ? "ok\n" : "database unreachable\n", request.method === "HEAD");
    }
    const registry = options.metrics.registry;
    return reply(response, 200, registry.contentType, await registry.metrics(), request.method === "HEAD");
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  options.log.info({ port }, "http endpoint listening (/healthz, /metrics)");
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

const ROUTES = new Map<string, "health" | "metrics">([
  ["/healthz", "health"],
  ["/metrics", "metrics"],
]);

function reply(response: ServerResponse, status: number, contentType: string, body: string, headOnly = false): void {
  response.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store" });
  response.end(headOnly ? undefined : body);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

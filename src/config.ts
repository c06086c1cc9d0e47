import { z } from "zod";
import { DEFAULT_DATABASE_URL, isPostgresUrl, isSqliteUrl } from "./store/database-url.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Environment configuration, validated once at start. */
const ConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .refine((url) => isSqliteUrl(url) || isPostgresUrl(url), "must be a file: URL (the embedded SQLite database) or a postgresql:// URL"),
  /** PostgreSQL connections per process (ignored for SQLite). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).optional(),
  /** Port of the /healthz and /metrics endpoint; off when unset. */
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  BANK_DIR: z.string().min(1).default("questions/bank"),
  QUIZ_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Every variable the bot reads (.env.example documents each). */
export const CONFIG_VARIABLES = Object.keys(ConfigSchema.shape);

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads the configuration; a missing or malformed value throws one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value is an unset one: an .env file (docker-compose env_file) lists variables left blank.
  const parsed = ConfigSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== "")));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConfigError(`invalid configuration: ${issue?.path.join(".") ?? "?"} ${issue?.message ?? ""}`.trim());
}

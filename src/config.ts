import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./store/database-url.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Environment configuration, validated once at start. */
const ConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .refine((url) => url.startsWith("file:"), "must be a file: URL (the embedded SQLite database)"),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  BANK_DIR: z.string().min(1).default("questions/bank"),
  QUIZ_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** How late a daily question may still be posted (a process that starts after a chat's time); older missed days are skipped. */
  DAILY_CATCH_UP_HOURS: z.coerce.number().min(0).max(23).default(6),
  /** Daily-question sends in flight at once per platform; the adapters' throttling keeps each platform's rate limits. */
  DAILY_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads the configuration; a missing or malformed value throws one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConfigError(`invalid configuration: ${issue?.path.join(".") ?? "?"} ${issue?.message ?? ""}`.trim());
}

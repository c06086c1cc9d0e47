import { z } from "zod";
import { DEFAULT_DATABASE_URL, isPostgresUrl, isSqliteUrl } from "./store/database-url.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** One owner: a platform and the member's numeric id there, e.g. "telegram:12345" or "discord:6789". */
const OWNER = /^(telegram|discord):\d{1,20}$/;

/** BOT_OWNERS: owners separated by commas (spaces allowed), each checked; the result is the list of "platform:id". */
const OwnersSchema = z
  .string()
  .transform((text) => text.split(",").map((entry) => entry.trim()).filter((entry) => entry !== ""))
  .refine((owners) => owners.every((owner) => OWNER.test(owner)), "must be a comma-separated list like telegram:12345,discord:123456789012345678")
  .default([]);

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
  // Telegram: the adapter starts when a token is set. The token is checked for shape only and never echoed.
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]{20,}$/, "must look like 123456789:AA… (from @BotFather)").optional(),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).optional(),
  TELEGRAM_WEBHOOK_URL: z.url({ protocol: /^https$/ }).optional(),
  TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(0).max(65_535).default(8443),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[\w-]{1,256}$/, "may hold only A-Z, a-z, 0-9, _ and -").optional(),
  // Discord: the adapter starts when DISCORD_TOKEN is set (DISCORD_APPLICATION_ID is then required).
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_APPLICATION_ID: z.string().regex(/^\d{17,20}$/, "must be the application's numeric id").optional(),
  /** Another REST base (a proxy, a test server): requests go to `${DISCORD_API_BASE}/api/v10/...`; the gateway URL comes from it too. */
  DISCORD_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  /** Run discord.js's ShardingManager: "auto" (Discord's recommendation) or a shard count. */
  DISCORD_SHARDS: z.union([z.literal("auto"), z.coerce.number().int().min(1).max(1000)]).optional(),
  /** How late a daily question may still be posted (a process that starts after a chat's time); older missed days are skipped. */
  DAILY_CATCH_UP_HOURS: z.coerce.number().min(0).max(23).default(6),
  /** Daily-question sends in flight at once per platform; the adapters' throttling keeps each platform's rate limits. */
  DAILY_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  /** The font every picture is drawn with (a CJK TrueType/OpenType font or collection); unusable: text only. */
  CHART_FONT: z.string().min(1).default("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
  /** FSRS target probability of recall when a review card comes due. */
  REVIEW_RETENTION: z.coerce.number().min(0.7).max(0.99).default(0.9),
  /** Longest interval between two reviews of a card, days. */
  REVIEW_MAX_INTERVAL_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
  /** Cards a member reviews at most per local day. */
  REVIEW_DAILY_LIMIT: z.coerce.number().int().min(1).max(1000).default(20),
  // Open-answer grading: an OpenAI-compatible endpoint, off unless both the URL and the model are set.
  GRADER_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  GRADER_MODEL: z.string().min(1).optional(),
  GRADER_API_KEY: z.string().min(1).optional(),
  /** LLM-graded answers per member per local day; beyond it the embedded grader answers. */
  GRADER_DAILY_LIMIT: z.coerce.number().int().min(0).max(10_000).default(30),
  /** The bot's owners, who see members' reports (/reports) and resolve or dismiss them: "telegram:<user id>,discord:<user id>". */
  BOT_OWNERS: OwnersSchema,
}).refine((config) => !config.DISCORD_TOKEN || config.DISCORD_APPLICATION_ID, { path: ["DISCORD_APPLICATION_ID"], message: "is required when DISCORD_TOKEN is set" });

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

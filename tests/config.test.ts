import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("loadConfig", () => {
  it("fills defaults for the embedded set-up", () => {
    expect(loadConfig({})).toEqual({ DATABASE_URL: "file:./data/studybot.db", BANK_DIR: "questions/bank", QUIZ_IDLE_MINUTES: 30, DAILY_CATCH_UP_HOURS: 6, DAILY_SEND_CONCURRENCY: 10, TELEGRAM_WEBHOOK_PORT: 8443, REVIEW_RETENTION: 0.9, REVIEW_MAX_INTERVAL_DAYS: 365, REVIEW_DAILY_LIMIT: 20, CHART_FONT: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", GRADER_DAILY_LIMIT: 30, BOT_OWNERS: [] });
  });

  it("reads BOT_OWNERS as platform ids and refuses anything else", () => {
    expect(loadConfig({ BOT_OWNERS: "telegram:12345, discord:123456789012345678" }).BOT_OWNERS).toEqual(["telegram:12345", "discord:123456789012345678"]);
    expect(() => loadConfig({ BOT_OWNERS: "telegram:alice" })).toThrow(/^invalid configuration: BOT_OWNERS /);
    expect(() => loadConfig({ BOT_OWNERS: "12345" })).toThrow(/^invalid configuration: BOT_OWNERS /);
    expect(loadConfig({ BOT_OWNERS: "telegram:12345,discord:6789" }).BOT_OWNERS).toEqual(["telegram:12345", "discord:6789"]);
    expect(() => loadConfig({ BOT_OWNERS: "slack:6789" })).toThrow(/^invalid configuration: BOT_OWNERS /);
  });

  it("reads the review settings and refuses values out of range", () => {
    expect(loadConfig({ REVIEW_RETENTION: "0.85", REVIEW_MAX_INTERVAL_DAYS: "180", REVIEW_DAILY_LIMIT: "50" })).toMatchObject({ REVIEW_RETENTION: 0.85, REVIEW_MAX_INTERVAL_DAYS: 180, REVIEW_DAILY_LIMIT: 50 });
    expect(() => loadConfig({ REVIEW_RETENTION: "1.2" })).toThrow(/^invalid configuration: REVIEW_RETENTION /);
    expect(() => loadConfig({ REVIEW_MAX_INTERVAL_DAYS: "0" })).toThrow(/^invalid configuration: REVIEW_MAX_INTERVAL_DAYS /);
    expect(() => loadConfig({ REVIEW_DAILY_LIMIT: "ten" })).toThrow(/^invalid configuration: REVIEW_DAILY_LIMIT /);
  });

  it("reads the daily scheduler settings and refuses values out of range", () => {
    expect(loadConfig({ DAILY_CATCH_UP_HOURS: "1.5", DAILY_SEND_CONCURRENCY: "25" })).toMatchObject({ DAILY_CATCH_UP_HOURS: 1.5, DAILY_SEND_CONCURRENCY: 25 });
    expect(() => loadConfig({ DAILY_CATCH_UP_HOURS: "48" })).toThrow(/^invalid configuration: DAILY_CATCH_UP_HOURS /);
    expect(() => loadConfig({ DAILY_SEND_CONCURRENCY: "0" })).toThrow(/^invalid configuration: DAILY_SEND_CONCURRENCY /);
  });

  it("accepts PostgreSQL with a pool size and an HTTP port", () => {
    for (const url of ["postgresql://bot:secret@db:5432/studybot", "postgres://bot@localhost/studybot"]) {
      expect(loadConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: "20", HTTP_PORT: "9464" })).toMatchObject({ DATABASE_URL: url, DATABASE_POOL_SIZE: 20, HTTP_PORT: 9464 });
    }
  });

  it("takes an empty value for an unset one, as an .env file from .env.example has them", () => {
    expect(loadConfig({ DATABASE_URL: "", BANK_DIR: "", QUIZ_IDLE_MINUTES: "", HTTP_PORT: "", DATABASE_POOL_SIZE: "" })).toEqual(loadConfig({}));
  });

  it("names the variable of a bad value in one line", () => {
    expect(() => loadConfig({ QUIZ_IDLE_MINUTES: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ QUIZ_IDLE_MINUTES: "0" })).toThrow(/^invalid configuration: QUIZ_IDLE_MINUTES /);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL must be a file: URL .* or a postgresql:\/\/ URL/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ HTTP_PORT: "http" })).toThrow(/HTTP_PORT/);
    expect(() => loadConfig({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_URL: "http://bot.example.com/hook" })).toThrow(/TELEGRAM_WEBHOOK_URL/);
    expect(() => loadConfig({ TELEGRAM_API_ROOT: "not a url" })).toThrow(/TELEGRAM_API_ROOT/);
  });

  it("accepts a Telegram token of the right shape and never puts it in an error", () => {
    const token = "123456789:AAE-abcdefghijklmnopqrstuvwxyz";
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: token }).TELEGRAM_BOT_TOKEN).toBe(token);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: "secret-but-wrong" })).toThrow(/^invalid configuration: TELEGRAM_BOT_TOKEN must look like/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: "secret-but-wrong" })).not.toThrow(/secret-but-wrong/);
  });

  it("reads the Discord settings: the application id goes with the token, shards are auto or a count", () => {
    const discord = { DISCORD_TOKEN: "abc", DISCORD_APPLICATION_ID: "900000000000000002" };
    expect(loadConfig({ ...discord, DISCORD_API_BASE: "http://127.0.0.1:4000", DISCORD_SHARDS: "auto" })).toMatchObject({ ...discord, DISCORD_API_BASE: "http://127.0.0.1:4000", DISCORD_SHARDS: "auto" });
    expect(loadConfig({ ...discord, DISCORD_SHARDS: "4" }).DISCORD_SHARDS).toBe(4);
    expect(() => loadConfig({ DISCORD_TOKEN: "abc" })).toThrow(/^invalid configuration: DISCORD_APPLICATION_ID is required when DISCORD_TOKEN is set$/);
    expect(() => loadConfig({ ...discord, DISCORD_SHARDS: "0" })).toThrow(/DISCORD_SHARDS/);
    expect(() => loadConfig({ ...discord, DISCORD_API_BASE: "ftp://x" })).toThrow(/DISCORD_API_BASE/);
    expect(() => loadConfig({ ...discord, DISCORD_APPLICATION_ID: "my-app" })).toThrow(/DISCORD_APPLICATION_ID must be the application's numeric id/);
  });
});

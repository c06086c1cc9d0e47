import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("loadConfig", () => {
  it("fills defaults for the embedded set-up", () => {
    expect(loadConfig({})).toEqual({ DATABASE_URL: "file:./data/studybot.db", BANK_DIR: "questions/bank", QUIZ_IDLE_MINUTES: 30, TELEGRAM_WEBHOOK_PORT: 8443 });
  });

  it("names the variable of a bad value in one line", () => {
    expect(() => loadConfig({ QUIZ_IDLE_MINUTES: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ QUIZ_IDLE_MINUTES: "0" })).toThrow(/^invalid configuration: QUIZ_IDLE_MINUTES /);
    expect(() => loadConfig({ DATABASE_URL: "postgresql://x" })).toThrow(/DATABASE_URL must be a file: URL/);
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
});

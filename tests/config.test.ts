import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("loadConfig", () => {
  it("fills defaults for the embedded set-up", () => {
    expect(loadConfig({})).toEqual({ DATABASE_URL: "file:./data/studybot.db", BANK_DIR: "questions/bank", QUIZ_IDLE_MINUTES: 30, DAILY_CATCH_UP_HOURS: 6, DAILY_SEND_CONCURRENCY: 10 });
  });

  it("reads the daily scheduler settings and refuses values out of range", () => {
    expect(loadConfig({ DAILY_CATCH_UP_HOURS: "1.5", DAILY_SEND_CONCURRENCY: "25" })).toMatchObject({ DAILY_CATCH_UP_HOURS: 1.5, DAILY_SEND_CONCURRENCY: 25 });
    expect(() => loadConfig({ DAILY_CATCH_UP_HOURS: "48" })).toThrow(/^invalid configuration: DAILY_CATCH_UP_HOURS /);
    expect(() => loadConfig({ DAILY_SEND_CONCURRENCY: "0" })).toThrow(/^invalid configuration: DAILY_SEND_CONCURRENCY /);
  });

  it("names the variable of a bad value in one line", () => {
    expect(() => loadConfig({ QUIZ_IDLE_MINUTES: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ QUIZ_IDLE_MINUTES: "0" })).toThrow(/^invalid configuration: QUIZ_IDLE_MINUTES /);
    expect(() => loadConfig({ DATABASE_URL: "postgresql://x" })).toThrow(/DATABASE_URL must be a file: URL/);
    expect(() => loadConfig({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });
});

import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("loadConfig", () => {
  it("fills defaults for the embedded set-up", () => {
    expect(loadConfig({})).toEqual({ DATABASE_URL: "file:./data/studybot.db", BANK_DIR: "questions/bank", QUIZ_IDLE_MINUTES: 30 });
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
  });
});

import { describe, expect, it } from "vitest";
import { isPostgresUrl, isSqliteUrl, redactedDatabaseUrl } from "../../src/store/database-url.js";

describe("database URLs", () => {
  it("tell SQLite from PostgreSQL", () => {
    expect([isSqliteUrl("file:./data/studybot.db"), isPostgresUrl("file:./data/studybot.db")]).toEqual([true, false]);
    expect(["postgresql://u@h/db", "postgres://u@h/db", "mysql://u@h/db"].map(isPostgresUrl)).toEqual([true, true, false]);
  });

  it("mask the password for logs", () => {
    expect(redactedDatabaseUrl("postgresql://bot:s3cret@db:5432/studybot?sslmode=require")).toBe("postgresql://bot:***@db:5432/studybot?sslmode=require");
    expect(redactedDatabaseUrl("postgresql://bot@db/studybot")).toBe("postgresql://bot@db/studybot");
    expect(redactedDatabaseUrl("file:./data/studybot.db")).toBe("file:./data/studybot.db");
  });
});

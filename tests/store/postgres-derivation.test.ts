import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runPrisma } from "../../src/store/migrate.js";
import { derivePostgresSchema, migrationRisks, postgresDrift, SQLITE_SCHEMA } from "../../src/store/postgres-derivation.js";
import { createTestDatabase, testDatabaseKind } from "../support/database.js";
import { POSTGRES_SKIP_REASON } from "../support/postgres.js";

describe("the derived PostgreSQL schema and migrations", () => {
  it("are current with prisma/schema.prisma and prisma/migrations (else run npm run db:derive-postgres)", () => {
    expect(postgresDrift()).toEqual([]);
  });

  it("differ from the source only in provider and client output", () => {
    const source = readFileSync(SQLITE_SCHEMA, "utf8");
    const derived = derivePostgresSchema(source);
    expect(derived).toContain('provider = "postgresql"');
    expect(derived).toContain('"../../src/generated/prisma-pg"');
    expect(derived.split("\n").slice(1).join("\n").replace('provider = "postgresql"', 'provider = "sqlite"').replace("../../src/generated/prisma-pg", "../src/generated/prisma")).toBe(source);
    expect(() => derivePostgresSchema(source.replace("String?", "String? @db.VarChar(10)"))).toThrow(/native type @db.VarChar/);
    expect(() => derivePostgresSchema(source.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(/provider = "sqlite"/);
  });

  it("flag statements that are unsafe on a live PostgreSQL database", () => {
    expect(migrationRisks('ALTER TABLE "Chat" ADD COLUMN "mode" TEXT NOT NULL DEFAULT \'choice\';')).toEqual([]);
    expect(migrationRisks('ALTER TABLE "Chat" ADD COLUMN "zone" TEXT NOT NULL;')).toContainEqual(expect.stringMatching(/NOT NULL column without a default/));
    expect(migrationRisks('ALTER TABLE "Chat" ALTER COLUMN "title" SET NOT NULL;')).toContainEqual(expect.stringMatching(/backfill/));
    expect(migrationRisks("UPDATE \"Chat\" SET \"title\" = 'a;b';")).toContainEqual(expect.stringMatching(/split by the adapter/));
    expect(migrationRisks("CREATE TYPE \"Mode\" AS ENUM ('a', 'b');")).toContainEqual(expect.stringMatching(/not idempotent/));
    expect(migrationRisks('ALTER TABLE "Chat" DROP COLUMN "title";')).toContainEqual(expect.stringMatching(/drops data/));
    expect(migrationRisks('-- no schema change; data only\nUPDATE "Chat" SET "title" = NULL;')).toContainEqual(expect.stringMatching(/inside a comment/));
    expect(migrationRisks('-- data only\nUPDATE "Chat" SET "title" = NULL; -- done')).toEqual([]);
  });
});

describe.runIf(testDatabaseKind() === "postgres")(`PostgreSQL migrations${testDatabaseKind() === "postgres" ? "" : ` (${POSTGRES_SKIP_REASON})`}`, () => {
  it("build exactly the derived schema (migrate diff from the migrations on a shadow database)", async () => {
    const db = await createTestDatabase("postgres");
    try {
      const diff = await runPrisma(["migrate", "diff", "--from-migrations", "prisma/postgres/migrations", "--to-schema-datamodel", "prisma/postgres/schema.prisma", "--exit-code"], db.url);
      expect(diff.stdout).toContain("No difference detected");
    } finally {
      await db.dispose();
    }
  });
});

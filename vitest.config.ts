import { defineConfig } from "vitest/config";

/**
 * Two projects: every test against SQLite, and the database-backed tests again against PostgreSQL
 * when TEST_POSTGRES_URL names a server (.ci/run starts one; tests create their databases on it).
 * Test files choose nothing: tests/support/database.ts `createTestDatabase()` opens the project's kind.
 */
const POSTGRES_URL = process.env.TEST_POSTGRES_URL;

// Tests with no database (pure functions, the bank, rendering) gain nothing from a second run.
const WITHOUT_DATABASE = ["tests/bank/**", "tests/grader/**", "tests/engine/practice/**", "tests/grade-cli.test.ts", "tests/presenter/**", "tests/i18n/**", "tests/platform-limits.test.ts", "tests/config.test.ts", "tests/env-example.test.ts", "tests/main.test.ts"];

if (!POSTGRES_URL && !process.env.STUDYBOT_POSTGRES_SKIP_SAID) {
  process.env.STUDYBOT_POSTGRES_SKIP_SAID = "1"; // vitest reads this file more than once
  process.stderr.write("TEST_POSTGRES_URL is not set: the PostgreSQL test project is skipped (.ci/run sets it; see the README, PostgreSQL)\n");
}

export default defineConfig({
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "sqlite", include: ["tests/**/*.test.ts"], provide: { databaseKind: "sqlite" } } },
      ...(POSTGRES_URL
        ? [{ extends: true as const, test: { name: "postgres", include: ["tests/**/*.test.ts"], exclude: WITHOUT_DATABASE, provide: { databaseKind: "postgres" as const } } }]
        : []),
    ],
  },
});

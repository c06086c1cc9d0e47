/** Names of the PostgreSQL databases the test suite makes on the server of TEST_POSTGRES_URL. */
export const TEST_DATABASE_PREFIX = "studybot_test_";
export const TEMPLATE_DATABASE_PREFIX = "studybot_template_";

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Why the PostgreSQL variants did not run, for a skipped test's name. */
export const POSTGRES_SKIP_REASON = "TEST_POSTGRES_URL is not set: PostgreSQL variants skipped (.ci/run sets it; see the README, PostgreSQL)";

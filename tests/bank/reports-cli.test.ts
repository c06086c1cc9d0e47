import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadBank } from "../../src/bank/load.js";
import { createSearch } from "../../src/bank/search.js";
import { Engine } from "../../src/engine/engine.js";
import { TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db.dispose());

function run(env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("npx", ["tsx", "src/bank/reports-cli.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("npm run questions:reports", () => {
  it("prints the open reports as one JSON object, newest first, with the revision each was reported on", async () => {
    const loaded = loadBank();
    const engine = new Engine({ bank: { ...loaded, search: createSearch(loaded.questions) }, store: db.store, reports: db.stores.reports, clock: new TestClock("2026-05-01T02:00:00Z") });
    const [first, second] = loaded.questions as [(typeof loaded.questions)[0], (typeof loaded.questions)[0]];
    await engine.reports.report({ platform: "telegram", externalId: "11", displayName: "alice" }, first.id, "wrong", "第二段不对");
    const closed = await engine.reports.report({ platform: "discord", externalId: "12", displayName: "bob" }, second.id, "typo");
    await db.prisma.questionReport.update({ where: { id: closed.ok ? closed.value.report.id : 0 }, data: { status: "dismissed", openKey: null } });

    const { status, stdout, stderr } = await run({ DATABASE_URL: db.url });
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const printed = JSON.parse(stdout) as { open: number; reports: Record<string, unknown>[] };
    expect(printed.open).toBe(1);
    expect(printed.reports[0]).toMatchObject({ questionId: first.id, prompt: first.prompt, reason: "wrong", text: "第二段不对", reporter: { platform: "telegram", id: "11", name: "alice" }, reporters: 1, revision: first.revision, currentRevision: first.revision, changedSince: false });
  }, 60_000);
});

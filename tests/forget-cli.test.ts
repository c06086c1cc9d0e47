import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../src/engine/engine.js";
import type { ChatRef, MemberRef } from "../src/engine/types.js";
import { fixtureBank } from "./support/bank.js";
import { seededRandom, TestClock } from "./support/clock.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const chat: ChatRef = { platform: "telegram", externalId: "-100" };
const ann: MemberRef = { platform: "telegram", externalId: "42", displayName: "ann" };
const bo: MemberRef = { platform: "telegram", externalId: "43", displayName: "bo" };

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db.dispose());

function forget(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(path.join(ROOT, "node_modules", ".bin", "tsx"), ["src/forget-cli.ts", ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "silent" } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run member:forget", () => {
  it("erases a member as /forgetme does; unknown members and bad arguments exit non-zero", async () => {
    const engine = new Engine({ bank: fixtureBank(), store: db.store, review: db.stores.review, identity: db.stores.identity, clock: new TestClock("2026-05-04T02:00:00Z"), random: seededRandom(3) });
    const daily = await engine.currentDaily(chat);
    if (!daily.ok) throw new Error(daily.code);
    const input = daily.value.daily.mode === "choice" ? ({ kind: "choice", index: 0 } as const) : ({ kind: "recall", grade: "know" } as const);
    for (const member of [ann, bo]) expect((await engine.answerDaily(chat, member, input)).ok).toBe(true);
    const answers = await db.prisma.dailyAnswer.count();

    const done = await forget("telegram:42");
    expect(done).toMatchObject({ code: 0, stdout: "forgot telegram:42: 1 identities deleted, 1 answers in chats kept anonymised\n" });
    expect(await db.prisma.member.findFirst({ where: { platform: "telegram", externalId: "42" } })).toBeNull();
    expect(await db.prisma.dailyAnswer.count()).toBe(answers);
    expect(await db.prisma.scoreTotal.count({ where: { member: { displayName: "ann" } } })).toBe(0);
    expect(await db.prisma.scoreTotal.count({ where: { member: { displayName: "bo" } } })).toBeGreaterThan(0);

    expect(await forget("telegram:42")).toMatchObject({ code: 1, stderr: "no member telegram:42 in this database\n" });
    expect((await forget("nowhere")).code).toBe(2);
  }, 60_000);
});

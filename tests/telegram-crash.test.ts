import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBot, type BotProcess } from "./support/bot-process.js";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "./support/database.js";
import { buttonPress, FakeTelegram, GROUP, textMessage, user, type RecordedCall } from "./support/fake-telegram.js";

/**
 * The real bot process (`node --import tsx src/main.ts`) long-polling the fake Bot API, which keeps
 * Telegram's offset semantics (an update is confirmed only by a later getUpdates offset, else sent
 * again), SIGKILLed in the middle of a burst of button presses, then started again: every press must
 * end up recorded exactly once, the counts must agree, and no press is toasted twice.
 */
const MEMBERS = Array.from({ length: 40 }, (_, i) => user(3000 + i, { first_name: `P${i}` }));

let fake: FakeTelegram;
let db: TestDatabase;
const bots: BotProcess[] = [];

beforeEach(async () => {
  fake = new FakeTelegram();
  await fake.start();
  db = await createTestDatabase();
});

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop(1_000);
  await fake.stop();
  await db.dispose();
});

const env = () => ({ DATABASE_URL: db.url, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, DATABASE_POOL_SIZE: "4" });

async function start(): Promise<BotProcess> {
  const bot = await startBot({ env: env(), direct: true, ready: (line) => line.msg === "telegram long polling", timeoutMs: 60_000 });
  bots.push(bot);
  return bot;
}

const exited = (bot: BotProcess) => new Promise<void>((resolve) => (bot.child.exitCode !== null || bot.child.signalCode !== null ? resolve() : bot.child.once("exit", () => resolve())));
const toasts = () => fake.callsOf("answerCallbackQuery");

/** Posts today's question with /daily and returns the callback data of its first answer button. */
async function postDaily(): Promise<string> {
  fake.push(textMessage(GROUP, MEMBERS[0]!, "/daily"));
  const post = await fake.until((calls) => calls.find((c) => c.method === "sendMessage" && c.payload.reply_markup), 20_000);
  const keyboard = post.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] };
  return keyboard.inline_keyboard.flat()[0]!.callback_data;
}

/** Everything the burst should have left: one answer per member, counts that agree, at most one toast per press. */
async function expectEveryPressOnce(pressIds: string[]): Promise<void> {
  await expect.poll(() => db.prisma.dailyAnswer.count(), { timeout: 40_000, interval: 200 }).toBe(MEMBERS.length);
  await expect.poll(async () => (await db.inbox.pending("telegram")).length, { timeout: 20_000, interval: 200 }).toBe(0);
  const answers = await db.prisma.dailyAnswer.findMany({ include: { member: true } });
  expect(new Set(answers.map((a) => a.member.externalId)).size).toBe(MEMBERS.length);
  const daily = await db.prisma.dailyQuestion.findFirstOrThrow();
  expect(daily.answerCount).toBe(MEMBERS.length);
  const stats = await db.prisma.memberStats.findMany();
  expect(stats.map((s) => s.dailyAnswers).sort()).toEqual(MEMBERS.map(() => 1));
  const week = await db.prisma.scoreTotal.findMany({ where: { period: "all" } });
  const points = new Map(answers.map((a) => [a.memberId, a.points]));
  expect(week).toHaveLength(MEMBERS.length);
  for (const total of week) expect(total.points).toBe(points.get(total.memberId));
  const perPress = new Map<string, number>();
  for (const call of toasts()) perPress.set(String(call.payload.callback_query_id), (perPress.get(String(call.payload.callback_query_id)) ?? 0) + 1);
  for (const id of pressIds) expect(perPress.get(id) ?? 0).toBeLessThanOrEqual(1);
}

type KillPoint = "fetch" | "handling" | "toast";

async function crashMidBurst(point: KillPoint): Promise<{ toastsBeforeKill: number }> {
  const first = await start();
  const data = await postDaily();
  let killed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    first.child.kill("SIGKILL");
  };
  if (point === "fetch") {
    // The batch of presses has just gone out: the bot is reading it, storing it, or about to.
    fake.onUpdatesSent = (updates) => updates.some((u) => u.callback_query) && kill();
  } else if (point === "handling") {
    fake.onRequest = (call: RecordedCall) => call.method === "answerCallbackQuery" && toasts().length >= MEMBERS.length / 3 && kill();
  } else {
    // A toast is on its way: killed before the fake answers it.
    fake.onRequest = (call: RecordedCall) => call.method === "answerCallbackQuery" && toasts().length >= 5 && kill();
  }
  const presses = MEMBERS.map((member) => fake.push(buttonPress(GROUP, member, 1, data)));
  await exited(first);
  expect(killed).toBe(true);
  const toastsBeforeKill = toasts().length;
  delete fake.onRequest;
  delete fake.onUpdatesSent;
  const second = await start();
  try {
    await expectEveryPressOnce(presses.map((p) => p.callback_query!.id));
  } catch (error) {
    throw new Error(`${(error as Error).message}\nthe restarted bot logged:\n${second.logs().map((l) => JSON.stringify(l)).slice(-40).join("\n")}`);
  }
  return { toastsBeforeKill };
}

// Each case starts the bot twice; on PostgreSQL (the restarted process waits out the dead one's poller lease) one case runs.
const sqlite = testDatabaseKind() === "sqlite";

describe("SIGKILL mid-burst (a real bot process, the fake Bot API's offset semantics)", () => {
  it.runIf(sqlite)("killed while fetching a batch: every press is recorded once after the restart", async () => {
    const { toastsBeforeKill } = await crashMidBurst("fetch");
    expect(toastsBeforeKill).toBe(0);
  }, 120_000);

  it("killed while handling the burst: nothing is lost, nothing counted twice", async () => {
    const { toastsBeforeKill } = await crashMidBurst("handling");
    expect(toastsBeforeKill).toBeGreaterThan(0);
    expect(toastsBeforeKill).toBeLessThan(MEMBERS.length);
  }, 120_000);

  it.runIf(sqlite)("killed while a toast is in flight: that press is not toasted again, and still recorded once", async () => {
    await crashMidBurst("toast");
  }, 120_000);
});

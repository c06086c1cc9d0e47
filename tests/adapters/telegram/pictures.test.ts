import { existsSync } from "node:fs";
import { PNG } from "pngjs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CHART_FONT, WorkerChartRenderer } from "../../../src/charts/renderer.js";
import { Engine } from "../../../src/engine/engine.js";
import { fixtureBank } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { FakeTelegram, GROUP, textMessage, user, type UploadedFile } from "../../support/fake-telegram.js";
import { runTelegramBot, type RunningTestBot } from "../../support/telegram-bot.js";

const alice = user(11, { first_name: "Alice" });
const admin = user(12, { first_name: "Ada" });
const bob = user(13, { first_name: "Bob" });

let fake: FakeTelegram;
let db: TestDatabase;
let telegram: RunningTestBot;
let charts: WorkerChartRenderer;

beforeAll(async () => {
  fake = new FakeTelegram();
  await fake.start();
  charts = new WorkerChartRenderer({ fontFile: DEFAULT_CHART_FONT });
});
afterAll(async () => {
  await charts.close();
  await fake.stop();
});

beforeEach(async () => {
  fake.reset();
  db = await createTestDatabase();
  const clock = new TestClock("2026-05-01T02:00:00Z");
  const engine = new Engine({ bank: fixtureBank(), store: db.store, progress: db.stores.progress, charts, clock, random: seededRandom(7) });
  telegram = await runTelegramBot(fake, engine);
});
afterEach(async () => {
  await telegram.stop();
  await db.dispose();
});

describe.runIf(existsSync(DEFAULT_CHART_FONT))("pictures on Telegram", () => {
  it("/stats in a group answers with a photo, the stats as its caption, in reply to the command", async () => {
    const before = fake.calls.length;
    fake.push(textMessage(GROUP, alice, "/stats"));
    const photo = await fake.until((calls) => calls.slice(before).find((call) => call.method === "sendPhoto"), 20_000);
    expect(photo.status).toBe(200);
    expect(Number(photo.payload.chat_id)).toBe(GROUP.id); // as the text stats always did (Telegram has no ephemeral reply)
    expect(photo.payload.reply_parameters).toMatchObject({ allow_sending_without_reply: true });
    expect(String(photo.payload.caption)).toContain("Alice");
    expect(photo.payload.parse_mode).toBe("HTML");
    const file = photo.payload.photo as UploadedFile;
    const image = PNG.sync.read(file.bytes);
    expect(image.width).toBeGreaterThan(500);
    expect(fake.calls.slice(before).filter((call) => call.method === "sendMessage")).toHaveLength(0); // the picture carries the text
  });

  it("/stats @member in a group: an admin (asked of Telegram) sees the member's stats, another member is refused", async () => {
    fake.admins.add(admin.id);
    const reply = async (from: typeof alice, text: string) => {
      const before = fake.calls.length;
      fake.push(textMessage(GROUP, from, text));
      return fake.until((calls) => calls.slice(before).find((call) => call.method === "sendPhoto" || call.method === "sendMessage"), 20_000);
    };
    await reply(alice, "/daily");
    await reply(alice, "/answer A");
    const seen = await reply(admin, "/stats @Alice");
    expect(seen.method).toBe("sendPhoto");
    expect(String(seen.payload.caption)).toContain("Alice");
    expect(fake.callsOf("getChatMember").length).toBeGreaterThan(0);
    const refused = await reply(bob, "/stats @Alice");
    expect(String(refused.payload.text)).toContain("只有管理员");
  });

  it("a text too long for a caption follows the photo as its own message", async () => {
    const png = (await charts.renderLeaderboard({ lang: "zh", title: "本周", entries: [] }))!;
    const sent = await telegram.messenger.deliver(GROUP.id, { text: "长".repeat(1500), file: { kind: "picture", bytes: png, name: "x.png" } });
    expect(sent).toHaveLength(2);
    const [photo, text] = fake.calls.slice(-2);
    expect(photo).toMatchObject({ method: "sendPhoto", status: 200 });
    expect(photo!.payload.caption).toBeUndefined();
    expect(text).toMatchObject({ method: "sendMessage", status: 200 });
  });

  it("/leaderboard week image posts the top 10 as a photo in the group", async () => {
    const before = fake.calls.length;
    fake.push(textMessage(GROUP, alice, "/leaderboard week image"));
    const photo = await fake.until((calls) => calls.slice(before).find((call) => call.method === "sendPhoto"), 20_000);
    expect(Number(photo.payload.chat_id)).toBe(GROUP.id);
    expect((photo.payload.photo as UploadedFile).height).toBeGreaterThan(100);
  });
});

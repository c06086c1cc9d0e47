import type { Chat } from "grammy/types";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Question } from "../../../src/bank/schema.js";
import { Engine } from "../../../src/engine/engine.js";
import { fixtureBank, FIXTURE_QUESTIONS } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { FakeTelegram, GROUP, privateChat, textMessage, user, visibleText, type RecordedCall } from "../../support/fake-telegram.js";
import { runTelegramBot, type RunningTestBot } from "../../support/telegram-bot.js";

/** Reference answers as Telegram rich messages (Bot API 10.3), and the HTML fallback for servers without the method. */
const ANSWER = [
  "缩放点积注意力：$\\text{softmax}(QK^\\top/\\sqrt{d_k})V$。",
  "",
  "| 方案 | KV 头数 |",
  "|---|---:|",
  "| MHA | $h$ |",
  "| GQA | $g$ |",
  "",
  "## 要点",
  "- **缩放**：除以 $\\sqrt{d_k}$",
  "  - 防止 softmax 饱和",
  "",
  "$$\\frac{QK^T}{\\sqrt{d_k}}$$",
].join("\n");
const QUESTIONS: Question[] = [...FIXTURE_QUESTIONS, { id: "qrich1", topic: "transformer", prompt: "注意力为什么要缩放？", difficulty: 2, sources: [{ file: "fixture.txt", number: 77 }], answer: ANSWER }];

const alice = user(11, { first_name: "Alice" });
let fake: FakeTelegram;
let db: TestDatabase;
let telegram: RunningTestBot;

beforeAll(async () => {
  fake = new FakeTelegram();
  await fake.start();
});
afterAll(() => fake.stop());
beforeEach(async () => {
  fake.reset();
  db = await createTestDatabase();
  const engine = new Engine({ bank: fixtureBank(QUESTIONS), store: db.store, clock: new TestClock("2026-05-01T02:00:00Z"), random: seededRandom(3) });
  telegram = await runTelegramBot(fake, engine);
});
afterEach(async () => {
  await telegram.stop();
  await db.dispose();
});

async function ask(text: string, chat: Chat = GROUP): Promise<RecordedCall> {
  const before = fake.calls.length;
  fake.push(textMessage(chat, alice, text));
  return fake.until((calls) => calls.slice(before).find((call) => (call.method === "sendMessage" || call.method === "sendRichMessage") && call.status === 200));
}
const htmlOf = (call: RecordedCall) => String((call.payload.rich_message as { html: string }).html);

describe("Telegram reference answers as rich messages", () => {
  it("/question sends one rich message: native table, headings, nested lists and formulas, accepted by the server", async () => {
    const sent = await ask("/question qrich1");
    expect(sent.method).toBe("sendRichMessage");
    expect(sent.payload).toMatchObject({ chat_id: GROUP.id, reply_parameters: { allow_sending_without_reply: true } });
    const html = htmlOf(sent);
    expect(html).toContain("<table bordered><tr><th>方案</th><th align=\"right\">KV 头数</th></tr><tr><td>MHA</td><td align=\"right\"><tg-math>h</tg-math></td></tr>");
    expect(html).toContain("<tg-math>\\text{softmax}(QK^\\top/\\sqrt{d_k})V</tg-math>");
    expect(html).toContain("<tg-math-block>\\frac{QK^T}{\\sqrt{d_k}}</tg-math-block>");
    expect(html).toContain("<h2>要点</h2><ul><li><b>缩放</b>：除以 <tg-math>\\sqrt{d_k}</tg-math><ul><li>防止 softmax 饱和</li></ul></li></ul>");
    expect(fake.callsOf("sendMessage")).toEqual([]);
  });

  it("falls back once to HTML when the server does not know the method (404), and remembers it", async () => {
    fake.refuseRichMessages(404);
    const sent = await ask("/question qrich1");
    expect(fake.callsOf("sendRichMessage")).toHaveLength(1);
    expect(fake.callsOf("sendRichMessage")[0]!.status).toBe(404);
    expect(sent.method).toBe("sendMessage");
    const text = String(sent.payload.text);
    // Tables as aligned monospace, formulas as Unicode, headings bold, lists marked.
    expect(text).toContain("<pre>方案 │ KV 头数\n─────┼────────\nMHA  │       h\nGQA  │       g</pre>");
    expect(text).toContain("softmax(QKᵀ/√dₖ)V");
    expect(text).toContain("<b>要点</b>\n• <b>缩放</b>：除以 √dₖ\n  ◦ 防止 softmax 饱和");
    expect(visibleText(text)).not.toMatch(/\$|\\[a-z]|\*\*/);

    await ask("/question qrich1", privateChat(alice));
    expect(fake.callsOf("sendRichMessage")).toHaveLength(1);
    expect(telegram.messenger.sendsRichMessages).toBe(false);
  });

  it("treats a 400 naming the method like a missing method", async () => {
    fake.refuseRichMessages(400);
    expect((await ask("/question qrich1")).method).toBe("sendMessage");
    expect((await ask("/question qrich1")).method).toBe("sendMessage");
    expect(fake.callsOf("sendRichMessage")).toHaveLength(1);
  });

  it("a 400 about one message's content falls back for that message only; a 403 is the chat's refusal, not a fallback", async () => {
    fake.failNext("sendRichMessage", { error_code: 400, description: "Bad Request: can't parse rich message: unexpected end tag" });
    expect((await ask("/question qrich1")).method).toBe("sendMessage");
    expect((await ask("/question qrich1")).method).toBe("sendRichMessage");

    fake.forbidden.add(GROUP.id);
    const before = fake.calls.length;
    fake.push(textMessage(GROUP, alice, "/question qrich1"));
    await fake.until((calls) => calls.slice(before).some((call) => call.method === "sendRichMessage" && call.status === 403));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.calls.slice(before).filter((call) => call.method === "sendMessage")).toEqual([]);
    expect(telegram.messenger.sendsRichMessages).toBe(true);
  });

  it("short replies that are no reference answer stay ordinary HTML messages", async () => {
    expect((await ask("/help")).method).toBe("sendMessage");
    expect(fake.callsOf("sendRichMessage")).toEqual([]);
  });
});

describe("the fake Bot API checks rich messages like Telegram", () => {
  it("refuses unknown tags, bad nesting, more than 20 columns and 500 blocks", async () => {
    const { richMessageProblem } = await import("../../support/fake-telegram.js");
    expect(richMessageProblem({ html: "<p>ok <b>b</b></p>" })).toBeUndefined();
    expect(richMessageProblem({ html: "<div>x</div>" })).toMatch(/unsupported tag/);
    expect(richMessageProblem({ html: "<p><b>x</p></b>" })).toMatch(/unexpected end tag/);
    expect(richMessageProblem({ html: "<p>a < b</p>" })).toMatch(/unescaped/);
    expect(richMessageProblem({ html: `<table><tr>${"<td>x</td>".repeat(21)}</tr></table>` })).toMatch(/columns/);
    expect(richMessageProblem({ html: "<p>x</p>".repeat(501) })).toMatch(/blocks/);
    expect(richMessageProblem({ html: "<p>x</p>", markdown: "x" })).toMatch(/exactly one/);
  });
});

describe("rich-message block count", () => {
  it("counts what the server counts: lists and their nested lists, items, table rows", async () => {
    const { richBlockCount, telegramRichHtml } = await import("../../../src/adapters/telegram/html.js");
    const { parseMarkup } = await import("../../../src/presenter/markup.js");
    const { richMessageProblem } = await import("../../support/fake-telegram.js");
    const serverCount = (html: string) => (html.match(/<(ul|ol|li|table|tr|p|h\d|pre|tg-math-block)\b/g) ?? []).length;
    for (const text of ["- a\n  - a1\n- b\n  - b1\n  - b2\n    - b21\n- c", "| h | i |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |", "## t", "$$x$$", "段落"]) {
      const [block] = parseMarkup(text);
      const html = telegramRichHtml(block!);
      expect(richMessageProblem({ html }), text).toBeUndefined();
      expect(richBlockCount(block!), text).toBe(serverCount(html));
    }
  });

  it("splits an answer past 500 blocks into several rich messages", async () => {
    const { telegramRichChunks } = await import("../../../src/adapters/telegram/html.js");
    const { richMessageProblem } = await import("../../support/fake-telegram.js");
    const chunks = telegramRichChunks(Array.from({ length: 700 }, (_, i) => `- 第 ${i} 项`).join("\n"));
    expect(chunks.length).toBe(2);
    for (const html of chunks) expect(richMessageProblem({ html })).toBeUndefined();
    expect(chunks.join("").match(/<li>/g)).toHaveLength(700);
  });
});

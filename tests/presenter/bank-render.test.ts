import { describe, expect, it } from "vitest";
import { toDiscordPayloads } from "../../src/adapters/discord/render.js";
import { telegramChunks, telegramRichChunks } from "../../src/adapters/telegram/html.js";
import { loadBank } from "../../src/bank/load.js";
import { consoleText } from "../../src/console/render.js";
import type { OutgoingMessage } from "../../src/engine/types.js";
import { TELEGRAM_LIMITS } from "../../src/platform-limits.js";
import { renderDaily, renderQuestionDetail } from "../../src/presenter/question.js";
import { expectWithinLimits } from "../support/discord-messages.js";
import { richMessageProblem, visibleText } from "../support/fake-telegram.js";

/**
 * Every answer of the real bank, rendered for every platform: no `$`-delimited TeX, no Markdown table row,
 * no `**` marker and no TeX command reaches what a member sees, and every message is within its platform's limits.
 */
const bank = loadBank();
const TEX_DELIMITED = /\$\$[^$]+\$\$|\$[^\s$][^$\n]*\$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/m;
/** A TeX command such as \\frac (the bank also quotes "\\nObservation:", an escaped newline in a stop sequence). */
const TEX_COMMAND = /\\(?!n[A-Z])[A-Za-z]{2,}/;

function messagesOf(lang: "zh" | "en"): { id: string; message: OutgoingMessage }[] {
  return bank.questions.flatMap((question) => {
    const daily = { id: 1, chatId: 1, questionId: question.id, localDate: "2026-12-01", mode: "choice", revealedAt: new Date(), messageId: null } as never;
    return [
      { id: question.id, message: renderQuestionDetail(question, lang) },
      { id: `${question.id} (revealed daily)`, message: renderDaily({ daily, question, answerCount: 3 }, lang) },
    ];
  });
}

/** What is left after removing the code a platform shows verbatim (formula sources in rich messages are native TeX). */
const withoutCode = (text: string) => text.replace(/<pre>[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>|```[\s\S]*?```|`[^`\n]*`|<tg-math(?:-block)?>[\s\S]*?<\/tg-math(?:-block)?>/g, "");

function expectNothingRaw(text: string, where: string): void {
  const shown = withoutCode(text);
  expect(shown, where).not.toMatch(TEX_DELIMITED);
  expect(shown, where).not.toMatch(TABLE_ROW);
  expect(shown, where).not.toMatch(TEX_COMMAND);
}

describe("every answer in the bank, on every platform", () => {
  const messages = messagesOf("zh");
  const withTex = bank.questions.filter((q) => /\$/.test(q.answer ?? "")).length;
  const withTables = bank.questions.filter((q) => TABLE_ROW.test(q.answer ?? "")).length;

  it("the bank really has formulas and tables to render", () => {
    expect(withTex).toBeGreaterThan(50);
    expect(withTables).toBeGreaterThan(10);
  });

  it("Telegram rich messages: valid rich HTML within 32,768 characters, 500 blocks and 20 columns; tables and formulas native", () => {
    let tables = 0;
    let formulas = 0;
    for (const { id, message } of messages) {
      for (const html of telegramRichChunks(message.text)) {
        expect(richMessageProblem({ html }), id).toBeUndefined();
        expectNothingRaw(html, id);
        expect(visibleText(withoutCode(html)), id).not.toContain("**");
        if (html.includes("<table")) tables++;
        if (html.includes("<tg-math")) formulas++;
      }
    }
    expect(tables).toBeGreaterThanOrEqual(withTables);
    expect(formulas).toBeGreaterThanOrEqual(withTex);
  });

  it("Telegram HTML (the fallback): within 4,096 characters a message, tables monospace, formulas as Unicode", () => {
    for (const { id, message } of messages) {
      for (const html of telegramChunks(message.text)) {
        expect([...visibleText(html)].length, id).toBeLessThanOrEqual(TELEGRAM_LIMITS.messageText);
        expect(html.replace(/<\/?(b|i|code|pre)( class="[\w+-]+")?>/g, ""), id).not.toMatch(/[<>]/);
        expectNothingRaw(html.replace(/<\/?(b|i)>/g, ""), id);
        expect(visibleText(withoutCode(html)), id).not.toContain("**");
        expect(visibleText(withoutCode(html)), id).not.toContain("$");
      }
    }
  });

  it("Discord: every payload within the embed limits; bold markers only in matched pairs, nothing raw", () => {
    for (const { id, message } of messages) {
      for (const payload of toDiscordPayloads(message)) {
        const text = expectWithinLimits(payload);
        expectNothingRaw(text, id);
        const prose = withoutCode(text);
        // Discord renders **…** as bold; a marker without its partner on the line would show raw.
        expect(prose.replace(/\*\*(?=\S)[^\n]*?\S\*\*/g, ""), id).not.toContain("**");
        expect(prose.replace(/\\\$/g, ""), id).not.toMatch(TEX_DELIMITED);
      }
    }
  });

  it("console: no Markdown marker, TeX or table pipe, piped or on a terminal", () => {
    for (const { id, message } of messages) {
      for (const styled of [false, true]) {
        // Code blocks (indented four spaces) show code as written, Python's ** included.
        const text = consoleText(message.text, styled).replace(/^ {4}.*$/gm, "");
        expect(text, id).not.toContain("**");
        expect(text, id).not.toContain("$");
        expect(text, id).not.toMatch(TABLE_ROW);
        expect(text, id).not.toMatch(TEX_COMMAND);
        if (!styled) expect(text, id).not.toContain("\u001b[");
      }
    }
  });
});

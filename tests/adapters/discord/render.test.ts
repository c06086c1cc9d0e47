import { DiscordAPIError, HTTPError, RateLimitError } from "discord.js";
import { describe, expect, it } from "vitest";
import { deliveryErrorOf, channelOf } from "../../../src/adapters/discord/messenger.js";
import { buttonRows, encodeDiscordBlock, escapeDiscord, toDiscordPayloads } from "../../../src/adapters/discord/render.js";
import { DeliveryError } from "../../../src/engine/types.js";
import { DISCORD_LIMITS } from "../../../src/platform-limits.js";
import { parseMarkup } from "../../../src/presenter/markup.js";
import { expectWithinLimits } from "../../support/discord-messages.js";

const encode = (text: string) => parseMarkup(text).map(encodeDiscordBlock).join("\n\n");

describe("the Discord block encoder", () => {
  it("keeps our bold and code, escapes everything else that Discord would format", () => {
    expect(encode("**粗体 a_b** 和 `x*y_z` 以及 *斜体* ~~删~~ ||剧透|| __下划线__")).toBe("**粗体 a\\_b** 和 `x*y_z` 以及 \\*斜体\\* \\~\\~删\\~\\~ \\|\\|剧透\\|\\| \\_\\_下划线\\_\\_");
    expect(escapeDiscord("# 标题\n[点我](https://x.example)")).toBe("\\# 标题\n\\[点我](https://x.example)");
  });

  it("keeps code in a code block, unescaped, and cannot be closed early by a fence inside", () => {
    expect(encode("```py\nx = a*b  # __init__\n```")).toBe("```py\nx = a*b  # __init__\n```");
    const pre = encodeDiscordBlock({ kind: "pre", text: "print('```')", language: "" });
    expect(pre.match(/```/g)?.length).toBe(2);
  });
});

describe("toDiscordPayloads", () => {
  it("puts a short message in one embed, buttons on it, ephemeral when private or secret", () => {
    const [payload, ...rest] = toDiscordPayloads({ text: "hi", choices: [{ action: "1:d:1:0", label: "A" }], private: true });
    expect(rest).toEqual([]);
    expect(payload).toMatchObject({ embeds: [{ description: "hi" }], components: [{ type: 1, components: [{ type: 2, custom_id: "1:d:1:0", label: "A" }] }], flags: 64 });
    expect(toDiscordPayloads({ text: "x", secret: true })[0]!.flags).toBe(64);
    expect(toDiscordPayloads({ text: "x" })[0]!.flags).toBeUndefined();
  });

  it("splits text beyond 4,096 characters into embeds and messages within every limit, buttons on the first only", () => {
    const text = Array.from({ length: 30 }, (_, i) => `${i}: ${"长".repeat(900)}`).join("\n\n");
    const payloads = toDiscordPayloads({ text, choices: [{ action: "1:a:qabc12", label: "more" }] });
    expect(payloads.length).toBeGreaterThan(3);
    for (const payload of payloads) expectWithinLimits(payload);
    expect(payloads.slice(1).every((payload) => payload.components.length === 0)).toBe(true);
    const all = payloads.flatMap((p) => p.embeds.map((e) => e.description)).join("\n\n");
    expect(all.replace(/\n\n/g, "")).toBe(text.replace(/\n\n/g, ""));
  });

  it("lays out at most 5 rows of 5 buttons and cuts labels to 80 characters", () => {
    const rows = buttonRows(Array.from({ length: 30 }, (_, i) => ({ action: `1:d:${i}:0`, label: "x".repeat(100) })));
    expect(rows.length).toBe(DISCORD_LIMITS.rowsPerMessage);
    expect(rows.every((row) => row.components.length === DISCORD_LIMITS.buttonsPerRow)).toBe(true);
    expect(rows[0]!.components[0]!.label).toHaveLength(80);
    expect(buttonRows([{ action: "x".repeat(101), label: "too long" }])).toEqual([]);
  });
});

describe("deliveryErrorOf", () => {
  const apiError = (status: number, code: number) => new DiscordAPIError({ code, message: "nope" }, code, status, "POST", "https://discord.com/api/v10/channels/1/messages", { body: undefined, files: undefined });

  it.each([
    [403, 50013, "forbidden"],
    [403, 50001, "forbidden"],
    [400, 50007, "forbidden"],
    [404, 10003, "not_found"],
    [404, 10008, "not_found"],
    [400, 50035, "rejected"],
    [500, 0, "network"],
  ] as const)("maps HTTP %i code %i to %s", (status, code, failure) => {
    expect(deliveryErrorOf(apiError(status, code)).failure).toBe(failure);
  });

  it("maps HTTP errors without a Discord body, rate-limit rejections and network failures", () => {
    expect(deliveryErrorOf(new HTTPError(403, "Forbidden", "POST", "u", { body: undefined, files: undefined })).failure).toBe("forbidden");
    expect(deliveryErrorOf(new HTTPError(502, "Bad Gateway", "POST", "u", { body: undefined, files: undefined })).failure).toBe("network");
    const limited = new RateLimitError({ timeToReset: 5000, limit: 5, method: "POST", hash: "h", url: "u", route: "/channels/:id/messages", majorParameter: "1", global: false, retryAfter: 5000, sublimitTimeout: 0, scope: "user" });
    expect(deliveryErrorOf(limited)).toMatchObject({ failure: "rate_limited", retryAfterSeconds: 5 });
    expect(deliveryErrorOf(new TypeError("fetch failed")).failure).toBe("network");
    const same = new DeliveryError("forbidden", "x");
    expect(deliveryErrorOf(same)).toBe(same);
  });

  it("posts to the destination's place, else the chat's place, else the chat itself", () => {
    const chat = { platform: "discord" as const, externalId: "10" };
    expect(channelOf({ chat, place: "30" })).toBe("30");
    expect(channelOf({ chat: { ...chat, place: "20" } })).toBe("20");
    expect(channelOf({ chat, place: null })).toBe("10");
  });
});

describe("the Discord encoder for tables, lists, headings and math", () => {
  it("sets a narrow table as an aligned code block and formulas as Unicode text", () => {
    expect(encode("| 方案 | KV |\n|---|---:|\n| MHA | $h$ |\n| GQA | $g$ |")).toBe("```\n方案 │ KV\n─────┼───\nMHA  │  h\nGQA  │  g\n```");
    expect(encode("注意力 $\\text{softmax}(QK^\\top/\\sqrt{d_k})V$")).toBe("注意力 softmax(QKᵀ/√dₖ)V");
    expect(encode("$$x_{l+1}=x_l+F(x_l)$$")).toBe("*xₗ₊₁=xₗ+F(xₗ)*");
  });

  it("turns a table too wide for a phone into a list, one row an item", () => {
    const row = "很长的说明文字".repeat(6);
    expect(encode(`| 模型 | 归一化 |\n|---|---|\n| T5 | ${row} |\n| **BLOOM** | Pre-LN |`)).toBe(`- **T5**: 归一化: ${row}\n- **BLOOM**: 归一化: Pre-LN`);
  });

  it("keeps lists native (nested by two spaces) and headings bold", () => {
    expect(encode("### 要点\n1. **第一** a_b\n   - 子项\n2. 第二")).toBe("**要点**\n\n1. **第一** a\\_b\n  - 子项\n2. 第二");
  });
});

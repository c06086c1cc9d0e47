import { PermissionFlagsBits } from "discord.js";
import { describe, expect, it } from "vitest";
import { SLASH_COMMANDS } from "../../../src/adapters/discord/commands/index.js";
import { timeZoneSuggestions } from "../../../src/adapters/discord/commands/settings.js";
import { TOPICS } from "../../../src/bank/schema.js";
import { INPUT_LIMITS } from "../../../src/commands/limits.js";
import { DISCORD_LIMITS } from "../../../src/platform-limits.js";

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

describe("slash command definitions", () => {
  it("name and describe every command and option in Chinese and English within Discord's limits", () => {
    expect(SLASH_COMMANDS.map((c) => c.definition.name)).toEqual(["daily", "answer", "reveal", "quiz", "practice", "skip", "mock", "review", "mistakes", "leaderboard", "stats", "topics", "search", "question", "report", "reports", "settings", "link", "unlink", "mydata", "forgetme", "help"]);
    for (const { definition } of SLASH_COMMANDS) {
      for (const item of [definition, ...(definition.options ?? [])]) {
        expect(item.name).toMatch(NAME);
        expect(item.name).toBe(item.name.toLowerCase());
        expect(item.name_localizations?.["zh-CN"]).toMatch(NAME);
        expect(item.name_localizations?.["en-US"]).toBe(item.name);
        for (const text of [item.description, item.description_localizations?.["zh-CN"], item.description_localizations?.["en-US"]]) {
          expect(text?.length).toBeGreaterThan(0);
          expect(text!.length).toBeLessThanOrEqual(DISCORD_LIMITS.commandDescription);
        }
      }
    }
  });

  it("limits /settings to server managers and offers topic, count and mode on /quiz", () => {
    const byName = new Map(SLASH_COMMANDS.map((c) => [c.definition.name, c.definition]));
    expect(byName.get("settings")!.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(byName.get("daily")!.default_member_permissions).toBeUndefined();
    const quiz = byName.get("quiz")!.options!;
    const topic = quiz.find((o) => o.name === "topic") as { choices: { value: string; name_localizations: Record<string, string> }[] };
    expect(topic.choices.map((c) => c.value)).toEqual(TOPICS.map((t) => t.slug));
    expect(topic.choices[0]!.name_localizations["en-US"]).toBe(TOPICS[0].en);
    expect(quiz.find((o) => o.name === "count")).toMatchObject({ min_value: 1, max_value: 20 });
    expect(byName.get("search")!.options![0]).toMatchObject({ name: "query", required: true, autocomplete: true });
  });

  it("register every free-text option with the shared input limit, and /settings with every setting Discord can use", () => {
    const byName = new Map(SLASH_COMMANDS.map((c) => [c.definition.name, c.definition]));
    const option = (command: string, name: string) => byName.get(command)!.options!.find((o) => o.name === name) as { type: number; max_length?: number };
    expect(option("search", "query").max_length).toBe(INPUT_LIMITS.query);
    expect(option("question", "id").max_length).toBe(INPUT_LIMITS.questionId);
    expect(option("settings", "timezone").max_length).toBe(INPUT_LIMITS.timeZone);
    expect(option("settings", "time").max_length).toBe(INPUT_LIMITS.dailyTime);
    expect(option("settings", "topics").max_length).toBe(INPUT_LIMITS.topics);
    // Every string option without fixed choices has a max_length.
    for (const { definition } of SLASH_COMMANDS)
      for (const o of (definition.options ?? []) as { type: number; name: string; choices?: unknown[]; max_length?: number }[]) if (o.type === 3 && !o.choices) expect(o.max_length, `${definition.name} ${o.name}`).toBeGreaterThan(0);
    expect(byName.get("settings")!.options!.map((o) => o.name)).toEqual(["channel", "time", "timezone", "language", "daily", "reveal", "mode", "topics", "thread", "freezes", "restdays", "recap"]);
  });
});

describe("time zone suggestions", () => {
  it("offer at most 25 IANA names, those starting with the typed text first", () => {
    expect(timeZoneSuggestions("")).toHaveLength(DISCORD_LIMITS.autocompleteChoices);
    expect(timeZoneSuggestions("")[0]).toEqual({ name: "UTC", value: "UTC" });
    expect(timeZoneSuggestions("new york").map((c) => c.value)).toEqual(["America/New_York"]);
    expect(timeZoneSuggestions("euro")[0]!.value).toMatch(/^Europe\//);
    expect(timeZoneSuggestions("berlin")[0]!.value).toBe("Europe/Berlin");
    expect(timeZoneSuggestions("no such zone")).toEqual([]);
  });
});

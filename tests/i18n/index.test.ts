import { describe, expect, it } from "vitest";
import { languageFor, t } from "../../src/i18n/index.js";

describe("t", () => {
  it("fills placeholders in the chosen language and leaves unknown ones visible", () => {
    expect(t("zh", "leaderboard.row", { rank: 1, name: "alice", points: 18 })).toBe("1. alice — 18 分");
    expect(t("en", "leaderboard.row", { rank: 1, name: "alice", points: 18 })).toBe("1. alice — 18 pts");
    expect(t("en", "leaderboard.row", { rank: 1 })).toBe("1. {name} — {points} pts");
  });
});

describe("languageFor", () => {
  it("prefers the member's platform locale when we speak it, else the chat's language", () => {
    expect(languageFor("zh", "en-US")).toBe("en");
    expect(languageFor("en", "zh-hans")).toBe("zh");
    expect(languageFor("en", "de")).toBe("en");
    expect(languageFor("zh")).toBe("zh");
  });
});

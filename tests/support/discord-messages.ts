import { expect } from "vitest";
import { DISCORD_LIMITS } from "../../src/platform-limits.js";

interface Embed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}

export interface SentMessage {
  content?: string;
  embeds?: Embed[];
  components?: { type: number; components: { type: number; custom_id?: string; label?: string; style?: number }[] }[];
  flags?: number;
}

export const EPHEMERAL = 64;

/** Asserts that a message the bot sent is within every Discord limit, and returns its text. */
export function expectWithinLimits(message: SentMessage): string {
  expect((message.content ?? "").length).toBeLessThanOrEqual(DISCORD_LIMITS.messageContent);
  const embeds = message.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
  let total = 0;
  for (const embed of embeds) {
    expect((embed.description ?? "").length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect((embed.fields ?? []).length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFields);
    total += (embed.title ?? "").length + (embed.description ?? "").length + (embed.footer?.text ?? "").length + (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  }
  expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  const rows = message.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(DISCORD_LIMITS.rowsPerMessage);
  for (const row of rows) {
    expect(row.type).toBe(1);
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow);
    for (const button of row.components) {
      expect(button.type).toBe(2);
      expect((button.label ?? "").length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonLabel);
      expect((button.custom_id ?? "").length).toBeLessThanOrEqual(DISCORD_LIMITS.customIdChars);
    }
  }
  return [message.content ?? "", ...embeds.map((embed) => embed.description ?? "")].filter((text) => text !== "").join("\n");
}

export function buttonsOf(message: SentMessage): { custom_id: string; label: string }[] {
  return (message.components ?? []).flatMap((row) => row.components.map((button) => ({ custom_id: button.custom_id ?? "", label: button.label ?? "" })));
}

export const isEphemeral = (message: SentMessage): boolean => ((message.flags ?? 0) & EPHEMERAL) === EPHEMERAL;

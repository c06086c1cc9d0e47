import { ButtonStyle, ComponentType, escapeMarkdown, MessageFlags, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed } from "discord.js";
import type { Choice, OutgoingMessage } from "../../engine/types.js";
import { encodeChunks, type Block } from "../../presenter/markup.js";
import { DISCORD_LIMITS } from "../../platform-limits.js";

/**
 * Encodes neutral messages for Discord: the text goes into embed descriptions (4,096 characters each,
 * 6,000 per message), choices become rows of buttons whose custom_id is the shared action string.
 */

/** What one Discord message carries; serialisable as a REST body and accepted by interaction replies. */
export interface DiscordPayload {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  flags?: number;
  /** A picture uploaded with the message and shown in its first embed (attachment://name). */
  files?: { name: string; data: Buffer }[];
}

const EMBED_COLOR = 0x5865f2;

/** Escapes Markdown in text the bank or a member wrote, so it reads as written; headings and masked links too. */
export function escapeDiscord(text: string): string {
  return escapeMarkdown(text, { heading: true, maskedLink: true });
}

/** A code block cannot contain its own fence: a zero-width space breaks any ``` inside. */
function fenced(text: string, language: string): string {
  return `\`\`\`${language}\n${text.replace(/```/g, "`\u200b``")}\n\`\`\``;
}

/** The Discord Markdown of one block of light Markdown. */
export function encodeDiscordBlock(block: Block): string {
  if (block.kind === "pre") return fenced(block.text, block.language);
  return block.spans
    .map((span) => {
      if (span.kind === "code") return `\`${span.text}\``;
      if (span.kind === "bold") return `**${escapeDiscord(span.text)}**`;
      return escapeDiscord(span.text);
    })
    .join("");
}

/** Up to 5 rows of up to 5 buttons; labels cut to 80 characters. Choices beyond 25 cannot be shown. */
export function buttonRows(choices: readonly Choice[]): DiscordPayload["components"] {
  const perMessage = DISCORD_LIMITS.buttonsPerRow * DISCORD_LIMITS.rowsPerMessage;
  const buttons = choices
    .slice(0, perMessage)
    .filter((choice) => choice.action.length <= DISCORD_LIMITS.customIdChars)
    .map((choice): APIButtonComponentWithCustomId => ({ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: choice.action, label: truncate(choice.label, DISCORD_LIMITS.buttonLabel) }));
  const rows: DiscordPayload["components"] = [];
  for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow) rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
  return rows;
}

export function truncate(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join("")}…`;
}

/**
 * One or more Discord messages for a neutral message: the text split at paragraph boundaries into
 * embeds of at most 4,096 characters, packed while a message stays within 6,000 and 10 embeds; the buttons
 * go on the first message (the one later edited). `private` and `secret` both become ephemeral where
 * the payload answers an interaction.
 */
export function toDiscordPayloads(message: OutgoingMessage): DiscordPayload[] {
  const chunks = encodeChunks(message.text, encodeDiscordBlock, DISCORD_LIMITS.embedDescription);
  const payloads: DiscordPayload[] = [];
  let current: DiscordPayload | undefined;
  let currentLength = 0;
  for (const chunk of chunks) {
    const description = chunk === "" ? "\u200b" : chunk;
    if (!current || current.embeds.length >= DISCORD_LIMITS.embedsPerMessage || currentLength + description.length > DISCORD_LIMITS.embedTotal) {
      current = { embeds: [], components: [] };
      currentLength = 0;
      payloads.push(current);
    }
    current.embeds.push({ description, color: EMBED_COLOR });
    currentLength += description.length;
  }
  payloads[0]!.components = buttonRows(message.choices ?? []);
  if (message.image) {
    payloads[0]!.files = [{ name: message.image.name, data: Buffer.from(message.image.png) }];
    payloads[0]!.embeds[0] = { ...payloads[0]!.embeds[0]!, image: { url: `attachment://${message.image.name}` } };
  }
  if (message.private || message.secret) for (const payload of payloads) payload.flags = MessageFlags.Ephemeral;
  return payloads;
}

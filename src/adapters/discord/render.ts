import { ButtonStyle, ComponentType, escapeMarkdown, MessageFlags, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed } from "discord.js";
import type { Choice, OutgoingMessage } from "../../engine/types.js";
import { alignedTable, alignedTableWidth, encodeChunks, encodeRuns, mathText, plainText, type Block, type Span } from "../../presenter/markup.js";
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
  /** A file uploaded with the message; a picture is shown in its first embed (attachment://name). */
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

function discordSpans(spans: readonly Span[]): string {
  return encodeRuns(
    spans,
    (span) => (span.kind === "code" ? `\`${span.text}\`` : span.kind === "math" ? escapeDiscord(mathText(span.tex)) : escapeDiscord(span.text)),
    (run) => `**${run}**`,
  );
}

/**
 * Columns past which a table is shown as a list instead of an aligned code block: a Discord code block wraps
 * long lines on a phone, which scrambles the columns.
 */
export const DISCORD_TABLE_COLUMNS = 56;

/** A table as one list item per row: the first cell bold, the others as "header: value". */
function tableAsList(block: Extract<Block, { kind: "table" }>): string {
  const headers = block.header.map((cell) => plainText(cell).trim());
  return block.rows
    .map((row) => {
      const [first, ...rest] = row;
      const others = rest.map((cell, c) => {
        const header = headers[c + 1];
        const value = discordSpans(cell);
        return header ? `${escapeDiscord(header)}: ${value}` : value;
      });
      const head = first && plainText(first).trim() !== "" ? `**${escapeDiscord(plainText(first).trim())}**` : headers[0] ? `**${escapeDiscord(headers[0])}**` : "";
      return `- ${[head, others.join("; ")].filter((part) => part !== "").join(": ")}`.replace(/\n/g, " ");
    })
    .join("\n");
}

/** The Discord Markdown of one block of light Markdown: lists native, tables aligned in a code block (or a list), formulas as Unicode. */
export function encodeDiscordBlock(block: Block): string {
  switch (block.kind) {
    case "pre":
      return fenced(block.text, block.language);
    case "heading":
      return `**${escapeDiscord(plainText(block.spans))}**`;
    case "list":
      return block.items.map((item) => `${"  ".repeat(item.depth)}${item.ordered ? `${item.number ?? 1}.` : "-"} ${discordSpans(item.spans).replace(/\n/g, `\n${"  ".repeat(item.depth + 1)}`)}`).join("\n");
    case "table":
      return alignedTableWidth(block) <= DISCORD_TABLE_COLUMNS ? fenced(alignedTable(block), "") : tableAsList(block);
    case "math":
      return `*${escapeDiscord(mathText(block.tex))}*`;
    case "paragraph":
      return discordSpans(block.spans);
  }
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
  if (message.file) {
    payloads[0]!.files = [{ name: message.file.name, data: Buffer.from(message.file.bytes) }];
    if (message.file.kind === "picture") payloads[0]!.embeds[0] = { ...payloads[0]!.embeds[0]!, image: { url: `attachment://${message.file.name}` } };
  }
  if (message.private || message.secret) for (const payload of payloads) payload.flags = MessageFlags.Ephemeral;
  return payloads;
}

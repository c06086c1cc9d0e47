import type { ChatRecord } from "../engine/ports.js";
import { LANGUAGES, type ChatSettings, type Language, type OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { parseMode, parsePositiveInt } from "./args.js";
import type { Command } from "./command.js";
import { replyWith, usageReply } from "./reply.js";

/** Each settable field: its keyword and how its value is read (undefined when it does not fit). */
const FIELDS: Record<string, (value: string) => Partial<ChatSettings> | undefined> = {
  tz: (value) => ({ timeZone: value }),
  time: (value) => ({ dailyTime: value }),
  lang: (value) => ((LANGUAGES as readonly string[]).includes(value) ? { language: value as Language } : undefined),
  daily: (value) => (value === "on" || value === "off" ? { dailyEnabled: value === "on" } : undefined),
  mode: (value) => {
    const mode = parseMode(value);
    return mode ? { dailyMode: mode } : undefined;
  },
  reveal: (value) => {
    const minutes = parsePositiveInt(value);
    return minutes === undefined ? undefined : { revealDelayMinutes: minutes };
  },
};

function renderSettings(chat: ChatRecord, lang: Language): OutgoingMessage {
  const body = t(lang, "settings.body", {
    timeZone: chat.timeZone,
    dailyTime: chat.dailyTime,
    language: chat.language,
    enabled: t(lang, chat.dailyEnabled ? "settings.on" : "settings.off"),
    delay: chat.revealDelayMinutes,
    mode: t(lang, `mode.${chat.dailyMode}`),
  });
  return { text: `${t(lang, "settings.title")}\n${body}` };
}

export const settingsCommand: Command = {
  name: "settings",
  usage: "/settings [tz <IANA zone> | time <HH:MM> | lang <zh|en> | daily <on|off> | mode <choice|recall> | reveal <minutes>]",
  description: "cmd.settings",
  async run(ctx, args) {
    if (args.length === 0) return [renderSettings(await ctx.engine.chat(ctx.chat), ctx.lang)];
    const [field, value] = args;
    const patch = args.length === 2 && field && value ? FIELDS[field.toLowerCase()]?.(value) : undefined;
    if (!patch) return usageReply(ctx, this);
    const updated = await ctx.engine.updateSettings(ctx.chat, ctx.member, patch);
    if (!updated.ok && updated.code === "INVALID_ARGUMENT") return usageReply(ctx, this);
    return replyWith(updated, ctx.lang, (chat) => [{ text: t(chat.language, "settings.saved") }, renderSettings(chat, chat.language)]);
  },
};

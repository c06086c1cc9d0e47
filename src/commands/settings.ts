import type { TopicSlug } from "../bank/schema.js";
import type { ChatRecord } from "../engine/ports.js";
import { LANGUAGES, type ChatSettings, type Language, type OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { topicTitle } from "../presenter/question.js";
import { parseMode, parsePositiveInt, parseTopic } from "./args.js";
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
  // Unknown words pass through so the engine can name the topic it does not know.
  topics: (value) => (value.toLowerCase() === "all" ? { dailyTopics: null } : { dailyTopics: value.split(/[,，、]/).map((word) => parseTopic(word) ?? word.trim()) }),
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
  const topics = chat.dailyTopics ? chat.dailyTopics.map((slug) => topicTitle(slug as TopicSlug, lang)).join(", ") : t(lang, "settings.allTopics");
  return { text: `${t(lang, "settings.title")}\n${body}\n${t(lang, "settings.topics", { topics })}` };
}

export const settingsCommand: Command = {
  name: "settings",
  usage: "/settings [tz <IANA zone> | time <HH:MM> | lang <zh|en> | daily <on|off> | mode <choice|recall> | reveal <minutes> | topics <topic,…|all>]",
  description: "cmd.settings",
  async run(ctx, args) {
    if (args.length === 0) return [renderSettings(await ctx.engine.chat(ctx.chat), ctx.lang)];
    const [field, ...rest] = args;
    const value = rest.join(" ");
    const patch = field && value ? FIELDS[field.toLowerCase()]?.(value) : undefined;
    if (!patch) return usageReply(ctx, this);
    const updated = await ctx.engine.updateSettings(ctx.chat, ctx.member, patch);
    if (!updated.ok && updated.code === "INVALID_ARGUMENT") return usageReply(ctx, this);
    return replyWith(updated, ctx.lang, (chat) => [{ text: t(chat.language, "settings.saved") }, renderSettings(chat, chat.language)]);
  },
};

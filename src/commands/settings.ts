import type { TopicSlug } from "../bank/schema.js";
import type { ChatRecord } from "../engine/ports.js";
import { DAILY_STYLES, LANGUAGES, type ChatSettings, type DailyStyle, type Language, type OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { topicTitle } from "../presenter/question.js";
import { parseMode, parsePositiveInt, parseTopic } from "./args.js";
import type { Command, CommandContext } from "./command.js";
import { INPUT_LIMITS, inputTooLong } from "./limits.js";
import { replyWith, usageReply } from "./reply.js";

/** Each settable field: its keyword and how its value is read (undefined when it does not fit). */
const FIELDS: Record<string, (value: string, ctx: CommandContext) => Partial<ChatSettings> | undefined> = {
  tz: (value) => ({ timeZone: value }),
  time: (value) => ({ dailyTime: value }),
  lang: (value) => ((LANGUAGES as readonly string[]).includes(value) ? { language: value as Language } : undefined),
  daily: (value) => (value === "on" || value === "off" ? { dailyEnabled: value === "on" } : undefined),
  mode: (value) => {
    const mode = parseMode(value);
    return mode ? { dailyMode: mode } : undefined;
  },
  style: (value) => ((DAILY_STYLES as readonly string[]).includes(value) ? { dailyStyle: value as DailyStyle } : undefined),
  // "post here": the daily question goes to the place this command came from (a forum topic); "post chat": the chat itself.
  post: (value, ctx) => (value === "here" ? { dailyTarget: ctx.chat.place ?? null } : value === "chat" ? { dailyTarget: null } : undefined),
  reveal: (value) => {
    const minutes = parsePositiveInt(value);
    return minutes === undefined ? undefined : { revealDelayMinutes: minutes };
  },
  freezes: (value) => (value === "on" || value === "off" ? { streakFreezes: value === "on" } : undefined),
  restdays: (value) => parseRestDays(value),
  recap: (value) => (value === "off" ? { recapDay: null } : weekdayNumber(value) === undefined ? undefined : { recapDay: weekdayNumber(value)! }),
  topics: (value) => ({ dailyTopics: parseTopicsSetting(value) }),
};

/** "rag,agent" (commas of any script) or "all"; unknown words pass through so the engine can name the topic it does not know. */
export function parseTopicsSetting(value: string): string[] | null {
  return value.trim().toLowerCase() === "all" ? null : value.split(/[,，、]/).map((word) => parseTopic(word) ?? word.trim());
}

/** The longest value each free-text field takes (the others are single words checked by their parser). */
const FIELD_LIMITS: Record<string, number> = { tz: INPUT_LIMITS.timeZone, time: INPUT_LIMITS.dailyTime, topics: INPUT_LIMITS.topics, restdays: INPUT_LIMITS.restDays };

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** "sat" → 6 (ISO weekday), also 周六 / 六 / 6. */
export function weekdayNumber(word: string): number | undefined {
  const w = word.trim().toLowerCase();
  const english = WEEKDAYS.findIndex((day, i) => w === day || w === WEEKDAY_NAMES[i]);
  if (english >= 0) return english + 1;
  const chinese = "一二三四五六日".indexOf(w.replace(/^(周|星期)/, "").replace("天", "日"));
  if (chinese >= 0 && w.length <= 3) return chinese + 1;
  return /^[1-7]$/.test(w) ? Number(w) : undefined;
}

/** "sat,sun" → rest days 6 and 7; "none" → none. */
export function parseRestDays(value: string): Partial<ChatSettings> | undefined {
  if (value.trim().toLowerCase() === "none") return { restDays: [] };
  const days = value.split(/[,，、\s]+/).filter(Boolean).map(weekdayNumber);
  if (days.length === 0 || days.includes(undefined)) return undefined;
  return { restDays: [...new Set(days as number[])].sort() };
}

/** A weekday's short name in the chat's language. */
export function weekdayName(day: number, lang: Language): string {
  return t(lang, `weekday.${WEEKDAYS[day - 1]!}`);
}

function renderSettings(chat: ChatRecord, lang: Language): OutgoingMessage {
  const body = t(lang, "settings.body", {
    timeZone: chat.timeZone,
    dailyTime: chat.dailyTime,
    language: chat.language,
    enabled: t(lang, chat.dailyEnabled ? "settings.on" : "settings.off"),
    delay: chat.revealDelayMinutes,
    mode: t(lang, `mode.${chat.dailyMode}`),
    style: t(lang, `style.${chat.dailyStyle}`),
  });
  const topics = chat.dailyTopics ? chat.dailyTopics.map((slug) => topicTitle(slug as TopicSlug, lang)).join(", ") : t(lang, "settings.allTopics");
  const lines = [t(lang, "settings.title"), body, t(lang, "settings.topics", { topics })];
  lines.push(
    t(lang, "settings.streaks", {
      freezes: t(lang, chat.streakFreezes ? "settings.on" : "settings.off"),
      restDays: chat.restDays.length > 0 ? chat.restDays.map((day) => weekdayName(day, lang)).join(", ") : t(lang, "settings.none"),
      recap: chat.recapDay === null ? t(lang, "settings.off") : weekdayName(chat.recapDay, lang),
    }),
  );
  if (chat.paused) lines.push(t(lang, "settings.paused", { reason: t(lang, `pause.${pauseReasonKey(chat.paused.reason)}`) }));
  return { text: lines.join("\n") };
}

/** Pause reasons, as recorded ("forbidden: Missing Permissions" reads as forbidden); anything else reads as "cannot post". */
export const PAUSE_REASONS = ["removed", "forbidden", "not_found"] as const;
function pauseReasonKey(reason: string): (typeof PAUSE_REASONS)[number] {
  const kind = reason.split(":")[0]!.trim();
  return (PAUSE_REASONS as readonly string[]).includes(kind) ? (kind as (typeof PAUSE_REASONS)[number]) : "forbidden";
}

export const settingsCommand: Command = {
  name: "settings",
  usage: "/settings [tz <IANA zone> | time <HH:MM> | lang <zh|en> | daily <on|off> | mode <choice|recall> | reveal <minutes> | topics <topic,…|all> | style <buttons|poll> | post <here|chat> | thread <on|off> | freezes <on|off> | restdays <sat,sun|none> | recap <off|mon..sun>]",
  description: "cmd.settings",
  async run(ctx, args) {
    if (args.length === 0) return [renderSettings(await ctx.engine.chat(ctx.chat), ctx.lang)];
    const [field, ...rest] = args;
    const value = rest.join(" ");
    const tooLong = field ? inputTooLong(ctx.lang, [value, FIELD_LIMITS[field.toLowerCase()] ?? INPUT_LIMITS.word]) : undefined;
    if (tooLong) return tooLong;
    if (field?.toLowerCase() === "thread") {
      if (value !== "on" && value !== "off") return usageReply(ctx, this);
      const set = await ctx.engine.threads.set(ctx.chat, ctx.member, value === "on");
      if (!set.ok) return set.code === "INVALID_ARGUMENT" ? usageReply(ctx, this) : replyWith(set, ctx.lang, () => []);
      const chat = await ctx.engine.chat(ctx.chat);
      return [{ text: t(chat.language, "settings.saved") }, renderSettings(chat, chat.language)];
    }
    const patch = field && value ? FIELDS[field.toLowerCase()]?.(value, ctx) : undefined;
    if (!patch) return usageReply(ctx, this);
    const updated = await ctx.engine.updateSettings(ctx.chat, ctx.member, patch);
    if (!updated.ok && updated.code === "INVALID_ARGUMENT") return usageReply(ctx, this);
    return replyWith(updated, ctx.lang, (chat) => [{ text: t(chat.language, "settings.saved") }, renderSettings(chat, chat.language)]);
  },
};

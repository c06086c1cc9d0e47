import { ChannelType, PermissionFlagsBits, SlashCommandBuilder, type APIApplicationCommandOptionChoice, type ChatInputCommandInteraction } from "discord.js";
import { INPUT_LIMITS, inputTooLong } from "../../../commands/limits.js";
import { parseRestDays, parseTopicsSetting, settingsCommand, weekdayNumber } from "../../../commands/settings.js";
import { echo } from "../../../presenter/echo.js";
import type { ChatRecord } from "../../../engine/ports.js";
import type { ChatSettings, Language, OutgoingMessage } from "../../../engine/types.js";
import { t } from "../../../i18n/index.js";
import { DISCORD_LIMITS } from "../../../platform-limits.js";
import { renderError } from "../../../presenter/errors.js";
import { localized, localizedChoice } from "../localize.js";
import { modeChoices } from "./quiz.js";
import type { SlashCommand } from "./slash-command.js";

/** Each setting's option name; an invalid value is reported under it. */
const OPTION_OF: Record<keyof ChatSettings, string> = {
  dailyTarget: "channel",
  dailyTime: "time",
  timeZone: "timezone",
  language: "language",
  dailyEnabled: "daily",
  revealDelayMinutes: "reveal",
  dailyMode: "mode",
  dailyStyle: "style",
  dailyTopics: "topics",
  streakFreezes: "freezes",
  restDays: "restdays",
  recapDay: "recap",
};

function patchOf(interaction: ChatInputCommandInteraction): Partial<ChatSettings> {
  const { options } = interaction;
  const patch: Partial<ChatSettings> = {};
  const channel = options.getChannel("channel");
  if (channel) patch.dailyTarget = channel.id;
  const time = options.getString("time");
  if (time !== null) patch.dailyTime = time.trim();
  const timeZone = options.getString("timezone");
  if (timeZone !== null) patch.timeZone = timeZone.trim();
  const language = options.getString("language");
  if (language !== null) patch.language = language as Language;
  const enabled = options.getBoolean("daily");
  if (enabled !== null) patch.dailyEnabled = enabled;
  const delay = options.getInteger("reveal");
  if (delay !== null) patch.revealDelayMinutes = delay;
  const mode = options.getString("mode");
  if (mode !== null) patch.dailyMode = mode as ChatSettings["dailyMode"];
  const topics = options.getString("topics");
  if (topics !== null) patch.dailyTopics = parseTopicsSetting(topics);
  const freezes = options.getBoolean("freezes");
  if (freezes !== null) patch.streakFreezes = freezes;
  // A value the shared parser does not read goes on as an invalid one, which the engine reports under its option.
  const restDays = options.getString("restdays");
  if (restDays !== null) patch.restDays = parseRestDays(restDays)?.restDays ?? [0];
  const recap = options.getString("recap");
  if (recap !== null) patch.recapDay = recap === "off" ? null : (weekdayNumber(recap) ?? 0);
  return patch;
}

/** Where the daily goes (the shared settings text says why it is paused, when it is), and whether it gets a thread. */
function dailyPlaceLines(chat: ChatRecord, threads: boolean, lang: Language): string[] {
  return [
    chat.dailyTarget ? t(lang, "discord.settings.channel", { channel: `<#${chat.dailyTarget}>` }) : t(lang, "discord.settings.noChannel"),
    t(lang, "discord.settings.thread", { state: t(lang, threads ? "settings.on" : "settings.off") }),
  ];
}

/** off, then Monday … Sunday, named in both languages. */
const RECAP_CHOICES = [
  localizedChoice({ zh: "关闭", en: "off" }, "off"),
  ...(["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const).map((day) => localizedChoice({ zh: t("zh", `weekday.${day}`), en: t("en", `weekday.${day}`) }, day)),
];

let zoneNames: string[] | undefined;

/** IANA zone names containing what was typed, names starting with it first. */
export function timeZoneSuggestions(typed: string): APIApplicationCommandOptionChoice<string>[] {
  zoneNames ??= ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
  const wanted = typed.trim().toLowerCase().replace(/\s+/g, "_");
  const matches = zoneNames.filter((zone) => zone.toLowerCase().includes(wanted));
  const starts = (zone: string) => zone.toLowerCase().startsWith(wanted) || zone.toLowerCase().includes(`/${wanted}`);
  return [...matches.filter(starts), ...matches.filter((zone) => !starts(zone))].slice(0, DISCORD_LIMITS.autocompleteChoices).map((zone) => ({ name: zone, value: zone }));
}

export const settings: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "settings", "设置", "cmd.settings")
    // Hidden from members who cannot manage the server; updateSettings checks it again from the interaction.
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addChannelOption((option) => localized(option, "channel", "频道", "discord.opt.channel").addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement))
    .addStringOption((option) => localized(option, "time", "时间", "discord.opt.time").setMinLength(4).setMaxLength(INPUT_LIMITS.dailyTime))
    .addStringOption((option) => localized(option, "timezone", "时区", "discord.opt.timezone").setAutocomplete(true).setMaxLength(INPUT_LIMITS.timeZone))
    .addStringOption((option) => localized(option, "language", "语言", "discord.opt.language").addChoices(localizedChoice({ zh: "中文", en: "Chinese" }, "zh"), localizedChoice({ zh: "英文", en: "English" }, "en")))
    .addBooleanOption((option) => localized(option, "daily", "每日一题", "discord.opt.daily"))
    .addIntegerOption((option) => localized(option, "reveal", "揭晓延迟", "discord.opt.reveal").setMinValue(0).setMaxValue(24 * 60 - 1))
    .addStringOption((option) => localized(option, "mode", "方式", "discord.opt.dailyMode").addChoices(...modeChoices))
    .addStringOption((option) => localized(option, "topics", "主题", "discord.opt.topics").setMaxLength(INPUT_LIMITS.topics))
    .addBooleanOption((option) => localized(option, "thread", "讨论串", "discord.opt.thread"))
    .addBooleanOption((option) => localized(option, "freezes", "保护卡", "discord.opt.freezes"))
    .addStringOption((option) => localized(option, "restdays", "休息日", "discord.opt.restdays").setMaxLength(INPUT_LIMITS.restDays))
    .addStringOption((option) => localized(option, "recap", "每周回顾", "discord.opt.recap").addChoices(...RECAP_CHOICES))
    .toJSON(),
  async run(interaction, ctx) {
    const { engine, lang } = ctx;
    const { options } = interaction;
    const tooLong = inputTooLong(lang, [options.getString("time"), INPUT_LIMITS.dailyTime], [options.getString("timezone"), INPUT_LIMITS.timeZone], [options.getString("topics"), INPUT_LIMITS.topics]);
    if (tooLong) return tooLong;
    const patch = patchOf(interaction);
    const thread = options.getBoolean("thread");
    const changed = Object.keys(patch).length > 0 || thread !== null;
    if (Object.keys(patch).length > 0) {
      const updated = await engine.updateSettings(ctx.chat, ctx.member, patch);
      if (!updated.ok && updated.code === "INVALID_ARGUMENT") {
        const field = (updated.details as { field?: keyof ChatSettings } | undefined)?.field;
        const option = field ? OPTION_OF[field] : "?";
        return [{ text: t(lang, "discord.settings.invalid", { option, value: field ? echo(String(patch[field])) : "?" }), private: true }];
      }
      if (!updated.ok) return [renderError(updated, lang)];
    }
    if (thread !== null) {
      const set = await engine.threads.set(ctx.chat, ctx.member, thread);
      if (!set.ok) return [renderError(set, lang)];
    }
    const [shown] = await settingsCommand.run(ctx, []);
    const chat = await engine.chat(ctx.chat);
    const lines = [...(changed ? [t(lang, "settings.saved")] : []), shown?.text ?? "", ...dailyPlaceLines(chat, await engine.threads.enabled(chat), lang)];
    const reply: OutgoingMessage = { text: lines.join("\n"), private: true };
    return [reply];
  },
  autocomplete: (interaction) => timeZoneSuggestions(interaction.options.getFocused()),
};

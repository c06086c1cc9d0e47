import type { Api, RawApi } from "grammy";
import type { BotCommand } from "grammy/types";
import { LANGUAGES, type Language } from "../../engine/types.js";
import { t, type MessageKey } from "../../i18n/index.js";

/** The command menu Telegram shows; each name is a shared command or one of its aliases. */
export const TELEGRAM_MENU: readonly { command: string; description: MessageKey }[] = [
  { command: "daily", description: "cmd.daily" },
  { command: "quiz", description: "cmd.quiz" },
  { command: "practice", description: "cmd.practice" },
  { command: "skip", description: "cmd.skip" },
  { command: "mock", description: "cmd.mock" },
  { command: "review", description: "cmd.review" },
  { command: "mistakes", description: "cmd.mistakes" },
  { command: "top", description: "cmd.leaderboard" },
  { command: "stats", description: "cmd.stats" },
  { command: "topics", description: "cmd.topics" },
  { command: "search", description: "cmd.search" },
  { command: "report", description: "cmd.report" },
  { command: "reports", description: "cmd.reports" },
  { command: "settings", description: "cmd.settings" },
  { command: "link", description: "cmd.link" },
  { command: "mydata", description: "cmd.mydata" },
  { command: "forgetme", description: "cmd.forgetme" },
  { command: "help", description: "cmd.help" },
  { command: "start", description: "cmd.help" },
];

export function menuIn(lang: Language): BotCommand[] {
  return TELEGRAM_MENU.map(({ command, description }) => ({ command, description: t(lang, description) }));
}

/** Registers the menu: Chinese for everyone by default, English for English-language clients. */
export async function registerMenu(api: Api<RawApi>): Promise<void> {
  for (const lang of LANGUAGES) {
    await api.setMyCommands(menuIn(lang), lang === "zh" ? {} : { language_code: lang });
  }
}

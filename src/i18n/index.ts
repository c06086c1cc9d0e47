import type { Language } from "../engine/types.js";
import { en } from "./en.js";
import { zh, type MessageKey } from "./zh.js";

export type { MessageKey };

const catalogs: Record<Language, Record<MessageKey, string>> = { zh, en };

export type Params = Record<string, string | number>;

/** The message `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function t(lang: Language, key: MessageKey, params: Params = {}): string {
  return catalogs[lang][key].replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/**
 * The language to answer a member in: their platform locale when it is one we speak
 * (private replies), else the chat's setting.
 */
export function languageFor(chatLanguage: Language, locale?: string): Language {
  if (locale?.toLowerCase().startsWith("zh")) return "zh";
  if (locale?.toLowerCase().startsWith("en")) return "en";
  return chatLanguage;
}

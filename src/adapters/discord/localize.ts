import { Locale, type APIApplicationCommandOptionChoice, type LocalizationMap } from "discord.js";
import type { Language } from "../../engine/types.js";
import { t, type MessageKey } from "../../i18n/index.js";
import { DISCORD_LIMITS } from "../../platform-limits.js";
import { truncate } from "./render.js";

/** The Discord locales each of our languages serves. The default (unlocalised) text is Chinese, the bot's default. */
const LOCALES: Record<Language, Locale[]> = { zh: [Locale.ChineseCN, Locale.ChineseTW], en: [Locale.EnglishUS, Locale.EnglishGB] };

function localizations(text: Record<Language, string>): LocalizationMap {
  const map: LocalizationMap = {};
  for (const lang of Object.keys(LOCALES) as Language[]) for (const locale of LOCALES[lang]) map[locale] = text[lang];
  return map;
}

/** What the builders of commands and options share. */
interface Describable {
  setName(name: string): unknown;
  setNameLocalizations(map: LocalizationMap): unknown;
  setDescription(description: string): unknown;
  setDescriptionLocalizations(map: LocalizationMap): unknown;
}

/**
 * Names a command or option in English (what members type) and Chinese, and describes it from the
 * catalogs in both languages (cut to Discord's 100 characters).
 */
export function localized<B extends Describable>(builder: B, name: string, zhName: string, description: MessageKey): B {
  const describe = (lang: Language) => truncate(t(lang, description), DISCORD_LIMITS.commandDescription);
  builder.setName(name);
  builder.setNameLocalizations(localizations({ zh: zhName, en: name }));
  builder.setDescription(describe("zh"));
  builder.setDescriptionLocalizations(localizations({ zh: describe("zh"), en: describe("en") }));
  return builder;
}

/** A fixed option choice named in both languages. */
export function localizedChoice<V extends string | number>(name: Record<Language, string>, value: V): APIApplicationCommandOptionChoice<V> {
  return { name: name.zh, name_localizations: localizations(name), value };
}

/** A choice named by a catalog key. */
export function choiceOf<V extends string | number>(key: MessageKey, value: V): APIApplicationCommandOptionChoice<V> {
  return localizedChoice({ zh: t("zh", key), en: t("en", key) }, value);
}

import type { APIApplicationCommandOptionChoice } from "discord.js";
import { TOPICS } from "../../../bank/schema.js";
import { DISCORD_LIMITS } from "../../../platform-limits.js";

/** Topics whose slug or Chinese or English title contains what the member typed (all of them for nothing typed). */
export function topicSuggestions(typed: string): APIApplicationCommandOptionChoice<string>[] {
  const wanted = typed.trim().toLowerCase();
  return TOPICS.filter((topic) => !wanted || [topic.slug, topic.zh, topic.en].some((name) => name.toLowerCase().includes(wanted)))
    .slice(0, DISCORD_LIMITS.autocompleteChoices)
    .map((topic) => ({ name: `${topic.zh} · ${topic.en}`, value: topic.slug }));
}

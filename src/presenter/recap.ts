import type { WeeklyRecap } from "../engine/recap/recap.js";
import { RECAP_TOP } from "../engine/recap/recap.js";
import type { Language, OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { encodeAction } from "./action-codec.js";

/** The weekly recap as posted: the week's numbers, a button to the most-missed question's answer, the top-10 picture when there is one. */
export function renderRecap(recap: WeeklyRecap, lang: Language, png: Uint8Array | null): OutgoingMessage {
  const lines = [t(lang, "recap.title", { from: recap.from, to: recap.to })];
  const top = recap.top.slice(0, RECAP_TOP).map((entry) => t(lang, "recap.topEntry", { rank: entry.rank, name: entry.displayName, points: entry.points }));
  if (top.length > 0) lines.push(t(lang, "recap.top", { top: top.join(" · ") }));
  lines.push(t(lang, "recap.members", { members: recap.members, answers: recap.answers }));
  if (recap.correctPercent !== null) lines.push(t(lang, "recap.correct", { percent: recap.correctPercent }));
  if (recap.mostMissed) lines.push(t(lang, "recap.mostMissed", { id: recap.mostMissed.question.id, wrong: recap.mostMissed.wrong, answered: recap.mostMissed.answered }));
  if (recap.longestStreak) lines.push(t(lang, "recap.streak", { name: recap.longestStreak.displayName, streak: recap.longestStreak.streak }));
  return {
    text: lines.join("\n"),
    ...(recap.mostMissed ? { choices: [{ action: encodeAction({ kind: "detail", questionId: recap.mostMissed.question.id }), label: t(lang, "recap.button", { id: recap.mostMissed.question.id }) }] } : {}),
    ...(png ? { file: { kind: "picture", bytes: png, name: "recap.png" } } : {}),
  };
}

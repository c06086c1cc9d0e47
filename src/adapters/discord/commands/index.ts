import { answer } from "./answer.js";
import { daily } from "./daily.js";
import { help } from "./help.js";
import { leaderboard } from "./leaderboard.js";
import { question } from "./question.js";
import { quiz } from "./quiz.js";
import { practice, skip } from "./practice.js";
import { mock } from "./mock.js";
import { review } from "./review.js";
import { mistakes } from "./mistakes.js";
import { reveal } from "./reveal.js";
import { report, reports } from "./report.js";
import { search } from "./search.js";
import { settings } from "./settings.js";
import type { SlashCommand } from "./slash-command.js";
import { stats } from "./stats.js";
import { topics } from "./topics.js";
import { forgetme, link, mydata, unlink } from "./link.js";

/** The slash commands the bot registers and answers, in the shared /help order. */
export const SLASH_COMMANDS: readonly SlashCommand[] = [daily, answer, reveal, quiz, practice, skip, mock, review, mistakes, leaderboard, stats, topics, search, question, report, reports, settings, link, unlink, mydata, forgetme, help];

export function slashCommand(name: string): SlashCommand | undefined {
  return SLASH_COMMANDS.find((command) => command.definition.name === name);
}

import { answerCommand } from "./answer.js";
import type { Command } from "./command.js";
import { dailyCommand } from "./daily.js";
import { helpCommand } from "./help.js";
import { leaderboardCommand } from "./leaderboard.js";
import { questionCommand } from "./question.js";
import { quizCommand } from "./quiz.js";
import { practiceCommand, skipCommand } from "./practice.js";
import { mockCommand } from "./mock.js";
import { reviewCommand } from "./review.js";
import { reportCommand } from "./report.js";
import { reportsCommand } from "./reports.js";
import { mistakesCommand } from "./mistakes.js";
import { revealCommand } from "./reveal.js";
import { searchCommand } from "./search.js";
import { settingsCommand } from "./settings.js";
import { statsCommand } from "./stats.js";
import { topicsCommand } from "./topics.js";
import { linkCommand } from "./link.js";
import { unlinkCommand } from "./unlink.js";
import { mydataCommand } from "./mydata.js";
import { forgetmeCommand } from "./forgetme.js";

/** The chat commands every adapter offers, in /help order. */
export const CHAT_COMMANDS: readonly Command[] = [
  dailyCommand,
  answerCommand,
  revealCommand,
  quizCommand,
  practiceCommand,
  skipCommand,
  mockCommand,
  reviewCommand,
  mistakesCommand,
  leaderboardCommand,
  statsCommand,
  topicsCommand,
  searchCommand,
  questionCommand,
  reportCommand,
  reportsCommand,
  settingsCommand,
  linkCommand,
  unlinkCommand,
  mydataCommand,
  forgetmeCommand,
  helpCommand,
];

import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { bareAnswerLine } from "../commands/bare-answer.js";
import { CHAT_COMMANDS } from "../commands/index.js";
import { dispatch, parseCommandLine } from "../commands/dispatch.js";
import { answerFreeText } from "../commands/mock.js";
import type { Command } from "../commands/command.js";
import type { Engine } from "../engine/engine.js";
import type { ChatRef, Messenger, OutgoingMessage } from "../engine/types.js";
import { languageFor, t } from "../i18n/index.js";
import type { Logger } from "../logger.js";
import { MockTimeUps } from "../scheduler/mock-time-up.js";
import { asCommand, consoleMember, timeCommand, type ConsoleContext, type ConsoleState } from "./commands.js";
import type { ShiftableClock } from "./clock.js";
import { consoleText } from "./render.js";

export const CONSOLE_CHAT: ChatRef = { platform: "console", externalId: "console", title: "console" };
export const CONSOLE_COMMANDS: readonly Command<ConsoleContext>[] = [...CHAT_COMMANDS, asCommand, timeCommand];

export interface ConsoleOptions {
  engine: Engine;
  clock: ShiftableClock;
  input: Readable;
  output: Writable;
  log: Logger;
  /** A terminal gets a prompt and a welcome; a script gets each command echoed before its reply. */
  interactive: boolean;
  memberName?: string;
  locale?: string;
  /** Where pictures are written (default: studybot-pictures in the system's temporary directory). */
  pictureDir?: string;
  /** ANSI bold and colour for the Markdown; by default when the output is a terminal, never when it is piped. */
  styled?: boolean;
}

let pictures = 0;

/**
 * Encodes neutral messages for a terminal (styled or plain, see render.ts), a blank line between.
 * A file (a picture, a data export) is written to the file directory and its path printed under the text.
 */
function printMessages(output: Writable, messages: OutgoingMessage[], styled: boolean, pictureDir: string): void {
  for (const message of messages) {
    if (!message.file) {
      output.write(`${consoleText(message.text, styled)}\n\n`);
      continue;
    }
    mkdirSync(pictureDir, { recursive: true });
    const file = path.join(pictureDir, `${process.pid}-${++pictures}-${message.file.name}`);
    writeFileSync(file, message.file.bytes);
    output.write(`${consoleText(message.text, styled)}\n${t("zh", message.file.kind === "picture" ? "console.picture" : "console.file", { path: file })}\n\n`);
  }
}

/** The console chat: reads commands line by line until the input ends. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { engine, output, log } = options;
  const pictureDir = options.pictureDir ?? path.join(tmpdir(), "studybot-pictures");
  const styled = options.styled ?? (output as Writable & { isTTY?: boolean }).isTTY === true;
  const state: ConsoleState = { member: consoleMember(options.memberName ?? "me", options.locale), clock: options.clock };
  // The console runs no scheduler: after each line, a mock interview question whose time ran out (the clock may
  // have moved by /time) says so, once, as the scheduler's minute would elsewhere.
  const printer: Messenger = {
    send: async (_to, message) => {
      printMessages(output, [message], styled, pictureDir);
      return "console";
    },
    edit: async () => undefined,
  };
  const timeUps = engine.mock ? new MockTimeUps({ engine, messengers: new Map([["console", printer]]), log, concurrency: 1 }) : undefined;
  const lines = createInterface({ input: options.input, output: options.interactive ? output : undefined, terminal: options.interactive });

  const contextFor = async (): Promise<ConsoleContext> => {
    const chat = await engine.chat(CONSOLE_CHAT);
    return { engine, chat: CONSOLE_CHAT, member: state.member, lang: languageFor(chat.language, state.member.locale), commands: CONSOLE_COMMANDS, surface: "typed", freeText: "typed", state };
  };

  if (options.interactive) {
    output.write(`${t((await contextFor()).lang, "console.welcome")}\n\n`);
    lines.setPrompt(`${state.member.displayName}> `);
    lines.prompt();
  }
  for await (const line of lines) {
    if (line.trim() === "") {
      if (options.interactive) lines.prompt();
      continue;
    }
    if (!options.interactive) output.write(`> ${line}\n`);
    try {
      const ctx = await contextFor();
      // The next line that is not a command answers a running mock interview or an open practice question; else a lone letter or
      // grade answers the waiting question, as /answer would.
      const practised = parseCommandLine(line) ? undefined : await answerFreeText(ctx, line);
      printMessages(output, practised ?? (await dispatch(ctx, CONSOLE_COMMANDS, bareAnswerLine(line, "console") ?? line, log)), styled, pictureDir);
      await timeUps?.tick();
    } catch (error) {
      // dispatch answers command errors itself; this catches failures around it (e.g. the database).
      log.error({ err: error }, "console line failed");
      output.write(`${t("zh", "error.internal")}\n\n`);
    }
    if (options.interactive) {
      lines.setPrompt(`${state.member.displayName}> `);
      lines.prompt();
    }
  }
}

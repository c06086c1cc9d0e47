import { pino, type Logger } from "pino";

export type { Logger };

/** JSON logs on stderr, so stdout stays the chat (console) or free. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: "studybot" } }, pino.destination(2));
}

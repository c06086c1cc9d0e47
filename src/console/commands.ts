import type { Command, CommandContext } from "../commands/command.js";
import { usageReply } from "../commands/reply.js";
import type { MemberRef } from "../engine/types.js";
import { formatInstant, parseInstant } from "../engine/time.js";
import { t } from "../i18n/index.js";
import { parseShift, type ShiftableClock } from "./clock.js";

export interface ConsoleState {
  member: MemberRef;
  clock: ShiftableClock;
}

export interface ConsoleContext extends CommandContext {
  state: ConsoleState;
}

/** The console plays every member, and every member may change settings. */
export function consoleMember(name: string, locale?: string): MemberRef {
  return { platform: "console", externalId: name, displayName: name, isAdmin: true, ...(locale ? { locale } : {}) };
}

const MEMBER_NAME = /^[\p{L}\p{N}_.-]{1,32}$/u;

export const asCommand: Command<ConsoleContext> = {
  name: "as",
  usage: "/as <name>",
  description: "cmd.as",
  async run(ctx, args) {
    const name = args[0];
    if (args.length !== 1 || !name || !MEMBER_NAME.test(name)) return usageReply(ctx, this);
    ctx.state.member = consoleMember(name, ctx.state.member.locale);
    return [{ text: t(ctx.lang, "console.as", { name }) }];
  },
};

export const timeCommand: Command<ConsoleContext> = {
  name: "time",
  usage: "/time <ISO date-time | +1d | +2h | -30m>",
  description: "cmd.time",
  async run(ctx, args) {
    const chat = await ctx.engine.chat(ctx.chat);
    if (args.length === 1) {
      const shift = parseShift(args[0]!);
      const instant = shift === undefined ? parseInstant(args[0]!, chat.timeZone) : undefined;
      if (shift !== undefined) ctx.state.clock.shift(shift);
      else if (instant) ctx.state.clock.set(instant);
      else return usageReply(ctx, this);
    } else if (args.length > 1) {
      return usageReply(ctx, this);
    }
    return [{ text: t(ctx.lang, "console.time", { time: formatInstant(ctx.state.clock.now(), chat.timeZone) }) }];
  },
};

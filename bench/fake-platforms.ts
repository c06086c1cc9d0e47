import { FakeDiscord } from "../tests/support/fake-discord.js";
import { FakeTelegram } from "../tests/support/fake-telegram.js";

/**
 * The daily fan-out bench's fake Telegram and Discord servers in a process of their own (forked by
 * bench/scenarios/daily-fan-out.ts), so the bench's RSS is the bot's alone: the fakes keep every call
 * they answered, and their HTTP servers' buffers, out of the measured process. Argument: the rate
 * limits, as JSON { telegramPerSecond, discordPerSecond }. Over IPC it sends { telegram, discord } once
 * listening, answers "summary" with what each fake accepted, and exits on "stop".
 */

export interface FakePlatformsReady {
  telegram: { url: string; token: string };
  discord: { base: string };
}

export interface FakePlatformsSummary {
  /** Accepted daily posts per chat key ("telegram:<chat id>", "discord:<channel id>"). */
  postsPer: [string, number][];
  telegram429: number;
  discord429: number;
  /** Epoch milliseconds (performance.timeOrigin-based) of each platform's last accepted post, or null. */
  telegramLastPostAt: number | null;
  discordLastPostAt: number | null;
}

const limits = JSON.parse(process.argv[2] ?? "{}") as { telegramPerSecond: number; discordPerSecond: number };
const telegram = new FakeTelegram();
await telegram.start();
telegram.limitMessages(limits.telegramPerSecond);
const discord = await FakeDiscord.start();
discord.limitGlobal(limits.discordPerSecond);

const epoch = (at: number) => performance.timeOrigin + at;
const last = (calls: { at: number }[]) => (calls.length === 0 ? null : epoch(Math.max(...calls.map((call) => call.at))));

function summary(): FakePlatformsSummary {
  const telegramPosts = telegram.calls.filter((call) => /^send(Message|Poll)$/.test(call.method));
  const telegramAccepted = telegramPosts.filter((call) => call.status === 200);
  const discordPosts = discord.callsTo("POST", /^\/channels\/\d+\/messages$/);
  const discordAccepted = discordPosts.filter((call) => call.status === 200);
  const postsPer = new Map<string, number>();
  const bump = (key: string) => postsPer.set(key, (postsPer.get(key) ?? 0) + 1);
  for (const call of telegramAccepted) bump(`telegram:${String(call.payload.chat_id)}`);
  for (const call of discordAccepted) bump(`discord:${call.path.split("/")[2]}`);
  return {
    postsPer: [...postsPer],
    telegram429: telegramPosts.length - telegramAccepted.length,
    discord429: discordPosts.length - discordAccepted.length,
    telegramLastPostAt: last(telegramAccepted),
    discordLastPostAt: last(discordAccepted),
  };
}

process.on("message", (message) => {
  if (message === "summary") process.send!({ summary: summary() });
  if (message === "stop") {
    void Promise.all([discord.close(), telegram.stop()]).finally(() => process.exit(0));
  }
});
process.on("disconnect", () => process.exit(0));
process.send!({ ready: { telegram: { url: telegram.url, token: telegram.token }, discord: { base: discord.base } } satisfies FakePlatformsReady });

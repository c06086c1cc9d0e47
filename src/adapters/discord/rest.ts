import type { RESTOptions } from "discord.js";
import { DISCORD_LIMITS } from "../../platform-limits.js";

/**
 * discord.js's global budget a tenth below Discord's 50 requests per second: its one-second windows are
 * counted from when requests leave, and a few landing late next to the next window's first would make
 * 51 in a second (a 429 that stalls every request for a second). Even so, 300 daily posts take under 7 s.
 */
const GLOBAL_REQUESTS_PER_SECOND = Math.floor(DISCORD_LIMITS.requestsPerSecond * 0.9);

/** The REST settings: the global budget, and DISCORD_API_BASE (a proxy, a test server), from which discord.js then asks for the gateway URL too. */
export function restOptions(apiBase: string | undefined): Partial<RESTOptions> {
  return { globalRequestsPerSecond: GLOBAL_REQUESTS_PER_SECOND, ...(apiBase ? { api: `${apiBase.replace(/\/+$/, "")}/api` } : {}) };
}

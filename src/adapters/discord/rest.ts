/** The REST settings for DISCORD_API_BASE (a proxy, a test server): discord.js then asks that server for the gateway URL too. */
export function restOptions(apiBase: string | undefined): { api: string } | Record<string, never> {
  return apiBase ? { api: `${apiBase.replace(/\/+$/, "")}/api` } : {};
}

import { PermissionFlagsBits, type BaseInteraction, type User } from "discord.js";
import type { ChatRef, MemberRef } from "../../engine/types.js";

/**
 * Decodes who and where an interaction comes from. A Discord chat is a server (leaderboards are per
 * server); `place` is the channel the interaction came from. A DM is its own chat, keyed by its channel.
 */
export function chatRefOf(interaction: BaseInteraction): ChatRef {
  const place = interaction.channelId ?? undefined;
  if (interaction.guildId) {
    const title = interaction.guild?.name;
    return { platform: "discord", externalId: interaction.guildId, ...(title ? { title } : {}), ...(place ? { place } : {}) };
  }
  return { platform: "discord", externalId: place ?? interaction.user.id, ...(place ? { place } : {}) };
}

/**
 * The member behind an interaction. An admin is whoever may manage the server (checked here, server-side,
 * whatever the command's default permissions say); in a DM the member owns the chat.
 */
export function memberRefOf(interaction: BaseInteraction): MemberRef {
  const isAdmin = interaction.guildId ? (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false) : true;
  const member = interaction.member;
  const nickname = member && "displayName" in member ? member.displayName : member?.nick;
  return { ...userRef(interaction.user, nickname ?? undefined), locale: interaction.locale, isAdmin };
}

/** Another member, named in a command option; their admin rights do not matter there. */
export function userRef(user: User, nickname?: string): MemberRef {
  return { platform: "discord", externalId: user.id, displayName: nickname ?? user.displayName };
}

import { SlashCommandBuilder } from "discord.js";
import { statsCommand, statsOf } from "../../../commands/stats.js";
import { localized } from "../localize.js";
import { userRef } from "../refs.js";
import type { SlashCommand } from "./slash-command.js";

export const stats: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "stats", "统计", "cmd.stats")
    .addUserOption((option) => localized(option, "member", "成员", "discord.opt.member"))
    .toJSON(),
  run(interaction, ctx) {
    const user = interaction.options.getUser("member");
    if (!user) return statsCommand.run(ctx, []);
    // Another member's stats (for admins, or the member themself: the engine decides), in the caller's language.
    const member = interaction.options.getMember("member");
    const nickname = member && "displayName" in member ? member.displayName : (member?.nick ?? undefined);
    return statsOf(ctx, userRef(user, nickname));
  },
};

import { SlashCommandBuilder } from "discord.js";
import { forgetmeCommand } from "../../../commands/forgetme.js";
import { INPUT_LIMITS } from "../../../commands/limits.js";
import { linkCommand } from "../../../commands/link.js";
import { mydataCommand } from "../../../commands/mydata.js";
import { unlinkCommand } from "../../../commands/unlink.js";
import { choiceOf, localized } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";

/**
 * Account linking and the member's data: every reply is ephemeral (the shared commands mark them secret),
 * so a link code, an export or the erasure question is seen by the member alone, also in a server.
 */
export const link: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "link", "绑定账号", "cmd.link")
    .addStringOption((option) => localized(option, "code", "绑定码", "discord.opt.linkCode").setMaxLength(INPUT_LIMITS.linkCode))
    .toJSON(),
  run(interaction, ctx) {
    const code = interaction.options.getString("code");
    return linkCommand.run(ctx, code ? [code] : []);
  },
};

export const unlink: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "unlink", "解绑账号", "cmd.unlink")
    .addStringOption((option) =>
      localized(option, "platform", "平台", "discord.opt.platform")
        .setRequired(true)
        .addChoices(choiceOf("platform.telegram", "telegram"), choiceOf("platform.discord", "discord")),
    )
    .toJSON(),
  run: (interaction, ctx) => unlinkCommand.run(ctx, [interaction.options.getString("platform", true)]),
};

export const mydata: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "mydata", "我的数据", "cmd.mydata").toJSON(),
  run: (_interaction, ctx) => mydataCommand.run(ctx, []),
};

export const forgetme: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "forgetme", "删除我的数据", "cmd.forgetme").toJSON(),
  run: (_interaction, ctx) => forgetmeCommand.run(ctx, []),
};

import type { APIApplicationCommandOptionChoice, AutocompleteInteraction, ChatInputCommandInteraction, ModalBuilder, RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import type { CommandContext } from "../../../commands/command.js";
import type { Engine } from "../../../engine/engine.js";
import type { OutgoingMessage } from "../../../engine/types.js";

/**
 * One slash command: its definition (registered with Discord) next to its handler, which maps the
 * typed options onto the shared command logic and returns neutral messages for the adapter to send.
 */
export interface SlashCommand {
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Whether its reply is usually public (a daily question, a leaderboard): a slow one is then deferred publicly. */
  publicReply?: boolean;
  run(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<OutgoingMessage[]>;
  /** A modal to answer with instead of running (a form the command needs filled in, e.g. /report without a reason). */
  modal?(interaction: ChatInputCommandInteraction, ctx: CommandContext): ModalBuilder | undefined;
  /** Suggestions for the focused option; must be quick (Discord waits 3 seconds and allows no deferral). */
  autocomplete?(interaction: AutocompleteInteraction, engine: Engine): APIApplicationCommandOptionChoice<string>[];
}

import type { APIModalInteractionResponseCallbackData, AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, Interaction, InteractionReplyOptions, ModalSubmitInteraction } from "discord.js";
import { ComponentType, MessageFlags, TextInputStyle } from "discord.js";
import { answerMock } from "../../commands/mock.js";
import { answerPractice } from "../../commands/practice.js";
import { decodeAction, encodeAction } from "../../presenter/action-codec.js";
import { DISCORD_LIMITS } from "../../platform-limits.js";
import { truncate } from "./render.js";
import { handleAction } from "../../commands/actions.js";
import { CHAT_COMMANDS } from "../../commands/index.js";
import type { Engine } from "../../engine/engine.js";
import type { OutgoingMessage } from "../../engine/types.js";
import { languageFor, t } from "../../i18n/index.js";
import type { Logger } from "../../logger.js";
import type { Metrics } from "../../metrics.js";
import { commandContext } from "../context.js";
import { slashCommand } from "./commands/index.js";
import { chatRefOf, memberRefOf } from "./refs.js";
import { toDiscordPayloads, type DiscordPayload } from "./render.js";
import { reportModal, submitReport } from "./report-modal.js";
import type { MockStep } from "../../engine/mock/mock.js";
import { mockAnswerAction } from "../../presenter/mock.js";

export interface InteractionDeps {
  engine: Engine;
  log: Logger;
  metrics: Metrics;
  /** How long work may run before the interaction is acknowledged with a deferral (Discord allows 3 s). */
  ackDeadlineMs: number;
}

export const DEFAULT_ACK_DEADLINE_MS = 2000;

const LATE = Symbol("late");

/**
 * Runs `work`; when it is not done by the deadline, `defer` acknowledges the interaction first so its
 * token stays valid for the follow-ups (15 minutes); a deadline of 0 defers at once. Returns the result and
 * whether it was deferred.
 */
async function withinAckWindow<T>(work: Promise<T>, deadlineMs: number, defer: () => Promise<unknown>): Promise<{ value: T; deferred: boolean }> {
  if (deadlineMs <= 0) {
    await defer();
    return { value: await work, deferred: true };
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(() => resolve(LATE), deadlineMs)));
  const first = await Promise.race([work, late]).finally(() => clearTimeout(timer));
  if (first !== LATE) return { value: first, deferred: false };
  await defer();
  return { value: await work, deferred: true };
}

/** The Discord messages of neutral replies, in order. */
function payloadsOf(messages: readonly OutgoingMessage[]): DiscordPayload[] {
  return messages.flatMap((message) => toDiscordPayloads(message));
}

const isEphemeral = (payload: DiscordPayload) => ((payload.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
const filesOf = (payload: DiscordPayload) => (payload.files ? { files: payload.files.map((file) => ({ attachment: file.data, name: file.name })) } : {});
const replyOptions = (payload: DiscordPayload): InteractionReplyOptions & { flags?: MessageFlags.Ephemeral } =>
  isEphemeral(payload)
    ? { embeds: payload.embeds, components: payload.components, ...filesOf(payload), flags: MessageFlags.Ephemeral }
    : { embeds: payload.embeds, components: payload.components, ...filesOf(payload) };

/** How an interaction was acknowledged before its replies were ready: not at all, or by a public or an ephemeral deferral. */
type Deferral = "none" | "public" | "ephemeral";

/**
 * Sends a command's replies: the first answers the interaction (or fills its deferral), the rest follow up.
 * Discord makes the first follow-up after an unfilled deferral take the deferral's place and its
 * ephemerality, so a deferral of the wrong visibility is deleted before the first reply follows up.
 */
async function replyAll(interaction: ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction, payloads: DiscordPayload[], deferral: Deferral): Promise<void> {
  const [first, ...rest] = payloads;
  if (!first) {
    if (deferral !== "none") await interaction.deleteReply();
    return;
  }
  if (deferral === "none") {
    await interaction.reply(replyOptions(first));
  } else if (isEphemeral(first) === (deferral === "ephemeral")) {
    await interaction.editReply({ embeds: first.embeds, components: first.components, ...filesOf(first) });
  } else {
    await interaction.deleteReply();
    await interaction.followUp(replyOptions(first));
  }
  for (const payload of rest) await interaction.followUp(replyOptions(payload));
}

/** The shared commands Discord registers (/help lists these). */
const DISCORD_COMMANDS = CHAT_COMMANDS.filter((command) => slashCommand(command.name));

/** The context of a Discord interaction: free text (a practice or mock interview answer) comes through a modal. */
async function contextOf(interaction: Interaction, deps: InteractionDeps) {
  return { ...(await commandContext(deps.engine, chatRefOf(interaction), memberRefOf(interaction), DISCORD_COMMANDS)), freeText: "modal" as const };
}

/** The longest answer the modal takes (Discord's paragraph input allows 4,000 characters; 2,000 of them are graded). */
export const PRACTICE_INPUT_MAX = DISCORD_LIMITS.textInputValue;
const ANSWER_INPUT_ID = "answer";

async function onCommand(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  const command = slashCommand(interaction.commandName);
  const ctx = await contextOf(interaction, deps);
  if (!command) {
    await interaction.reply({ content: t(ctx.lang, "unknownCommand", { command: `/${interaction.commandName}` }), flags: MessageFlags.Ephemeral });
    return;
  }
  // A command that needs a form filled in first answers with the modal (no deferral: a modal must be the first answer).
  const modal = command.modal?.(interaction, ctx);
  if (modal) {
    await interaction.showModal(modal);
    return;
  }
  // A slow command is deferred with the visibility its reply usually has (the channel sees a daily question, not a placeholder).
  const visibility: Deferral = command.publicReply ? "public" : "ephemeral";
  const { value, deferred } = await withinAckWindow(command.run(interaction, ctx), deps.ackDeadlineMs, () => interaction.deferReply(visibility === "public" ? {} : { flags: MessageFlags.Ephemeral }));
  await replyAll(interaction, payloadsOf(value), deferred ? visibility : "none");
}

/**
 * A button press: the action string runs through the shared handleAction. The pressing member gets an
 * ephemeral reply; when the action re-renders the message the button was on (the daily's answer count),
 * that message is updated as the acknowledgement.
 */
async function onButton(interaction: ButtonInteraction, deps: InteractionDeps): Promise<void> {
  const ctx = await contextOf(interaction, deps);
  const action = decodeAction(interaction.customId);
  if (action?.kind === "practice") return openAnswerForm(interaction, action.promptId, ctx);
  if (action?.kind === "mockAnswer") return openMockAnswerForm(interaction, action, ctx);
  // 🚩 报错 opens the report modal: a reason to pick and an optional text, in one form.
  if (action?.kind === "report" && !action.reason && deps.engine.question(action.questionId).ok) {
    await interaction.showModal(reportModal(action.questionId, ctx.lang));
    return;
  }
  const { value: reply, deferred } = await withinAckWindow(handleAction(ctx, interaction.customId), deps.ackDeadlineMs, () => interaction.deferUpdate());
  // What the member asked to see (显示答案: a reference answer) follows the notice, ephemeral like it.
  const shown = reply.shown ? [{ ...reply.shown, private: true }] : [];
  const privateReplies = payloadsOf([{ ...(reply.detail ?? { text: reply.notice }), private: true }, ...shown, ...reply.messages]);
  const refreshed = reply.refresh ? toDiscordPayloads(reply.refresh)[0] : undefined;
  if (refreshed) {
    const edit = { embeds: refreshed.embeds, components: refreshed.components };
    if (deferred) await interaction.editReply(edit);
    else await interaction.update(edit);
    for (const payload of privateReplies) await interaction.followUp(replyOptions(payload));
  } else if (deferred) {
    for (const payload of privateReplies) await interaction.followUp(replyOptions(payload));
  } else {
    await replyAll(interaction, privateReplies, "none");
  }
}

/**
 * 作答: a modal with one paragraph input, if the button's question is still the member's open one (a modal
 * must be the interaction's first response, so nothing slow runs before it).
 */
async function openAnswerForm(interaction: ButtonInteraction, promptId: number, ctx: Awaited<ReturnType<typeof contextOf>>): Promise<void> {
  const current = await ctx.engine.practice?.current(ctx.chat, ctx.member);
  if (!current?.ok || current.value.prompt.id !== promptId) {
    await interaction.reply({ content: t(ctx.lang, current?.ok === false ? "error.NO_ACTIVE_PRACTICE" : "error.STALE"), flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.showModal(answerModal(encodeAction({ kind: "practice", promptId }), t(ctx.lang, "practice.modalTitle", { id: current.value.question.id }), t(ctx.lang, "practice.modalLabel")));
}

/** A modal with one paragraph input of up to 4,000 characters (a practice or mock interview answer). */
function answerModal(customId: string, title: string, label: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
    title: truncate(title, DISCORD_LIMITS.modalTitle),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, custom_id: ANSWER_INPUT_ID, label: truncate(label, DISCORD_LIMITS.textInputLabel), style: TextInputStyle.Paragraph, min_length: 1, max_length: PRACTICE_INPUT_MAX, required: true }],
      },
    ],
  };
}

/**
 * 作答 on a mock interview question (or follow-up): the modal, if the button's step is what the member's
 * running interview asks now. The modal's custom id names that step, so a late submit answers nothing else.
 */
async function openMockAnswerForm(interaction: ButtonInteraction, step: MockStep, ctx: Awaited<ReturnType<typeof contextOf>>): Promise<void> {
  const current = await ctx.engine.mock?.current(ctx.member);
  if (!current?.ok) {
    await interaction.reply({ content: t(ctx.lang, "error.NO_ACTIVE_MOCK"), flags: MessageFlags.Ephemeral });
    return;
  }
  const view = current.value;
  if (mockAnswerAction(view) !== encodeAction({ kind: "mockAnswer", ...step })) {
    await interaction.reply({ content: t(ctx.lang, "error.STALE"), flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.showModal(answerModal(mockAnswerAction(view), t(ctx.lang, "mock.modalTitle", { n: view.position + 1, total: view.total }), t(ctx.lang, "mock.modalLabel")));
}

/**
 * A submitted modal: a practice or mock interview answer is graded (the LLM grader may take seconds: deferred when slow), a report
 * is filed; either way the reply is ephemeral.
 */
async function onModalSubmit(interaction: ModalSubmitInteraction, deps: InteractionDeps): Promise<void> {
  const ctx = await contextOf(interaction, deps);
  const action = decodeAction(interaction.customId);
  const work: Promise<OutgoingMessage[] | undefined> =
    action?.kind === "practice"
      ? answerPractice(ctx, interaction.fields.getTextInputValue(ANSWER_INPUT_ID), { promptId: action.promptId })
      : action?.kind === "mockAnswer"
        ? answerMock(ctx, interaction.fields.getTextInputValue(ANSWER_INPUT_ID), { mockId: action.mockId, position: action.position, followUp: action.followUp })
        : action?.kind === "report"
        ? submitReport(interaction, deps.engine, ctx.member, action.questionId, ctx.lang)
        : Promise.resolve(undefined);
  const { value, deferred } = await withinAckWindow(work, deps.ackDeadlineMs, () => interaction.deferReply({ flags: MessageFlags.Ephemeral }));
  const messages = value ?? [{ text: t(ctx.lang, "error.STALE") }];
  await replyAll(interaction, payloadsOf(messages.map((message) => ({ ...message, private: true }))), deferred ? "ephemeral" : "none");
}

async function onAutocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  const command = slashCommand(interaction.commandName);
  await interaction.respond(command?.autocomplete?.(interaction, deps.engine) ?? []);
}

function describe(interaction: Interaction): Record<string, unknown> {
  return {
    id: interaction.id,
    type: interaction.type,
    guild: interaction.guildId,
    channel: interaction.channelId,
    user: interaction.user.id,
    ...(interaction.isCommand() || interaction.isAutocomplete() ? { command: interaction.commandName } : {}),
    ...(interaction.isMessageComponent() ? { customId: interaction.customId } : {}),
  };
}

/** After an unexpected error: a short apology to the member if the interaction can still be answered. */
async function apologise(interaction: Interaction): Promise<void> {
  if (!interaction.isRepliable()) return;
  const text = t(languageFor("zh", interaction.locale), "error.internal");
  if (interaction.replied || interaction.deferred) {
    // An unfilled deferral would give the follow-up its place and visibility: a public one is removed first.
    if (interaction.deferred && !interaction.replied && !interaction.ephemeral && !interaction.isMessageComponent()) await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp({ content: text, flags: MessageFlags.Ephemeral });
  } else await interaction.reply({ content: text, flags: MessageFlags.Ephemeral });
}

/** The interactionCreate listener. An error in one interaction is logged with its context and never escapes. */
export function interactionHandler(deps: InteractionDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    const kind = interaction.isChatInputCommand() ? "command" : interaction.isButton() ? "button" : interaction.isAutocomplete() ? "autocomplete" : interaction.isModalSubmit() ? "modal" : "other";
    try {
      if (interaction.isChatInputCommand()) await onCommand(interaction, deps);
      else if (interaction.isButton()) await onButton(interaction, deps);
      else if (interaction.isAutocomplete()) await onAutocomplete(interaction, deps);
      else if (interaction.isModalSubmit()) await onModalSubmit(interaction, deps);
      else return;
      deps.metrics.updatesHandled.inc({ platform: "discord", kind });
    } catch (error) {
      deps.metrics.updateErrors.inc({ platform: "discord" });
      deps.log.error({ err: error, interaction: describe(interaction) }, "discord interaction failed");
      await apologise(interaction).catch((replyError: unknown) => deps.log.warn({ err: replyError, interaction: describe(interaction) }, "could not apologise for a failed interaction"));
    }
  };
}

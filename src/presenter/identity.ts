import type { IssuedCode, PendingLink, UnlinkOutcome } from "../engine/identity/identity.js";
import type { ForgetWrite, IdentityRecord } from "../engine/identity/ports.js";
import type { Language, OutgoingMessage, Platform } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { encodeAction } from "./action-codec.js";
import { echo } from "./echo.js";

/** Account linking and the member's data, as neutral messages: everything here is for the member alone. */

export function platformName(platform: Platform | string, lang: Language): string {
  return platform === "discord" || platform === "telegram" ? t(lang, `platform.${platform}`) : t(lang, "platform.console");
}

/** "已绑定的账号：" and one line per identity (this one marked). */
export function renderIdentities(identities: readonly IdentityRecord[], lang: Language): string[] {
  if (identities.length < 2) return [t(lang, "link.onlyThis")];
  return [
    t(lang, "link.linkedTitle"),
    ...identities.map((identity, i) => t(lang, i === 0 ? "link.identityThis" : "link.identity", { platform: platformName(identity.platform, lang), name: echo(identity.displayName) })),
  ];
}

/** /link: the code (secret: never shown to a group) and what is linked already. */
export function renderIssuedCode(issued: IssuedCode, lang: Language): OutgoingMessage {
  const lines = [t(lang, "link.code", { code: issued.code }), "", ...renderIdentities(issued.identities, lang)];
  return { text: lines.join("\n"), private: true, secret: true };
}

/** The question after /link <code>, with its two buttons. */
export function renderPendingLink(pending: PendingLink, lang: Language): OutgoingMessage {
  return {
    text: t(lang, "link.confirm", { platform: platformName(pending.redeemer.platform, lang), issuerPlatform: platformName(pending.issuer.platform, lang), name: echo(pending.issuer.displayName) }),
    choices: [
      { action: encodeAction({ kind: "link", codeId: pending.codeId, confirm: true }), label: t(lang, "link.confirmButton") },
      { action: encodeAction({ kind: "link", codeId: pending.codeId, confirm: false }), label: t(lang, "link.cancelButton") },
    ],
    private: true,
    secret: true,
  };
}

export function renderLinked(identities: readonly IdentityRecord[], lang: Language): OutgoingMessage {
  return { text: [t(lang, "link.linked"), "", ...renderIdentities(identities, lang)].join("\n"), private: true };
}

export function renderUnlinked(outcome: UnlinkOutcome, lang: Language): OutgoingMessage {
  return { text: [t(lang, "unlink.done", { platform: platformName(outcome.platform, lang) }), "", ...renderIdentities(outcome.remaining, lang)].join("\n"), private: true };
}

export function renderForgetDone(forgotten: ForgetWrite, lang: Language): OutgoingMessage {
  return { text: t(lang, "forget.done", { identities: forgotten.identities, answers: forgotten.anonymisedAnswers }), private: true };
}

/** /forgetme: what goes and what stays, with the confirmation buttons (valid 10 minutes). */
export function renderForgetQuestion(stamp: number, lang: Language): OutgoingMessage {
  return {
    text: t(lang, "forget.confirm"),
    choices: [
      { action: encodeAction({ kind: "forget", stamp, confirm: true }), label: t(lang, "forget.yes") },
      { action: encodeAction({ kind: "forget", stamp, confirm: false }), label: t(lang, "forget.no") },
    ],
    private: true,
    secret: true,
  };
}

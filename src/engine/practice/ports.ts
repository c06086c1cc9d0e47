import type { RecallGrade } from "../responses.js";
import type { StoreTx } from "../ports/quiz.js";
import type { GraderName, KeyPointVerdict } from "./grader.js";

/**
 * The practice capability's own port: the open question a member was asked (one per member and chat),
 * and their answers in their own words with the verdicts and the grade they confirmed.
 */

export type PracticeStatus = "active" | "answered" | "skipped" | "expired" | "replaced";

export interface PracticePromptRecord {
  id: number;
  chatId: number;
  memberId: number;
  questionId: string;
  /** The bot message that asked it, once sent (a Telegram ForceReply: only a reply to it answers in a group). */
  messageId: string | null;
  status: PracticeStatus;
  askedAt: Date;
  lastActivityAt: Date;
}

export interface PracticeAttemptRecord {
  id: number;
  promptId: number;
  learnerId: number;
  memberId: number;
  chatId: number;
  questionId: string;
  /** The graded text (at most MAX_GRADED_CHARS). */
  answer: string;
  truncated: boolean;
  coverage: number;
  verdicts: KeyPointVerdict[];
  grader: GraderName;
  suggestedGrade: RecallGrade;
  confirmedGrade: RecallGrade | null;
  /** The member had never answered this question anywhere before (the quiz's first-answer rule). */
  firstAttempt: boolean;
  points: number;
  createdAt: Date;
  confirmedAt: Date | null;
}

export type NewPracticeAttempt = Omit<PracticeAttemptRecord, "id" | "confirmedGrade" | "points" | "confirmedAt">;

/**
 * Writes of one practice transaction. Points and "answered before" are the quiz's own writes (StoreTx's
 * addPoints and markAnswered): one spelling of each.
 */
export interface PracticeTx extends Pick<StoreTx, "addPoints" | "markAnswered"> {
  /** Closes the prompt if it is still active; false when another answer (or a skip) closed it first. */
  closePrompt(promptId: number, status: Exclude<PracticeStatus, "active">, at: Date): Promise<boolean>;
  /** Throws DuplicateError when the prompt already has its attempt. */
  insertAttempt(attempt: NewPracticeAttempt): Promise<PracticeAttemptRecord>;
  /** Sets the confirmed grade and the points earned if none was confirmed yet; false otherwise. */
  confirmAttempt(attemptId: number, grade: RecallGrade, points: number, at: Date): Promise<boolean>;
}

export interface PracticeStore {
  transaction<T>(work: (tx: PracticeTx) => Promise<T>): Promise<T>;
  activePrompt(chatId: number, memberId: number): Promise<PracticePromptRecord | null>;
  /** Throws DuplicateError when the member already has an active prompt in this chat. */
  createPrompt(prompt: Omit<PracticePromptRecord, "id" | "status" | "messageId">): Promise<PracticePromptRecord>;
  closePrompt(promptId: number, status: Exclude<PracticeStatus, "active">, at: Date): Promise<boolean>;
  /** Records the message that asked the prompt. */
  setPromptMessage(promptId: number, messageId: string): Promise<void>;
  attempt(attemptId: number): Promise<PracticeAttemptRecord | null>;
  /** The id of the member's latest prompt in this chat, whatever its status. */
  latestPromptId(chatId: number, memberId: number): Promise<number | null>;
  /** The member's latest attempt in this chat, if any. */
  latestAttempt(chatId: number, memberId: number): Promise<PracticeAttemptRecord | null>;
  /** The learner's latest attempt at a question (their own last answer), if any. */
  lastAnswer(learnerId: number, questionId: string): Promise<PracticeAttemptRecord | null>;
  /** Answers of the member the metered (LLM) grader graded in [from, to), practice and mock alike (the daily quota). */
  countMeteredGrades(memberId: number, from: Date, to: Date): Promise<number>;
  /** Counts one answer the metered grader graded against the member's quota. */
  recordMeteredGrade(memberId: number, at: Date): Promise<void>;
  /** The time zone of a chat (points count in the periods of the chat the answer was given in). */
  timeZoneOf(chatId: number): Promise<string>;
  /** Question ids the learner has practised. */
  practisedQuestionIds(learnerId: number): Promise<Set<string>>;
}

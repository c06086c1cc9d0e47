/** One question as found in one source document, before classification and duplicate merging. */
export interface RawQuestion {
  /** File name under questions/sources/. */
  file: string;
  /** Number unique within the file (see the parser of each format for how it is derived). */
  number: number;
  /** Plain text, normalized, no Markdown markers. */
  prompt: string;
  /** Reference answer, Markdown. */
  answer?: string;
  /** Section or part heading the question appeared under; a hint for the topic classifier. */
  topicHint?: string;
}

export type SourceParser = (text: string, file: string) => RawQuestion[];

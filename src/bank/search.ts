import type { Question } from "./schema.js";
import { searchKey } from "./normalize.js";

interface Indexed {
  question: Question;
  prompt: string;
  answer: string;
}

/**
 * Search over the bank: every query term must appear in the prompt or the answer, compared by
 * searchKey (so "大模型" finds text written with the Kangxi radical ⼤). Prompt hits rank above
 * answer-only hits, then shorter prompts first.
 */
export function createSearch(questions: readonly Question[]): (query: string, limit?: number) => Question[] {
  const index: Indexed[] = questions.map((question) => ({ question, prompt: searchKey(question.prompt), answer: searchKey(question.answer ?? "") }));
  return (query, limit = 10) => {
    const terms = query.split(/\s+/u).map(searchKey).filter((term) => term.length > 0);
    if (terms.length === 0) return [];
    const hits: { question: Question; promptHits: number; length: number }[] = [];
    for (const entry of index) {
      let promptHits = 0;
      let matched = true;
      for (const term of terms) {
        if (entry.prompt.includes(term)) promptHits++;
        else if (!entry.answer.includes(term)) {
          matched = false;
          break;
        }
      }
      if (matched) hits.push({ question: entry.question, promptHits, length: entry.prompt.length });
    }
    hits.sort((a, b) => b.promptHits - a.promptHits || a.length - b.length || a.question.id.localeCompare(b.question.id));
    return hits.slice(0, limit).map((hit) => hit.question);
  };
}

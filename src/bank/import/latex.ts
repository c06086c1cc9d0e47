/** Unicode for the TeX commands that occur in OCR'd formulas. */
const SYMBOLS: Readonly<Record<string, string>> = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", theta: "θ", lambda: "λ", mu: "μ", pi: "π",
  sigma: "σ", tau: "τ", phi: "φ", omega: "ω", Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Sigma: "Σ",
  Phi: "Φ", Omega: "Ω", times: "×", cdot: "·", le: "≤", leq: "≤", ge: "≥", geq: "≥", neq: "≠", approx: "≈",
  infty: "∞", sqrt: "√", sum: "∑", dagger: "†", "%": "%", "{": "{", "}": "}",
};
/** Font and accent wrappers add nothing in plain text (accents in OCR output are mostly misread specks). */
const WRAPPERS = /\\(?:math(?:sf|rm|bf|it|cal)|text(?:rm|sf|bf|it)?|operatorname|dot|ddot|hat|bar|tilde|vec)\s*/gu;

/** Turns one TeX math body into plain text: `{ \mathsf { O } } ( { \mathsf { n } } ^ { 2 } )` → `O(n^2)`. */
export function latexToText(tex: string): string {
  return tex
    .replace(WRAPPERS, "")
    .replace(/\\([A-Za-z]+|[%{}])/gu, (whole, name: string) => SYMBOLS[name] ?? name)
    .replace(/[{}\s]/gu, ""); // OCR puts spaces around every token; math here never needs them
}

/** Replaces every inline `$…$` formula by its plain-text form, so prompts carry no TeX. */
export function simplifyInlineLatex(s: string): string {
  return s.replace(/\$([^$]+)\$/gu, (_whole, tex: string) => latexToText(tex));
}

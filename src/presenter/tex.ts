/**
 * TeX math → readable Unicode text, for chats that cannot typeset formulas: `\text{softmax}(QK^\top/\sqrt{d_k})V`
 * becomes `softmax(QKᵀ/√dₖ)V`. No maintained npm package does this for the math the bank uses (fractions, roots,
 * sub- and superscripts, matrices, cases, \mathbb, accents): the ones there map single macros to characters only.
 * It covers what the bank's answers contain and degrades to readable ASCII for the rest (`x^(2i/d)`, `W_Q`):
 * the output never carries a backslash command, a brace group or a `$`.
 */

const SYMBOLS: Readonly<Record<string, string>> = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", zeta: "ζ", eta: "η", theta: "θ", vartheta: "ϑ",
  iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π", rho: "ρ", sigma: "σ", tau: "τ", upsilon: "υ",
  phi: "φ", varphi: "φ", chi: "χ", psi: "ψ", omega: "ω",
  Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Xi: "Ξ", Pi: "Π", Sigma: "Σ", Upsilon: "Υ", Phi: "Φ", Psi: "Ψ", Omega: "Ω",
  times: "×", cdot: "·", odot: "⊙", otimes: "⊗", oplus: "⊕", circ: "∘", ast: "∗", star: "⋆", div: "÷", pm: "±", mp: "∓",
  le: "≤", leq: "≤", ge: "≥", geq: "≥", neq: "≠", ne: "≠", approx: "≈", sim: "∼", simeq: "≃", equiv: "≡", propto: "∝",
  ll: "≪", gg: "≫", in: "∈", notin: "∉", subset: "⊂", subseteq: "⊆", cup: "∪", cap: "∩", emptyset: "∅",
  infty: "∞", partial: "∂", nabla: "∇", forall: "∀", exists: "∃", neg: "¬", land: "∧", lor: "∨",
  sum: "∑", prod: "∏", int: "∫", top: "ᵀ", intercal: "ᵀ", dagger: "†", prime: "′",
  to: "→", rightarrow: "→", leftarrow: "←", Rightarrow: "⇒", Leftarrow: "⇐", leftrightarrow: "↔", iff: "⇔", mapsto: "↦",
  mid: "|", vert: "|", Vert: "‖", lvert: "|", rvert: "|", langle: "⟨", rangle: "⟩", lceil: "⌈", rceil: "⌉", lfloor: "⌊", rfloor: "⌋",
  dots: "…", ldots: "…", cdots: "⋯", vdots: "⋮", ddots: "⋱", ell: "ℓ", hbar: "ℏ",
  lbrace: "{", rbrace: "}", "{": "{", "}": "}", "%": "%", _: "_", "&": "&", "#": "#", $: "$",
  ",": " ", ";": " ", ":": " ", " ": " ", "!": "", quad: "  ", qquad: "    ", "\\": "; ",
};

/** Operator names set upright in TeX: printed as words. */
const OPERATORS = new Set(["sin", "cos", "tan", "tanh", "sinh", "cosh", "log", "ln", "exp", "max", "min", "arg", "argmax", "argmin", "lim", "sup", "inf", "det", "dim", "softmax"]);
/** Size and spacing commands that only change how a delimiter or group is typeset. */
const SIZING = new Set(["big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "left", "right", "middle", "displaystyle", "textstyle", "limits", "nolimits"]);
/** Wrappers whose argument is printed as is (text and fonts). */
const TEXT_WRAPPERS = new Set(["text", "textrm", "textit", "textbf", "textsf", "texttt", "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "operatorname", "boldsymbol", "bm", "mbox"]);
const ACCENTS: Readonly<Record<string, string>> = { hat: "\u0302", widehat: "\u0302", bar: "\u0304", overline: "\u0305", tilde: "\u0303", widetilde: "\u0303", vec: "\u20d7", dot: "\u0307", ddot: "\u0308" };
const DOUBLE_STRUCK: Readonly<Record<string, string>> = { R: "ℝ", N: "ℕ", Z: "ℤ", Q: "ℚ", C: "ℂ", E: "𝔼", P: "ℙ", "1": "𝟙" };
const SCRIPT: Readonly<Record<string, string>> = {
  A: "𝒜", B: "ℬ", C: "𝒞", D: "𝒟", E: "ℰ", F: "ℱ", G: "𝒢", H: "ℋ", I: "ℐ", J: "𝒥", K: "𝒦", L: "ℒ", M: "ℳ", N: "𝒩", O: "𝒪",
  P: "𝒫", Q: "𝒬", R: "ℛ", S: "𝒮", T: "𝒯", U: "𝒰", V: "𝒱", W: "𝒲", X: "𝒳", Y: "𝒴", Z: "𝒵",
};
const SUPERSCRIPT: Readonly<Record<string, string>> = {
  "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "+": "⁺", "-": "⁻", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾",
  a: "ᵃ", b: "ᵇ", c: "ᶜ", d: "ᵈ", e: "ᵉ", f: "ᶠ", g: "ᵍ", h: "ʰ", i: "ⁱ", j: "ʲ", k: "ᵏ", l: "ˡ", m: "ᵐ", n: "ⁿ", o: "ᵒ", p: "ᵖ", r: "ʳ", s: "ˢ", t: "ᵗ", u: "ᵘ", v: "ᵛ", w: "ʷ", x: "ˣ", y: "ʸ", z: "ᶻ",
  T: "ᵀ", "ᵀ": "ᵀ", "′": "′", "*": "*", "†": "†", "∗": "*", β: "ᵝ", γ: "ᵞ", δ: "ᵟ", φ: "ᵠ", χ: "ᵡ", θ: "ᶿ",
};
const SUBSCRIPT: Readonly<Record<string, string>> = {
  "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉", "+": "₊", "-": "₋", "−": "₋", "=": "₌", "(": "₍", ")": "₎",
  a: "ₐ", e: "ₑ", h: "ₕ", i: "ᵢ", j: "ⱼ", k: "ₖ", l: "ₗ", m: "ₘ", n: "ₙ", o: "ₒ", p: "ₚ", r: "ᵣ", s: "ₛ", t: "ₜ", u: "ᵤ", v: "ᵥ", x: "ₓ",
  β: "ᵦ", γ: "ᵧ", ρ: "ᵨ", φ: "ᵩ", χ: "ᵪ",
};

const CELL = "\u0000";
const ROW = "\u0001";

type Token = { kind: "command"; name: string } | { kind: "char"; text: string } | { kind: "open" } | { kind: "close" };

function tokenize(tex: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i]!;
    if (c === "\\") {
      const name = /^[A-Za-z]+/.exec(tex.slice(i + 1))?.[0];
      if (name) {
        tokens.push({ kind: "command", name });
        i += name.length;
        // As in TeX, a space after a command word only ends its name (\times d, \alpha N); before "=" it is kept for symmetry.
        let next = i + 1;
        while (tex[next] === " ") next++;
        if (next > i + 1 && /[\p{L}\p{N}\\]/u.test(tex[next] ?? "")) i = next - 1;
      } else if (i + 1 < tex.length) {
        tokens.push({ kind: "command", name: tex[i + 1]! });
        i += 1;
      }
    } else if (c === "{") tokens.push({ kind: "open" });
    else if (c === "}") tokens.push({ kind: "close" });
    else {
      const code = tex.codePointAt(i)!;
      const text = String.fromCodePoint(code);
      tokens.push({ kind: "char", text });
      i += text.length - 1;
    }
  }
  return tokens;
}

class Converter {
  private at = 0;
  /** Inside a matrix or cases environment, & and \\ separate cells and rows. */
  private environments = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Everything up to the end or a closing brace (or, inside an environment, `\end`). */
  sequence(stopAtEnd = false): string {
    let out = "";
    while (this.at < this.tokens.length) {
      const token = this.tokens[this.at]!;
      if (token.kind === "close") return out;
      if (stopAtEnd && token.kind === "command" && token.name === "end") return out;
      out = joinWords(out, this.atom());
    }
    return out;
  }

  /** One argument: a brace group or a single token. */
  argument(): string {
    this.skipSpaces();
    const token = this.tokens[this.at];
    if (!token) return "";
    if (token.kind === "open") {
      this.at++;
      const inner = this.sequence();
      if (this.tokens[this.at]?.kind === "close") this.at++;
      return inner;
    }
    return this.atom();
  }

  /** A raw brace group's text (environment names, \text bodies with their `\_`). */
  rawGroup(): string {
    this.skipSpaces();
    if (this.tokens[this.at]?.kind !== "open") return this.argument();
    this.at++;
    let out = "";
    let depth = 1;
    for (; this.at < this.tokens.length; this.at++) {
      const token = this.tokens[this.at]!;
      if (token.kind === "open") depth++;
      else if (token.kind === "close" && --depth === 0) break;
      else if (token.kind === "char") out += token.text;
      else if (token.kind === "command") out += SYMBOLS[token.name] ?? token.name;
    }
    this.at++;
    return out;
  }

  /** A closing brace with no opening one: skipped. */
  skipStrayClose(): boolean {
    if (this.tokens[this.at]?.kind !== "close") return false;
    this.at++;
    return true;
  }

  private skipSpaces(): void {
    while (this.tokens[this.at]?.kind === "char" && /^\s$/.test((this.tokens[this.at] as { text: string }).text)) this.at++;
  }

  private atom(): string {
    const token = this.tokens[this.at++]!;
    if (token.kind === "open") {
      const inner = this.sequence();
      if (this.tokens[this.at]?.kind === "close") this.at++;
      return inner;
    }
    if (token.kind === "close") return "";
    if (token.kind === "char") {
      if (token.text === "^") return script(this.argument(), SUPERSCRIPT, "^");
      if (token.text === "_") return script(this.argument(), SUBSCRIPT, "_");
      if (token.text === "&") return this.environments > 0 ? CELL : " ";
      if (token.text === "~") return " ";
      if (token.text === "'") return "′";
      if (/^\s$/.test(token.text)) return " ";
      return token.text;
    }
    return this.command(token.name);
  }

  private command(name: string): string {
    if (name === "frac" || name === "tfrac" || name === "dfrac") {
      const numerator = this.argument().trim();
      const denominator = this.argument().trim();
      // ⁸⁄₃ for a fraction of numbers, which reads unambiguously before a variable (⁸⁄₃d).
      if (/^\d+$/.test(numerator) && /^\d+$/.test(denominator)) return `${script(numerator, SUPERSCRIPT, "^")}\u2044${script(denominator, SUBSCRIPT, "_")}`;
      return `${grouped(numerator)}/${grouped(denominator)}`;
    }
    if (name === "sqrt") {
      this.skipSpaces();
      let degree = "";
      if (this.tokens[this.at]?.kind === "char" && (this.tokens[this.at] as { text: string }).text === "[") {
        this.at++;
        while (this.at < this.tokens.length && !(this.tokens[this.at]!.kind === "char" && (this.tokens[this.at] as { text: string }).text === "]")) degree += this.atom();
        this.at++;
      }
      const root = degree === "3" ? "∛" : degree === "4" ? "∜" : degree ? `${script(degree, SUPERSCRIPT, "^")}√` : "√";
      const radicand = this.argument().trim();
      // √2, √dₖ, √x² need no parentheses; √(2N) and √(σ²+ε) do.
      const single = /^(\d+(\.\d+)?|\p{L}[\u0300-\u036f]*[ᵀ⁰¹²³⁴-⁹ᵃ-ᶿ₀-₉ₐ-ₜᵢ-ᵪⱼ]*)$/u.test(radicand);
      return `${root}${single || /^\(.*\)$/u.test(radicand) ? radicand : `(${radicand})`}`;
    }
    if (TEXT_WRAPPERS.has(name)) return this.rawGroup();
    if (name === "mathbb") return [...this.rawGroup()].map((c) => DOUBLE_STRUCK[c] ?? c).join("");
    if (name === "mathcal" || name === "mathscr") return [...this.rawGroup()].map((c) => SCRIPT[c] ?? c).join("");
    if (ACCENTS[name]) {
      const body = this.argument();
      return body.length === 1 ? body + ACCENTS[name] : `${grouped(body)}${ACCENTS[name]}`;
    }
    if (name === "begin") return this.environment(this.rawGroup());
    if (name === "end") {
      this.rawGroup();
      return "";
    }
    if (SIZING.has(name)) {
      // \left. and \right. are invisible delimiters.
      const next = this.tokens[this.at];
      if ((name === "left" || name === "right") && next?.kind === "char" && next.text === ".") this.at++;
      return "";
    }
    if (OPERATORS.has(name)) return `${name} `;
    if (name === "\\" && this.environments > 0) return ROW;
    if (name in SYMBOLS) return SYMBOLS[name]!;
    return name;
  }

  /** Matrices as [a, b; c, d], cases as {a (if) ; b (otherwise)}. */
  private environment(name: string): string {
    this.environments++;
    const body = this.sequence(true);
    this.environments--;
    if (this.tokens[this.at]?.kind === "command") {
      this.at++;
      this.rawGroup();
    }
    const rows = body
      .split(ROW)
      .map((row) => row.split(CELL).map((cell) => cell.trim()))
      .filter((row) => row.some((cell) => cell !== ""));
    const inner = rows.map((row) => row.map((cell) => cell || "·").join(", ")).join("; ");
    if (name.startsWith("cases")) return `{ ${inner} }`;
    if (name === "vmatrix") return `|${inner}|`;
    return `[${inner}]`;
  }
}

/** Words set next to each other need a space where TeX spacing would show one (`\cos m\theta`). */
function joinWords(left: string, right: string): string {
  if (left.endsWith(" ") && right.startsWith(" ")) return left + right.trimStart();
  // d_model d_ff, not d_modeld_ff.
  if (/[_^][\p{L}\p{N}]{2,}$/u.test(left) && /^[\p{L}\p{N}]/u.test(right)) return `${left} ${right}`;
  return left + right;
}

/** A fraction's or root's operand: parenthesised when it is more than one term. */
function grouped(text: string): string {
  const trimmed = text.trim();
  if (/^[\p{L}\p{N}.′ᵀ\u0300-\u036f\u20d7⁰¹²³⁴-⁹ᵃ-ᶿ₀-₉ₐ-ₜᵢ-ᵪⱼ]+$/u.test(trimmed)) return trimmed;
  if (/^\(.*\)$/u.test(trimmed) && balanced(trimmed.slice(1, -1))) return trimmed;
  if (/^√[\p{L}\p{N}ᵀ₀-₉ₐ-ₜᵢ-ᵪⱼ]+$/u.test(trimmed) || /^√\(.*\)$/u.test(trimmed)) return trimmed;
  return `(${trimmed})`;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === "(") depth++;
    else if (c === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

/** Sub- or superscript characters when every character has one, else `^x` / `^(…)`. */
function script(text: string, table: Readonly<Record<string, string>>, mark: string): string {
  const trimmed = text.trim();
  const chars = [...trimmed];
  if (chars.length > 0 && chars.every((c) => table[c] !== undefined)) return chars.map((c) => table[c]).join("");
  // A plain word or an already parenthesised group needs no parentheses of its own: d_model, PE_(pos,2i).
  // A word that carries its own scripts does (e^(sᵢⱼ), not e^sᵢⱼ, which reads as (e^s)ᵢⱼ).
  if (chars.length === 1 || (/^[\p{L}\p{N}]+$/u.test(trimmed) && !/[\p{Lm}\p{No}]/u.test(trimmed)) || (/^\(.*\)$/u.test(trimmed) && balanced(trimmed.slice(1, -1)))) return `${mark}${trimmed}`;
  return `${mark}(${trimmed})`;
}

/** One TeX math body (without its `$` delimiters) as readable Unicode text. */
export function texToUnicode(tex: string): string {
  const converter = new Converter(tokenize(tex));
  let out = "";
  // A stray closing brace ends sequence(): skip it and go on.
  for (;;) {
    out += converter.sequence();
    if (!converter.skipStrayClose()) break;
  }
  return out
    .replace(/[ \t]+/g, " ")
    .replace(/ ([,;)\]}⟩_^]|\/)/g, "$1")
    .replace(/([(\[{/⟨]) /g, "$1")
    .replace(new RegExp(`\\b(${[...OPERATORS].join("|")}) (?=[(\\[])`, "g"), "$1")
    .trim();
}

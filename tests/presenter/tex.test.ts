import { describe, expect, it } from "vitest";
import { texToUnicode } from "../../src/presenter/tex.js";

describe("texToUnicode", () => {
  it("writes attention as a reader would: softmax(QKᵀ/√dₖ)V", () => {
    expect(texToUnicode(String.raw`\text{softmax}(QK^\top/\sqrt{d_k})V`)).toBe("softmax(QKᵀ/√dₖ)V");
    expect(texToUnicode(String.raw`\text{Attention}(Q,K,V)=\text{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V`)).toBe("Attention(Q,K,V)=softmax(QKᵀ/√dₖ)V");
  });

  it("parenthesises compound fractions and roots, keeps simple ones bare, sets numeric fractions with a fraction slash", () => {
    expect(texToUnicode(String.raw`\frac{x-\mu}{\sqrt{\sigma^2+\epsilon}}`)).toBe("(x-μ)/√(σ²+ε)");
    expect(texToUnicode(String.raw`1/\sqrt{2N}`)).toBe("1/√(2N)");
    expect(texToUnicode(String.raw`\frac1d\sum_i x_i`)).toBe("1/d∑ᵢ xᵢ");
    expect(texToUnicode(String.raw`d_{ff}\approx\tfrac{8}{3}d`)).toBe("d_ff≈⁸⁄₃d");
  });

  it("uses Unicode sub- and superscripts where every character has one, else ^(…) and _x", () => {
    expect(texToUnicode("x_{l+1}=x_l+F(x_l)")).toBe("xₗ₊₁=xₗ+F(xₗ)");
    expect(texToUnicode(String.raw`\theta_i = 10000^{-2i/d}`)).toBe("θᵢ = 10000^(-2i/d)");
    expect(texToUnicode("W_Q, d_{model}d_{ff}")).toBe("W_Q, d_model d_ff");
    expect(texToUnicode(String.raw`PE_{(pos,2i)}`)).toBe("PE_(pos,2i)");
    expect(texToUnicode("e^{s_{ij}}/\\sum_k e^{s_{ik}}")).toBe("e^(sᵢⱼ)/∑ₖ e^(sᵢₖ)");
  });

  it("covers the symbols, fonts, accents and environments the bank uses", () => {
    expect(texToUnicode(String.raw`W\in\mathbb{R}^{d\times d}`)).toBe("W∈ℝ^(d×d)");
    expect(texToUnicode(String.raw`\mathcal{L}_{aux}=\alpha N\sum_i f_iP_i`)).toBe("ℒₐᵤₓ=αN∑ᵢ fᵢPᵢ");
    expect(texToUnicode(String.raw`\hat x, \bar{x}_i, \tilde q`)).toBe("x̂, x̄ᵢ, q̃");
    expect(texToUnicode(String.raw`R_m = \begin{pmatrix}\cos m\theta & -\sin m\theta\\ \sin m\theta & \cos m\theta\end{pmatrix}`)).toBe("Rₘ = [cos mθ, -sin mθ; sin mθ, cos mθ]");
    expect(texToUnicode(String.raw`M_{ij}=\begin{cases}0 & \text{允许}\\ -\infty & \text{屏蔽}\end{cases}`)).toBe("Mᵢⱼ={0, 允许; -∞, 屏蔽}");
    expect(texToUnicode(String.raw`\tilde q = q\odot\cos + \text{rotate\_half}(q)\odot\sin`)).toBe("q̃ = q⊙cos + rotate_half(q)⊙sin");
    expect(texToUnicode(String.raw`\text{GELU}(x)\approx0.5x\Big(1+\tanh\big[\sqrt{2/\pi}\,(x+0.044715x^3)\big]\Big)`)).toBe("GELU(x)≈0.5x(1+tanh[√(2/π) (x+0.044715x³)])");
  });

  it("never leaves a backslash command, a brace or a dollar sign, even for unknown commands and stray braces", () => {
    for (const tex of [String.raw`\unknowncmd{x}^{\foo}`, "a}b{c", String.raw`\left. x \right|`, String.raw`\$5`]) {
      const text = texToUnicode(tex);
      expect(text, tex).not.toMatch(/\\[A-Za-z]|[{}]/);
    }
    expect(texToUnicode(String.raw`\unknowncmd{x}`)).toBe("unknowncmdx");
  });
});

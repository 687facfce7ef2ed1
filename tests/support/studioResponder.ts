import type { Responder } from "./fakeLlmServer";

/**
 * A fake model that answers like VM Studio's real use: a markdown deliverable for a stage (naming the
 * stage, echoing the reviewer's feedback when there is some), a short markdown answer in chat.
 */
export const studioResponder: Responder = (req) => {
  const messages: { role: string; content: string }[] = req.body?.messages ?? [];
  const user = messages.at(-1)?.content ?? "";
  const stage = user.match(/\(([a-z-]+)\)\n\nEntregue/)?.[1];
  if (stage) {
    const feedback = user.match(/# Feedback do revisor para esta nova tentativa\n\n([\s\S]*?)\n\nReescreva/)?.[1];
    return {
      text:
        `## Entregável: ${stage}\n\nRascunho para **${stage}**, escrito a partir da alma da marca e da essência do produto.\n\n` +
        `- Ponto 1 de ${stage}\n- Ponto 2 de ${stage}\n` +
        (feedback ? `\n## Ajustes\n\nAjustado conforme o feedback: ${feedback.slice(0, 200)}\n` : "") +
        `\n## Lacunas\n\nNenhuma.`,
      chunkDelayMs: 5,
    };
  }
  return {
    text: `Boa pergunta! Sobre **“${user.slice(0, 80)}”**:\n\n1. Comece pelo benefício principal.\n2. Use o tom da marca.\n\nQuer que eu detalhe?`,
    chunkDelayMs: 25,
  };
};

import type { Brand } from "./brand";
import type { Product } from "./product";

// How canonical memory is shown to the model: the same text in chat replies and in every stage's
// Context Pack, so what the brand "is" never depends on which feature asked.

const line = (label: string, value: string) => (value.trim() ? `- ${label}: ${value.trim()}\n` : "");

export function brandCanonicalText(b: Pick<Brand, "name" | "audience" | "tone" | "taboos" | "promise" | "soulMd">): string {
  return (
    `# Marca: ${b.name}\n\n` +
    line("Público", b.audience) +
    line("Tom de voz", b.tone) +
    line("Tabus (nunca usar)", b.taboos.join("; ")) +
    line("Promessa", b.promise) +
    (b.soulMd.trim() ? `\n## Alma da marca (soul.md)\n\n${b.soulMd.trim()}\n` : "")
  );
}

export function productCanonicalText(
  p: Pick<Product, "name" | "offer" | "price" | "differentiator" | "constraints" | "essenceMd">,
): string {
  return (
    `# Produto: ${p.name}\n\n` +
    line("Oferta", p.offer) +
    line("Preço", p.price) +
    line("Diferencial", p.differentiator) +
    line("Restrições", p.constraints) +
    (p.essenceMd.trim() ? `\n## Essência do produto (essence.md)\n\n${p.essenceMd.trim()}\n` : "")
  );
}

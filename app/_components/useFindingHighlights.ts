import { useEffect, type RefObject } from "react";

type Evidence = { id: string; evidence: string; severity: string };

// The CSS Custom Highlight API marks text without touching the DOM React renders (no wrapper elements
// to reconcile); where a browser lacks it, the findings list still names every piece of evidence.
type HighlightRegistry = Map<string, unknown> & { set(name: string, h: unknown): unknown; delete(name: string): boolean };
const registry = () => (globalThis as unknown as { CSS?: { highlights?: HighlightRegistry } }).CSS?.highlights;
const HighlightCtor = () => (globalThis as unknown as { Highlight?: new (...ranges: Range[]) => unknown }).Highlight;

/** The ranges of `needle` in the text under `root` (text nodes walked in order; case and line breaks tolerated). */
export function findRanges(root: Node, needle: string): Range[] {
  const target = needle.trim().replace(/\s+/g, " ").toLowerCase();
  if (!target) return [];
  const nodes: { node: Text; start: number }[] = [];
  let text = "";
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push({ node: n as Text, start: text.length });
    text += (n as Text).data;
  }
  const flat = text.replace(/\s/g, " ").toLowerCase();
  const ranges: Range[] = [];
  const at = (offset: number) => {
    let i = nodes.length - 1;
    while (i > 0 && nodes[i].start > offset) i--;
    return { node: nodes[i].node, offset: offset - nodes[i].start };
  };
  for (let i = flat.indexOf(target); i >= 0; i = flat.indexOf(target, i + target.length)) {
    const a = at(i);
    const b = at(i + target.length);
    const r = document.createRange();
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, Math.min(b.offset, b.node.data.length));
    ranges.push(r);
  }
  return ranges;
}

/** Marks each finding's evidence in the rendered text, by severity (styled by ::highlight(guard-block) etc.). */
export function useFindingHighlights(root: RefObject<HTMLElement | null>, findings: Evidence[], content: string | undefined) {
  useEffect(() => {
    const reg = registry();
    const Ctor = HighlightCtor();
    if (!reg || !Ctor || !root.current) return;
    const bySeverity = new Map<string, Range[]>();
    for (const f of findings) {
      const ranges = findRanges(root.current, f.evidence);
      bySeverity.set(f.severity, [...(bySeverity.get(f.severity) ?? []), ...ranges]);
    }
    for (const [severity, ranges] of bySeverity) reg.set(`guard-${severity}`, new Ctor(...ranges));
    return () => {
      for (const severity of bySeverity.keys()) reg.delete(`guard-${severity}`);
    };
  }, [root, findings, content]);
}

/** Scrolls the first occurrence of a finding's evidence into view and flashes it. */
export function showEvidence(root: HTMLElement | null, evidence: string) {
  const reg = registry();
  const Ctor = HighlightCtor();
  if (!root) return false;
  const [range] = findRanges(root, evidence);
  if (!range) return false;
  const el = range.startContainer.parentElement;
  el?.scrollIntoView({ behavior: "smooth", block: "center" });
  if (reg && Ctor) {
    reg.set("guard-focus", new Ctor(range));
    setTimeout(() => reg.delete("guard-focus"), 2000);
  }
  return true;
}

import { useEffect, useRef } from "react";

/**
 * The text the reader has selected inside one element (the rendered artifact). Tracked on every
 * selection change and re-read just before the click, so pressing a button cannot lose it.
 */
export function useSelectionIn() {
  const ref = useRef<HTMLDivElement | null>(null);
  const last = useRef("");
  // Pressing the button may collapse the selection before its click: keep what was read at mousedown.
  const pressing = useRef(false);
  const read = () => {
    const sel = typeof window === "undefined" ? null : window.getSelection();
    const el = ref.current;
    if (!sel || sel.isCollapsed || !el || sel.rangeCount === 0) return "";
    const range = sel.getRangeAt(0);
    return el.contains(range.commonAncestorContainer) ? sel.toString().trim() : "";
  };
  useEffect(() => {
    const onChange = () => {
      const text = read();
      if (text) last.current = text;
      else if (!pressing.current && window.getSelection()?.isCollapsed) last.current = "";
    };
    document.addEventListener("selectionchange", onChange);
    return () => document.removeEventListener("selectionchange", onChange);
  }, []);
  return {
    ref,
    remember: () => {
      pressing.current = true;
      const text = read();
      if (text) last.current = text;
    },
    take: () => {
      const text = read() || last.current;
      last.current = "";
      pressing.current = false;
      return text;
    },
  };
}

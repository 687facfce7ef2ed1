import { expect, test } from "vitest";
import { applyDraft, type StageDraft } from "@/lib/domain/stageDraft";
import { StageDrafts } from "@/lib/engine/stageDrafts";

const RUN = "run_01ARZ3NDEKTSV4RRFFQ69G5FAA";
const open = (d: StageDrafts) => d.open({ runId: RUN, threadId: "thr_T", stageId: "brand-voice", attempt: 2, startedAt: "2026-12-02T10:00:00.000Z" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("deltas are gathered and sent a few times a second; applied in order they rebuild the text exactly", async () => {
  const drafts = new StageDrafts(30);
  const got: StageDraft[] = [];
  drafts.subscribe(RUN, (d) => got.push(d));
  open(drafts);
  const words = Array.from({ length: 50 }, (_, i) => `palavra${i} `);
  for (const w of words.slice(0, 25)) drafts.delta(RUN, 2, w);
  await sleep(60);
  for (const w of words.slice(25)) drafts.delta(RUN, 2, w);
  drafts.close(RUN, 2);
  expect(got.length).toBe(2); // 50 deltas, two sends
  expect(got.reduce((text, d) => applyDraft(text, d), "")).toBe(words.join(""));
  expect(got.at(-1)).toMatchObject({ stage_id: "brand-voice", attempt: 2, tokens: 50, retry: null });
  expect(drafts.current(RUN)).toEqual([]);
});

test("a reader arriving mid-stage gets the text so far, then the rest, whatever was pending", async () => {
  const drafts = new StageDrafts(1000);
  open(drafts);
  drafts.delta(RUN, 2, "Primeira parte. ");
  const late: StageDraft[] = [];
  const [snapshot] = drafts.current(RUN); // nothing was sent yet: the snapshot has it all
  drafts.subscribe(RUN, (d) => late.push(d));
  drafts.delta(RUN, 2, "Segunda parte.");
  drafts.close(RUN, 2);
  expect(snapshot).toMatchObject({ offset: 0, text: "Primeira parte. " });
  expect([snapshot, ...late].reduce((t, d) => applyDraft(t, d), "")).toBe("Primeira parte. Segunda parte.");
});

test("thinking is counted apart from the text, and a retry is sent at once and cleared by the next chunk", async () => {
  const drafts = new StageDrafts(1000);
  const got: StageDraft[] = [];
  drafts.subscribe(RUN, (d) => got.push(d));
  open(drafts);
  drafts.retry(RUN, 2, { attempt: 2, of: 4, delayMs: 4000, reason: "HTTP 429" }, "2026-12-02T10:00:01.000Z");
  expect(got).toHaveLength(1);
  expect(got[0].retry).toEqual({ attempt: 2, of: 4, delay_ms: 4000, reason: "HTTP 429", at: "2026-12-02T10:00:01.000Z" });
  for (let i = 0; i < 7; i++) drafts.reasoning(RUN, 2);
  drafts.delta(RUN, 2, "Texto");
  drafts.close(RUN, 2);
  expect(got.at(-1)).toMatchObject({ text: "Texto", tokens: 1, reasoning_tokens: 7, retry: null });
});

test("a draft past what a client holds is not applied (it waits for the whole text)", () => {
  expect(applyDraft("abc", { offset: 5, text: "xyz" })).toBe("abc");
  expect(applyDraft("abc", { offset: 3, text: "d" })).toBe("abcd");
  expect(applyDraft("abcd", { offset: 0, text: "abcde" })).toBe("abcde");
});

test("variants write side by side: each attempt has its own text, and a late reader gets all of them", () => {
  const drafts = new StageDrafts(1000);
  for (const attempt of [3, 4, 5]) drafts.open({ runId: RUN, threadId: "thr_T", stageId: "landing-copy", attempt, startedAt: "2026-12-02T10:00:00.000Z" });
  drafts.delta(RUN, 3, "Título A");
  drafts.delta(RUN, 5, "Título C");
  expect(drafts.current(RUN).map((d) => [d.attempt, d.text])).toEqual([[3, "Título A"], [4, ""], [5, "Título C"]]);
  drafts.close(RUN, 4);
  expect(drafts.current(RUN).map((d) => d.attempt)).toEqual([3, 5]);
});

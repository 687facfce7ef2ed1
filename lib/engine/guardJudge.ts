import type { Checks } from "../domain/guard/findings";
import { verdictOf } from "../domain/guard/findings";
import { judgeFindings, judgeMessages, parseJudgeAnswer } from "../domain/guard/judge";
import { usageJson } from "../domain/llm";
import type { EngineDeps } from "./engineDeps";
import type { StageInputs } from "./stageContext";

/**
 * The optional judge on a stage's artifact: its findings join the deterministic ones, its tokens and
 * latency are recorded; if it fails or answers garbage the checks say "unavailable" and nothing else
 * changes — the stage never waits on the judge's health.
 */
export async function withJudge(deps: EngineDeps, inputs: StageInputs, markdown: string, checks: Checks, signal: AbortSignal): Promise<Checks> {
  if (!deps.llm) return checks;
  const started = performance.now();
  try {
    const r = await deps.llm.generate(judgeMessages(inputs.brand, inputs.product, markdown), { signal, temperature: 0, maxTokens: deps.options.maxTokens });
    const record = { model: r.model, usage: usageJson(r.usage), latency_ms: r.latencyMs };
    const answer = parseJudgeAnswer(r.text);
    if (!answer) return { ...checks, judge: { status: "unavailable", error: "the judge did not answer the JSON it was asked for", ...record } };
    const findings = [...checks.findings, ...judgeFindings(answer, markdown, deps.options.uiLanguage, checks.findings.length + 1)];
    return { ...checks, findings, status: verdictOf(findings), judge: { status: "ok", ...record, scores: answer.voice } };
  } catch (err) {
    return { ...checks, judge: { status: "unavailable", error: String((err as Error)?.message ?? err).split("\n")[0], latency_ms: Math.round(performance.now() - started) } };
  }
}

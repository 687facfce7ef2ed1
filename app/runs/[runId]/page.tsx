import { isRunCompleted } from "@/lib/domain/runStateMachine";
import type { Metadata } from "next";
import { getContainer } from "@/lib/container";
import { requireOwnedPage } from "@/app/_components/currentActor";
import { can } from "@/lib/domain/access";
import { presentRun } from "@/lib/http/presenters";
import { AppShell } from "../../_components/AppShell";
import type { RunDetailsJson } from "../../_components/apiTypes";
import { loadBrand, loadProduct, loadRun, loadThread } from "../../_components/loaders";
import { orNotFound } from "../../_components/orNotFound";
import { formatDateTime } from "../../_i18n/format";
import { getDictionary } from "../../_i18n/server";
import { RunView } from "./RunView";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ runId: string }>; searchParams?: Promise<Record<string, string | string[] | undefined>> };

async function stackTitleOf(name: string): Promise<string> {
  const { stacks } = await getContainer().runs.listStacks();
  return stacks.find((s) => s.name === name)?.title ?? name;
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { t } = await getDictionary();
  const run = await loadRun((await params).runId);
  return { title: `${await stackTitleOf(run.stack)} · ${t.run.kind}` };
}

export default async function RunPage({ params, searchParams }: Params) {
  const { runId } = await params;
  const stageParam = (await searchParams)?.stage;
  const { t, lang } = await getDictionary();
  const c = getContainer();
  const actor = await requireOwnedPage("run", runId);
  const { run, artifacts, decisions, feedback } = await orNotFound(c.runs.runDetails(runId));
  // The gate's buttons only for who may use them: the same rules the API applies (role, then four eyes).
  const { fourEyes } = await c.access.decider(actor);
  const decisionBlocked = !can(actor.role, "decide")
    ? t.account.cannotDecide(t.account.roles[actor.role])
    : fourEyes && actor.userId !== null && run.startedBy === actor.userId
      ? t.account.fourEyesBlocked
      : null;
  const thread = await loadThread(run.threadId);
  const [brand, product, stackTitle] = await Promise.all([loadBrand(thread.brandId), loadProduct(thread.productId), stackTitleOf(run.stack)]);

  // Everything already written is read now, so the first paint shows the artifacts; new ones are fetched live.
  const readable = artifacts.filter((a) => a.kind !== "package");
  const contents = Object.fromEntries(
    await Promise.all(readable.map(async (a) => [a.id, (await c.runs.readArtifact(run.id, a.id)).content] as const)),
  );
  const packageContent = isRunCompleted(run.status) ? await c.runs.readPackage(run.id).then((p) => p.content, () => null) : null;

  return (
    <AppShell active={{ brand, product, thread }}>
      <RunView
        initial={presentRun(run, { artifacts, decisions, feedback }) as RunDetailsJson}
        contents={contents}
        packageContent={packageContent}
        stackTitle={stackTitle}
        context={{
          brand: { id: brand.id, name: brand.name },
          product: { id: product.id, name: product.name },
          thread: { id: thread.id, title: thread.title },
        }}
        startedLabel={t.common.createdAt(formatDateTime(run.createdAt, lang))}
        initialStage={typeof stageParam === "string" ? stageParam : undefined}
        promotion={{
          brand: { id: brand.id, name: brand.name, taboos: brand.taboos },
          product: { id: product.id, name: product.name },
        }}
        decisionBlocked={decisionBlocked}
      />
    </AppShell>
  );
}

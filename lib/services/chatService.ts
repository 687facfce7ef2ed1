import pLimit from "p-limit";
import { buildChatMessages, chatMessageJson, parseChatLog, type ChatEvent, type ChatInput, type ChatTurn } from "../domain/chat";
import type { ChatMessage } from "../domain/chatMessage";
import { DomainError, notFound } from "../domain/errors";
import { isId, newId } from "../domain/ids";
import { LlmError, type LLMProvider, type LlmResult, type LlmRetry } from "../domain/llm";

/** How often a reasoning model's "thinking" count is sent to the client. */
const THINKING_EVERY_MS = 250;
import type { Retriever } from "../domain/retrieval";
import { layout } from "../domain/workspaceLayout";
import type { Brand } from "../domain/brand";
import type { Checks } from "../domain/guard/findings";
import type { Product } from "../domain/product";
import type { BrandService } from "./brandService";
import type { ProductService } from "./productService";
import { replyChannel } from "./replyChannel";
import type { ServiceDeps } from "./serviceDeps";

export interface ChatDeps extends ServiceDeps {
  brands: BrandService;
  products: ProductService;
  /** null when no provider is configured (no API key): chat answers provider_not_configured. */
  llm: LLMProvider | null;
  retriever: Retriever;
  topK: number;
  historyTokenBudget: number;
  /** The brand guard on a reply. */
  checkReply: (brand: Brand, product: Product, text: string, request: string) => Checks;
}

export type ChatService = ReturnType<typeof createChatService>;

export function createChatService(deps: ChatDeps) {
  const { repos, uow, blobs, clock } = deps;
  // One turn at a time per thread, so each reply sees the previous one in its history.
  const queues = new Map<string, ReturnType<typeof pLimit>>();
  const queueFor = (threadId: string) => {
    let q = queues.get(threadId);
    if (!q) queues.set(threadId, (q = pLimit(1)));
    return q;
  };

  async function requireThread(id: string) {
    const thread = isId("thread", id) ? await repos.threads.get(id) : null;
    if (!thread) throw notFound("thread", id);
    return thread;
  }

  async function readHistory(threadId: string): Promise<ChatMessage[]> {
    return parseChatLog((await blobs.read(layout.chat(threadId))) ?? "");
  }

  /** Appends one message to chat.jsonl and its database index, as one unit of work. */
  async function append(message: Omit<ChatMessage, "id" | "seq" | "createdAt">): Promise<ChatMessage> {
    return uow.run(async (tx) => {
      const saved: ChatMessage = {
        ...message,
        id: newId("message"),
        seq: (await tx.chat.lastSeq(message.threadId)) + 1,
        createdAt: clock.now().toISOString(),
      };
      await tx.chat.insert({
        id: saved.id,
        threadId: saved.threadId,
        seq: saved.seq,
        role: saved.role,
        status: saved.status,
        errorCode: saved.error?.code ?? null,
        promptTokens: saved.usage?.promptTokens ?? null,
        completionTokens: saved.usage?.completionTokens ?? null,
        totalTokens: saved.usage?.totalTokens ?? null,
        latencyMs: saved.latencyMs,
        createdAt: saved.createdAt,
      });
      await tx.files.append(layout.chat(saved.threadId), JSON.stringify(chatMessageJson(saved)) + "\n");
      return saved;
    }).then((saved) => {
      deps.indexing.enqueue({ type: "message", threadId: saved.threadId, messageId: saved.id });
      return saved;
    });
  }

  return {
    async listMessages(threadId: string, { limit = 50, before }: { limit?: number; before?: number } = {}) {
      await requireThread(threadId);
      const all = await readHistory(threadId);
      const upTo = before === undefined ? all : all.filter((m) => m.seq < before);
      const items = upTo.slice(-limit);
      return { items, hasMore: upTo.length > items.length, nextBefore: upTo.length > items.length ? items[0]?.seq ?? null : null };
    },

    /** Saves the user's message, then generates the reply in the background of the request. */
    async sendMessage(input: ChatInput): Promise<ChatTurn> {
      const thread = await requireThread(input.thread_id);
      const llm = deps.llm;
      if (!llm) {
        throw new DomainError(
          "provider_not_configured",
          "no LLM provider is configured: set VM_LLM_API_KEY (see Settings or README → LLM provider)",
        );
      }
      const channel = replyChannel<ChatEvent>();
      const queue = queueFor(thread.id);
      let userSaved!: (m: ChatMessage) => void;
      let userFailed!: (e: unknown) => void;
      const userMessage = new Promise<ChatMessage>((res, rej) => ((userSaved = res), (userFailed = rej)));

      const reply = queue(async () => {
        const history = await readHistory(thread.id);
        let user: ChatMessage;
        try {
          user = await append({
            threadId: thread.id, role: "user", content: input.message, status: "ok",
            error: null, partialContent: null, checks: null, usage: null, latencyMs: null, model: null,
          });
          userSaved(user);
        } catch (err) {
          userFailed(err);
          channel.end();
          throw err;
        }
        const [brand, product] = await Promise.all([
          deps.brands.getBrand(thread.brandId),
          deps.products.getProduct(thread.productId),
        ]);
        // The same retrieval as before a stage: the message plus the brand and product names, in their scope.
        const snippets = deps.topK
          ? await deps.retriever
              .retrieve({ query: [input.message, brand.name, product.name].join("\n"), brandId: brand.id, productId: product.id, topK: deps.topK, campaignThreadId: thread.id })
              .then((r) => r.snippets)
              .catch(() => [])
          : [];
        const { messages } = buildChatMessages({
          brand, product, history, message: input.message, historyTokenBudget: deps.historyTokenBudget, snippets,
        });
        let saved: ChatMessage;
        try {
          let result: LlmResult | null = null;
          const onRetry = (retry: LlmRetry) => channel.push({ type: "retry", retry });
          if (input.stream) {
            let thinking = 0;
            let told = 0;
            for await (const event of llm.stream(messages, { onRetry })) {
              if (event.type === "delta") channel.push(event);
              else if (event.type === "reasoning") {
                thinking++;
                // A reasoning model sends hundreds of these: the count is told a few times a second.
                if (Date.now() - told >= THINKING_EVERY_MS) {
                  told = Date.now();
                  channel.push({ type: "thinking", tokens: thinking });
                }
              } else result = event.result;
            }
          } else {
            result = await llm.generate(messages, { onRetry });
          }
          // The reply is checked against the brand like any artifact: findings shown under it, never blocking.
          const checks = deps.checkReply(brand, product, result!.text, input.message);
          saved = await append({
            threadId: thread.id, role: "assistant", content: result!.text, status: "ok", error: null,
            partialContent: null, checks, usage: result!.usage, latencyMs: result!.latencyMs, model: result!.model,
          });
          channel.push({ type: "done", message: saved });
        } catch (err) {
          if (!(err instanceof LlmError)) {
            channel.end();
            throw err;
          }
          // A failed reply is part of the history: the thread shows what happened and why.
          saved = await append({
            threadId: thread.id, role: "assistant", content: "", status: "failed",
            error: { code: err.kind, message: err.message, hint: err.hint }, partialContent: err.partialText || null, checks: null,
            usage: null, latencyMs: null, model: null,
          });
          channel.push({ type: "error", message: saved });
        }
        channel.end();
        return saved;
      });
      reply.catch(() => {}); // observed through `reply` / `events`; never an unhandled rejection
      return { userMessage: await userMessage, events: channel, reply };
    },
  };
}

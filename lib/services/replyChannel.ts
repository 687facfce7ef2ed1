/**
 * A one-producer, one-consumer async queue: the generation pushes events whether or not anyone is
 * reading, and a reader that leaves (a closed browser tab) does not stop the generation.
 */
export function replyChannel<T>() {
  const buffer: T[] = [];
  let waiting: ((r: IteratorResult<T>) => void) | null = null;
  let ended = false;
  return {
    push(value: T) {
      if (ended) return;
      if (waiting) {
        const w = waiting;
        waiting = null;
        w({ value, done: false });
      } else buffer.push(value);
    },
    end() {
      ended = true;
      if (waiting) waiting({ value: undefined as never, done: true });
      waiting = null;
    },
    [Symbol.asyncIterator](): AsyncIterator<T> {
      return {
        next: () => {
          if (buffer.length) return Promise.resolve({ value: buffer.shift()!, done: false });
          if (ended) return Promise.resolve({ value: undefined as never, done: true });
          return new Promise((resolve) => (waiting = resolve));
        },
        return: () => Promise.resolve({ value: undefined as never, done: true }),
      };
    },
  };
}

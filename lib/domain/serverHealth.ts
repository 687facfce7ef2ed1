/** How late the server's event loop ran over a recent window, in milliseconds (0 = never blocked). */
export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
  /** Number of samples (one per 20 ms of an unblocked loop), and the seconds they cover (up to 60). */
  samples: number;
  window_s: number;
}

/** Watches the process's event loop: a blocked loop is a server that answers nobody. */
export interface EventLoopMonitor {
  /** Over the last `windowS` seconds (1–60; default 60). */
  snapshot(windowS?: number): EventLoopDelay;
  stop(): void;
}

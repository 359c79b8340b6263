/** Feed tuning. Provide FEED_OPTIONS (globally) to override the defaults, e.g. in tests. */
export interface FeedOptions {
  /** Interval of the `: heartbeat` comment that keeps idle connections (and proxies) alive. */
  readonly heartbeatMs: number;
}

export const FEED_OPTIONS = Symbol('FeedOptions');

export const DEFAULT_FEED_OPTIONS: FeedOptions = { heartbeatMs: 15_000 };

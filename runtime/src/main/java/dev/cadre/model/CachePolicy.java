package dev.cadre.model;

/**
 * Which parts of a request a provider with explicit prompt caching (Anthropic's {@code
 * cache_control}) is asked to cache. Cached input costs a fraction of ordinary input on later
 * calls; writing to the cache costs somewhat more, once. Providers that cache by themselves
 * (OpenAI) ignore it and report their cached tokens all the same.
 */
public enum CachePolicy {
  /** No cache breakpoints. */
  OFF,
  /** One breakpoint after the tools and the system message, which every call repeats. */
  SYSTEM_AND_TOOLS,
  /**
   * Also one on the last message, so the conversation so far is read from the cache on the next
   * call: for agents that loop over tools or talk for many turns.
   */
  CONVERSATION
}

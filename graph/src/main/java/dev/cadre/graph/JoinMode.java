package dev.cadre.graph;

/**
 * When a {@link TeamPattern#GRAPH} node with several incoming edges (a fan-in) may run: per node,
 * and per activation group of its incoming edges ({@link Edge#activation()}).
 */
public enum JoinMode {
  /** After every predecessor has spoken; the default. */
  ALL,
  /** As soon as any one predecessor has spoken. */
  ANY
}

package dev.cadre.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a team on an interface: its participants ({@link Agent} or other {@code GroupChat}
 * interfaces), how they take turns, and when the run stops. Each abstract method runs the team on
 * its {@link Prompt}; one without a prompt or parameters continues the conversation where the last
 * run stopped. The processor checks the whole team (unknown handoffs, unreachable agents,
 * loops that cannot end...) and writes {@code Cadre<Name>}, which builds it with the DSL.
 *
 * <pre>{@code
 * @GroupChat(
 *     participants = {Writer.class, Critic.class},
 *     pattern = GroupChat.Pattern.ROUND_ROBIN,
 *     textMention = "APPROVE",
 *     maxMessages = 10)
 * interface WritingDesk {
 *   @Prompt("Write a haiku about {{topic}}")
 *   TaskResult write(String topic);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface GroupChat {

  /** The team's name: {@code name = "review_team"}. Defaults to the type's name in snake case. */
  String name() default "";

  /** What the team is good at, when it takes part in another team: {@code description = "..."}. */
  String description() default "";

  /** Who takes part, in order: {@code participants = {Planner.class, Coder.class}}. */
  Class<?>[] participants();

  /** How participants take turns: {@code pattern = GroupChat.Pattern.SELECTOR}. */
  Pattern pattern() default Pattern.ROUND_ROBIN;

  /**
   * For {@link Pattern#SELECTOR}: the key of the model that picks speakers; for {@link
   * Pattern#MAGENTIC_ONE}, of the orchestrator's: {@code selectorModel = "fast"}. Empty uses the
   * builder's default model.
   */
  String selectorModel() default "";

  /**
   * For {@link Pattern#MAGENTIC_ONE}: when the orchestrator re-plans, as in {@code
   * magenticOne = @GroupChat.MagenticOne(maxStalls = 2)}. Its turns are {@link #maxTurns()}.
   */
  MagenticOne magenticOne() default @MagenticOne;

  /** For {@link Pattern#GRAPH}: where a run starts: {@code entry = Writer.class}. */
  Class<?> entry() default void.class;

  /**
   * For {@link Pattern#GRAPH}: the edges: {@code edges = @Edge(from = Writer.class, to =
   * Critic.class)}.
   */
  Edge[] edges() default {};

  /** Stop after this many messages, the task included: {@code maxMessages = 20}. 0: no limit. */
  int maxMessages() default 0;

  /** Stop when a message mentions this text: {@code textMention = "APPROVE"}. Empty: none. */
  String textMention() default "";

  /** Stop once the run's models used this many tokens: {@code maxTokens = 50_000}. 0: no limit. */
  long maxTokens() default 0;

  /** Stop after this many seconds: {@code timeoutSeconds = 120}. 0: no limit. */
  long timeoutSeconds() default 0;

  /**
   * The most turns one run may take, whatever else says: {@code maxTurns = 30}. 0: no limit. A
   * {@link Pattern#MAGENTIC_ONE} orchestrator writes its final answer then; 0 gives it 20.
   */
  int maxTurns() default 0;

  /**
   * Whether a run's result lists each choice of speakers (and a streaming selector's replies) in
   * its timeline beside the messages, as AutoGen's {@code emit_team_events=True} does: {@code
   * emitTeamEvents = true}. A run's listeners hear them either way. Off by default.
   */
  boolean emitTeamEvents() default false;

  /** How participants take turns. */
  enum Pattern {
    /** In the order they are listed. */
    ROUND_ROBIN,
    /** A model picks each next speaker by the participants' descriptions. */
    SELECTOR,
    /** Agents hand the conversation to each other; the first one starts. */
    SWARM,
    /** Along {@link GroupChat#edges()}, from {@link GroupChat#entry()}. */
    GRAPH,
    /**
     * An orchestrator plans over the participants' descriptions, tells each next speaker what to
     * do, re-plans when the team stalls and writes the final answer (AutoGen's Magentic-One).
     */
    MAGENTIC_ONE
  }

  /**
   * The options of a {@link Pattern#MAGENTIC_ONE} team's orchestrator.
   *
   * <pre>{@code
   * @GroupChat.MagenticOne(maxStalls = 2, maxReplans = 1)
   * }</pre>
   */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target({})
  @interface MagenticOne {

    /** Stalls in a row (no progress, or a loop) after which it re-plans: {@code maxStalls = 2}. */
    int maxStalls() default 3;

    /** Re-plans of one task, after which a further stall ends the run: {@code maxReplans = 1}. */
    int maxReplans() default 3;
  }

  /**
   * An edge of a {@link Pattern#GRAPH} team: after {@code from} speaks, {@code to} may run.
   *
   * <pre>{@code
   * @Edge(from = Critic.class, to = Writer.class, whenNotContains = "APPROVE", maxTraversals = 3)
   * }</pre>
   */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target({})
  @interface Edge {

    /** The participant that speaks first: {@code from = Critic.class}. */
    Class<?> from();

    /** The participant that may run after it: {@code to = Publisher.class}. */
    Class<?> to();

    /**
     * Follow the edge only when {@code from}'s message contains this text: {@code whenContains =
     * "APPROVE"}.
     */
    String whenContains() default "";

    /**
     * Follow the edge only when {@code from}'s message lacks this text: {@code whenNotContains =
     * "APPROVE"}.
     */
    String whenNotContains() default "";

    /**
     * Follow the edge at most this many times in one pass through the graph, so a loop ends:
     * {@code maxTraversals = 3}. 0: no bound.
     */
    int maxTraversals() default 0;

    /**
     * The activation group of the edges into {@code to} this edge belongs to: {@code
     * activationGroup = "loop"}. Each group of the edges into a node wakes it on its own. Empty:
     * the default group, named after {@code to} (an edge that closes a loop is a group of its
     * own).
     */
    String activationGroup() default "";

    /**
     * When the edge's activation group wakes {@code to}: once all its parents have activated
     * their edges, or on the first: {@code activation = GroupChat.Activation.ANY}. The edges of a
     * group must agree.
     */
    Activation activation() default Activation.ALL;
  }

  /** When an activation group of the edges into a {@link Pattern#GRAPH} node wakes it. */
  enum Activation {
    /** Once every parent in the group has activated its edge. */
    ALL,
    /** As soon as one has. */
    ANY
  }
}

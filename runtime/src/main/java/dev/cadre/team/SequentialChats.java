package dev.cadre.team;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.DeliveryFailures;
import dev.cadre.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A chain of conversations, each carrying its summary over into the next: research with one team,
 * write with the research's summary, review the writing.
 *
 * <pre>{@code
 * SequentialChats chain = SequentialChats.builder()
 *     .chat(researchTeam, "Find what is known about solid-state batteries.")
 *     .chat(writer, "Write a 300-word article from these notes:\n{summary}",
 *         SummaryMethod.model(model))
 *     .chat(editor, "Tighten the article.")
 *     .build();
 * SequentialChats.Result result = chain.run();
 * }</pre>
 *
 * <p>Each chat is a {@link ChatAgent}, a {@link Team} or a single agent, with its task. The task
 * may place the text carried over from the chats before it: {@value #SUMMARY} stands for the
 * summary of the chat just before, {@value #PREVIOUS} for the summaries of every chat before, in
 * order, each as {@code agent: summary}. A task with neither gets the previous summary appended as
 * context.
 * The first chat has nothing to carry over, so its task may use neither.
 *
 * <p>Each chat starts fresh: its agent is reset first, and it sees only its task. A team's chat
 * runs until the team stops; an agent's chat is one turn. Its summary is its last message, or what
 * a model writes, per chat ({@link SummaryMethod}). The chain stops at the first chat that fails,
 * with a {@link Result} that names it and keeps the results of the chats before it. Cancelling
 * stops it with {@link CancelledException}. One run at a time.
 */
public final class SequentialChats {

  /** The placeholder for the summary of the chat just before. */
  public static final String SUMMARY = "{summary}";

  /** The placeholder for the summaries of every chat before, in order. */
  public static final String PREVIOUS = "{previous}";

  private final List<Step> steps;
  private final AtomicBoolean running = new AtomicBoolean();

  private SequentialChats(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /** Starts an empty sequence of chats. */
  public static Builder builder() {
    return new Builder();
  }

  /** Runs the chats in order and returns what each produced. */
  public Result run() {
    return run(CancellationToken.none(), event -> {});
  }

  /**
   * Runs the chats in order, reporting each chat's events to {@code listener} as they happen: its
   * messages (the task first) and its participants' work, a summary model's usage included.
   *
   * @throws CancelledException when {@code cancellation} is cancelled
   * @throws IllegalStateException if the chain is already running
   */
  public Result run(CancellationToken cancellation, Consumer<TeamEvent> listener) {
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(listener, "listener");
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "these sequential chats are already running; one run at a time");
    }
    try {
      List<ChatResult> done = new ArrayList<>();
      Usage usage = Usage.ZERO;
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        int number = i + 1;
        String task = step.taskAfter(done);
        Chat chat = new Chat(step.agent, cancellation, listener);
        try {
          cancellation.throwIfCancelled();
          chat.run(task);
          if (chat.failure != null) {
            return failed(done, usage.plus(chat.usage), number, step, chat.failure, chat.messages);
          }
          SummaryMethod.Summary summary =
              step.summary.summarise(
                  "chat " + number + " (" + step.agent.name() + ")", chat.messages, cancellation);
          if (summary.model() != null) {
            AgentEvent used =
                new AgentEvent.ModelUsage(step.agent.name(), summary.model(), summary.usage());
            listener.accept(new TeamEvent.Activity(used));
          }
          ChatResult result =
              new ChatResult(
                  number,
                  step.agent.name(),
                  task,
                  chat.messages,
                  summary.text(),
                  chat.usage.plus(summary.usage()));
          done.add(result);
          usage = usage.plus(result.usage());
        } catch (CancellationException e) {
          throw cancelled(number, step, e);
        } catch (RuntimeException e) {
          if (cancellation.isCancelled()) {
            throw cancelled(number, step, e);
          }
          String error = DeliveryFailures.describe(e);
          return failed(done, usage.plus(chat.usage), number, step, error, chat.messages);
        }
      }
      return new Result(done, done.get(done.size() - 1).summary(), usage, null);
    } finally {
      running.set(false);
    }
  }

  private static Result failed(
      List<ChatResult> done,
      Usage usage,
      int number,
      Step step,
      String error,
      List<AgentMessage> messages) {
    return new Result(
        done, null, usage, new Failure(number, step.agent.name(), error, messages));
  }

  private static CancelledException cancelled(int number, Step step, RuntimeException cause) {
    CancelledException cancelled =
        new CancelledException(
            "sequential chats were cancelled during chat "
                + number
                + " ("
                + step.agent.name()
                + ")");
    cancelled.initCause(cause);
    return cancelled;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("SequentialChats[");
    for (int i = 0; i < steps.size(); i++) {
      text.append(i == 0 ? "" : " -> ").append(steps.get(i).agent.name());
    }
    return text.append(']').toString();
  }

  /** One chat as it runs: its messages and usage so far, and how it failed, if it did. */
  private static final class Chat {
    private final ChatAgent agent;
    private final CancellationToken cancellation;
    private final Consumer<TeamEvent> listener;
    private List<AgentMessage> messages = List.of();
    private Usage usage = Usage.ZERO;
    private String failure;

    Chat(ChatAgent agent, CancellationToken cancellation, Consumer<TeamEvent> listener) {
      this.agent = agent;
      this.cancellation = cancellation;
      this.listener = listener;
    }

    void run(String task) {
      AgentMessage taskMessage = AgentMessage.user(task);
      messages = List.of(taskMessage);
      agent.reset();
      if (agent instanceof Team team) {
        // A team's result holds its whole transcript, which a summary model reads.
        RunRequest request =
            RunRequest.of(messages)
                .cancellation(cancellation)
                .listener(
                    event -> {
                      if (!(event instanceof TeamEvent.Finished)) {
                        listener.accept(event);
                      }
                    });
        try {
          TaskResult result = team.run(request);
          messages = result.messages();
          usage = result.usage();
        } catch (TeamRunException e) {
          messages = e.partialResult().messages();
          usage = e.partialResult().usage();
          failure =
              "in team '"
                  + team.name()
                  + "', participant '"
                  + e.participant()
                  + "' failed with "
                  + e.partialResult().stopReason();
        }
        return;
      }
      listener.accept(new TeamEvent.Message(taskMessage));
      AgentResponse response =
          agent.onMessages(
              messages,
              cancellation,
              event -> {
                if (!(event instanceof AgentEvent.Answered)) {
                  listener.accept(new TeamEvent.Activity(event));
                }
              });
      messages = List.of(taskMessage, response.message());
      usage = response.usage();
      listener.accept(new TeamEvent.Message(response.message()));
    }
  }

  /** One chat of the chain as declared. */
  private static final class Step {
    private final ChatAgent agent;
    private final String task;
    private final SummaryMethod summary;

    Step(ChatAgent agent, String task, SummaryMethod summary) {
      this.agent = agent;
      this.task = task;
      this.summary = summary;
    }

    boolean placesCarryOver() {
      return task.contains(SUMMARY) || task.contains(PREVIOUS);
    }

    /** The task with the text carried over from the chats in {@code before}. */
    String taskAfter(List<ChatResult> before) {
      if (before.isEmpty()) {
        return task;
      }
      String summary = before.get(before.size() - 1).summary();
      if (!placesCarryOver()) {
        return task + "\n\nContext from the previous chat:\n" + summary;
      }
      StringBuilder previous = new StringBuilder();
      for (ChatResult chat : before) {
        if (previous.length() > 0) {
          previous.append("\n\n");
        }
        previous.append(chat.agent()).append(": ").append(chat.summary());
      }
      // Both at once, so that a summary that happens to hold a placeholder stays as it is.
      StringBuilder out = new StringBuilder();
      int at = 0;
      while (at < task.length()) {
        if (task.startsWith(SUMMARY, at)) {
          out.append(summary);
          at += SUMMARY.length();
        } else if (task.startsWith(PREVIOUS, at)) {
          out.append(previous);
          at += PREVIOUS.length();
        } else {
          out.append(task.charAt(at++));
        }
      }
      return out.toString();
    }
  }

  /**
   * What one chat produced.
   *
   * @param step its place in the chain, from 1
   * @param agent the name of the agent or team that held it
   * @param task the task it was given, carried-over text in place
   * @param messages its messages in order: the task, then every answer
   * @param summary what it carries over to the next chat
   * @param usage the tokens of every model call of the chat, the summary's included
   */
  public record ChatResult(
      int step,
      String agent,
      String task,
      List<AgentMessage> messages,
      String summary,
      Usage usage) {
    /** Checks and copies the components. */
    public ChatResult {
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(task, "task");
      messages = List.copyOf(messages);
      Objects.requireNonNull(summary, "summary");
      usage = usage == null ? Usage.ZERO : usage;
    }
  }

  /**
   * The chat that failed and stopped the chain.
   *
   * @param step its place in the chain, from 1
   * @param agent the name of the agent or team that held it
   * @param error what went wrong: the exception's type and message, or for a team, the participant
   *     that failed and its error
   * @param messages the chat's messages up to the failure, the task first
   */
  public record Failure(int step, String agent, String error, List<AgentMessage> messages) {
    /** Checks and copies the components. */
    public Failure {
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(error, "error");
      messages = List.copyOf(messages);
    }
  }

  /**
   * How the chain ended.
   *
   * @param chats the chats that finished, in order; when one failed, those before it
   * @param summary the last chat's summary: the chain's answer; null when a chat failed
   * @param usage the tokens of every model call the chain made, a failed chat's included where
   *     known
   * @param failure the chat that failed, or null when all finished
   */
  public record Result(List<ChatResult> chats, String summary, Usage usage, Failure failure) {
    /** Copies the components. */
    public Result {
      chats = List.copyOf(chats);
      usage = usage == null ? Usage.ZERO : usage;
    }

    /** Whether a chat failed and stopped the chain. */
    public boolean failed() {
      return failure != null;
    }
  }

  /** Builds {@link SequentialChats}, one chat at a time in the order they run. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();

    private Builder() {}

    /** A chat of {@code agent} on {@code task}, summed up by its last message. */
    public Builder chat(ChatAgent agent, String task) {
      return chat(agent, task, SummaryMethod.lastMessage());
    }

    /** A chat of {@code agent} (an agent or a {@link Team}) on {@code task}, summed up as said. */
    public Builder chat(ChatAgent agent, String task, SummaryMethod summary) {
      int number = steps.size() + 1;
      Objects.requireNonNull(agent, () -> "agent of chat " + number);
      Objects.requireNonNull(summary, () -> "summary of chat " + number);
      if (task == null || task.isBlank()) {
        throw new IllegalArgumentException(
            "chat " + number + " (" + agent.name() + ") has a blank task; say what it should do");
      }
      Step step = new Step(agent, task, summary);
      if (number == 1 && step.placesCarryOver()) {
        throw new IllegalArgumentException(
            "chat 1 ("
                + agent.name()
                + ") uses "
                + SUMMARY
                + " or "
                + PREVIOUS
                + " in its task, but no chat comes before it to carry anything over; write the"
                + " first task in full");
      }
      steps.add(step);
      return this;
    }

    /**
     * @throws IllegalStateException if no chat was added
     */
    public SequentialChats build() {
      if (steps.isEmpty()) {
        throw new IllegalStateException("sequential chats need at least one chat: call chat(...)");
      }
      return new SequentialChats(steps);
    }
  }
}

package dev.cadre.a2a;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.a2a.A2aWire.Artifact;
import dev.cadre.a2a.A2aWire.Message;
import dev.cadre.a2a.A2aWire.Part;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.Question;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.team.RunRequest;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the A2A tasks of one server on Cadre: a task is a Cadre run, its id the run's id. Either
 * each conversation (A2A context) has an agent or team of its own that a person's questions reach
 * through the task ({@code input-required}), or a durable team runs each task as a durable run that
 * pauses for a person and resumes in any process on the same store.
 */
final class TaskHost {

  private static final Logger log = LoggerFactory.getLogger(TaskHost.class);

  /** A conversation's agent, and the task it works on now. */
  private static final class Conversation {
    ChatAgent agent;
    volatile ServedTask current;
  }

  private final Function<HumanInput, ? extends ChatAgent> agents;
  private final Supplier<Team> durable;
  private final ExecutorService threads;
  private final Map<String, ServedTask> tasks = new ConcurrentHashMap<>();
  private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();

  /** Task ids, oldest first, for forgetting old tasks. */
  private final Deque<String> order = new ArrayDeque<>();

  private final int maxTasks;

  TaskHost(
      Function<HumanInput, ? extends ChatAgent> agents,
      Supplier<Team> durable,
      ExecutorService threads,
      int maxTasks) {
    this.agents = agents;
    this.durable = durable;
    this.threads = threads;
    this.maxTasks = maxTasks;
  }

  /**
   * Holds {@code task}, and forgets the oldest finished tasks beyond {@link #maxTasks} (with their
   * conversations), so that a long-lived server does not keep every task it ever ran.
   */
  private void hold(ServedTask task) {
    tasks.put(task.id, task);
    synchronized (order) {
      order.addLast(task.id);
      int looked = order.size();
      while (tasks.size() > maxTasks && looked-- > 0) {
        String oldest = order.pollFirst();
        ServedTask old = tasks.get(oldest);
        if (old == null) {
          continue;
        }
        if (!A2aWire.terminal(old.state())) {
          order.addLast(oldest);
          continue;
        }
        tasks.remove(oldest);
        conversations.computeIfPresent(old.contextId, (id, c) -> c.current == old ? null : c);
      }
    }
  }

  /** A client's error: the request names a task or state that does not allow it. */
  static final class Refused extends RuntimeException {
    final int code;

    Refused(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  /**
   * Takes a client's message: a new task, or the answer on a task that waits for one.
   *
   * @return the task and a stream of what follows from now on
   */
  Started send(Message message) {
    if (message.parts().isEmpty()) {
      throw new Refused(A2aWire.INVALID_PARAMS, "the message has no parts");
    }
    if (message.taskId() != null && !message.taskId().isEmpty()) {
      return continueTask(message);
    }
    String contextId =
        message.contextId() == null || message.contextId().isEmpty()
            ? A2aWire.newId()
            : message.contextId();
    String taskId = A2aWire.newId();
    ServedTask task = new ServedTask(taskId, contextId, withIds(message, contextId, taskId));
    BlockingQueue<Object> stream;
    if (durable != null) {
      hold(task);
      stream = task.follow();
      String text = message.text();
      threads.execute(
          () -> runDurable(task, team -> team.runDurable(task.id, text, listener(task))));
    } else {
      Conversation conversation = conversations.computeIfAbsent(contextId, id -> newConversation());
      synchronized (conversation) {
        ServedTask busy = conversation.current;
        if (busy != null && !A2aWire.terminal(busy.state())) {
          throw new Refused(
              A2aWire.UNSUPPORTED_OPERATION,
              "context '"
                  + contextId
                  + "' has task '"
                  + busy.id
                  + "' in progress ("
                  + busy.state()
                  + "); answer or cancel it first");
        }
        conversation.current = task;
      }
      hold(task);
      stream = task.follow();
      List<AgentMessage> input = cadreMessages(message);
      threads.execute(() -> runAgent(task, conversation.agent, input));
    }
    return new Started(task, stream);
  }

  /** A task that started or went on, and the stream that follows it. */
  record Started(ServedTask task, BlockingQueue<Object> stream) {}

  private Conversation newConversation() {
    Conversation conversation = new Conversation();
    HumanInput toClient =
        (Question question, CancellationToken cancellation) -> {
          ServedTask task = conversation.current;
          if (task == null) {
            throw new IllegalStateException(
                "'" + question.agent() + "' asked a question outside an A2A task");
          }
          return task.ask(question, cancellation, conversation.agent instanceof Team);
        };
    conversation.agent =
        Objects.requireNonNull(agents.apply(toClient), "the agent factory gave null");
    return conversation;
  }

  private Started continueTask(Message message) {
    ServedTask task = tasks.get(message.taskId());
    if (task == null && durable != null) {
      task = restore(message.taskId(), message.contextId()).orElse(null);
    }
    if (task == null) {
      throw new Refused(A2aWire.TASK_NOT_FOUND, "task '" + message.taskId() + "' is not known");
    }
    Message answer = withIds(message, task.contextId, task.id);
    String state = task.state();
    if (!A2aWire.INPUT_REQUIRED.equals(state)) {
      throw new Refused(
          A2aWire.UNSUPPORTED_OPERATION,
          "task '" + task.id + "' is " + state + " and takes no further message");
    }
    if (task.waitsHere()) {
      return new Started(task, task.answer(answer));
    }
    if (durable == null) {
      throw new Refused(
          A2aWire.UNSUPPORTED_OPERATION, "no agent waits for an answer on task '" + task.id + "'");
    }
    ServedTask resumed = task;
    BlockingQueue<Object> stream = resumed.resumed(answer);
    String text = message.text();
    threads.execute(
        () -> runDurable(resumed, team -> team.resume(resumed.id, text, listener(resumed))));
    return new Started(resumed, stream);
  }

  /**
   * A durable task this process does not hold (the server restarted): rebuilt from the team's
   * store, paused on its question or finished.
   */
  private Optional<ServedTask> restore(String id, String contextId) {
    Team team = durable.get();
    try {
      Optional<Question> waiting = team.waiting(id);
      Optional<TaskResult> finished = waiting.isPresent() ? Optional.empty() : team.finished(id);
      if (waiting.isEmpty() && finished.isEmpty()) {
        return Optional.empty();
      }
      String context = contextId == null || contextId.isEmpty() ? A2aWire.newId() : contextId;
      ServedTask task = new ServedTask(id, context, null);
      if (waiting.isPresent()) {
        Question question = waiting.get();
        task.status(
            A2aWire.INPUT_REQUIRED,
            Message.agent(context, id, List.of(Part.text(question.prompt())), question.agent()));
      } else {
        finish(task, finished.get());
      }
      ServedTask known = tasks.putIfAbsent(id, task);
      return Optional.of(known == null ? task : known);
    } finally {
      team.close();
    }
  }

  /** The task {@code id}: held here, or rebuilt from a durable team's store. */
  Optional<ServedTask> task(String id) {
    ServedTask task = tasks.get(id);
    if (task == null && durable != null) {
      return restore(id, null);
    }
    return Optional.ofNullable(task);
  }

  /** Cancels task {@code id}: the run stops, and the task ends as canceled. */
  ServedTask cancel(String id) {
    ServedTask task =
        task(id)
            .orElseThrow(
                () -> new Refused(A2aWire.TASK_NOT_FOUND, "task '" + id + "' is not known"));
    String state = task.state();
    if (A2aWire.terminal(state)) {
      throw new Refused(
          A2aWire.TASK_NOT_CANCELABLE, "task '" + id + "' is " + state + " and cannot be canceled");
    }
    if (durable != null && !A2aWire.INPUT_REQUIRED.equals(state)) {
      // A durable run commits every step; stopping one halfway is not something it offers.
      throw new Refused(
          A2aWire.TASK_NOT_CANCELABLE,
          "task '" + id + "' is a durable run in progress; it can be canceled while it waits");
    }
    task.cancellation().cancel();
    if (durable != null || !task.waitsHere() && A2aWire.INPUT_REQUIRED.equals(state)) {
      task.status(A2aWire.CANCELED, null);
    }
    return task;
  }

  private void runAgent(ServedTask task, ChatAgent agent, List<AgentMessage> input) {
    task.status(A2aWire.WORKING, null);
    CancellationToken cancellation = task.cancellation();
    try {
      if (agent instanceof Team team) {
        TaskResult result =
            team.run(RunRequest.of(input).cancellation(cancellation).listener(listener(task)));
        finish(task, result);
      } else {
        AgentResponse response =
            agent.onMessages(input, cancellation, event -> onAgentEvent(task, agent, event));
        complete(task, response.message());
      }
    } catch (CancellationException e) {
      task.status(A2aWire.CANCELED, null);
    } catch (RuntimeException e) {
      fail(task, agent.name(), e);
    }
  }

  private void runDurable(ServedTask task, Function<Team, TaskResult> segment) {
    Team team = durable.get();
    try {
      task.status(A2aWire.WORKING, null);
      finish(task, segment.apply(team));
    } catch (RuntimeException e) {
      fail(task, team.name(), e);
    } finally {
      team.close();
    }
  }

  private void fail(ServedTask task, String agent, RuntimeException e) {
    if (task.cancellation().isCancelled()) {
      task.status(A2aWire.CANCELED, null);
      return;
    }
    log.warn("A2A task {} failed in '{}'", task.id, agent, e);
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    task.status(
        A2aWire.FAILED,
        Message.agent(
            task.contextId,
            task.id,
            List.of(Part.text("'" + agent + "' failed: " + detail)),
            agent));
  }

  private void finish(ServedTask task, TaskResult result) {
    if (result.paused()) {
      Question question = result.waiting();
      task.status(
          A2aWire.INPUT_REQUIRED,
          Message.agent(
              task.contextId, task.id, List.of(Part.text(question.prompt())), question.agent()));
      return;
    }
    if (result.messages().isEmpty()) {
      task.status(A2aWire.COMPLETED, null);
      return;
    }
    complete(task, result.lastMessage());
  }

  private void complete(ServedTask task, AgentMessage answer) {
    Artifact artifact =
        new Artifact(A2aWire.newId(), "answer", null, A2aWire.parts(answer), sourceOf(answer));
    task.artifact(artifact);
    task.status(
        A2aWire.COMPLETED,
        Message.agent(task.contextId, task.id, A2aWire.parts(answer), answer.source()));
  }

  private static ObjectNode sourceOf(AgentMessage message) {
    ObjectNode metadata = Json.object();
    metadata.put("source", message.source());
    return metadata;
  }

  /** A team's messages become status updates, each naming its speaker. */
  private static Consumer<TeamEvent> listener(ServedTask task) {
    return event -> {
      if (event instanceof TeamEvent.Activity activity
          && (activity.event() instanceof AgentEvent.InputRequested
              || activity.event() instanceof AgentEvent.ApprovalRequested)) {
        task.announce(activity.event().source());
      }
      if (event instanceof TeamEvent.Message message
          && !message.message().source().equals("user")) {
        AgentMessage said = message.message();
        task.status(
            A2aWire.WORKING,
            Message.agent(task.contextId, task.id, A2aWire.parts(said), said.source()));
      }
    };
  }

  private static void onAgentEvent(ServedTask task, ChatAgent agent, AgentEvent event) {
    if (event instanceof AgentEvent.InnerMessage inner) {
      AgentMessage said = inner.message();
      task.status(
          A2aWire.WORKING,
          Message.agent(task.contextId, task.id, A2aWire.parts(said), said.source()));
    }
  }

  /** A client's message as Cadre messages: each part one message from {@code user}. */
  private static List<AgentMessage> cadreMessages(Message message) {
    List<AgentMessage> out = new ArrayList<>();
    for (Part part : message.parts()) {
      if (part.data() != null) {
        out.add(new AgentMessage.Structured("user", part.data()));
      } else {
        out.add(AgentMessage.user(part.asText()));
      }
    }
    return out;
  }

  private static Message withIds(Message message, String contextId, String taskId) {
    return new Message(
        message.messageId() == null ? A2aWire.newId() : message.messageId(),
        contextId,
        taskId,
        A2aWire.ROLE_USER,
        message.parts(),
        message.metadata());
  }
}

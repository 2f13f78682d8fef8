package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.StructuredOutput;
import dev.cadre.core.CancellationToken;
import dev.cadre.event.Telemetry;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.state.State;
import dev.cadre.tool.Excerpts;
import dev.cadre.tool.JsonSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An orchestrator plans the task, tracks progress in ledgers and tells each next speaker what to
 * do (AutoGen's Magentic-One group chat).
 *
 * <p><b>Outer loop.</b> When a run brings a task, the orchestrator's model writes the task ledger:
 * first the facts (given, to look up, to derive, educated guesses), then a plan over the
 * participants' descriptions. The ledger joins the conversation as the orchestrator's message, so
 * every participant reads it ({@link TeamEvent.TaskLedgerWritten}).
 *
 * <p><b>Inner loop.</b> Before each turn the model answers the {@link ProgressLedger} as JSON (a
 * JSON-schema response format when the model supports structured output): is the task done, are
 * we in a loop, is progress being made, who speaks next and with what instruction. The instruction
 * joins the conversation as the orchestrator's message and the chosen participant speaks ({@link
 * TeamEvent.ProgressLedgerWritten}).
 *
 * <p><b>Control.</b> A ledger with no progress, or a loop, is a stall; a good one takes one stall
 * back. After {@code maxStalls} stalls the model revises the facts and the plan from the
 * conversation, the new ledger joins it, and the inner loop starts again, at most {@code
 * maxReplans} times. The orchestrator ends the run with a final answer of its model's when the task
 * is done, after {@code maxTurns} turns, or when it stalls again with no re-plan left: the run
 * stops as {@link StopReason.Kind#COMPLETE}, its last message the answer.
 *
 * <p><b>Robustness.</b> Everything the model writes is cut to a bound before anyone reads it. A
 * ledger that is not JSON, lacks an answer, or names someone who is not a participant is reported
 * ({@link TeamEvent.SelectionProblem}) and asked for again with what was wrong, up to {@code
 * maxLedgerAttempts} calls; then the run fails, naming the problem. Each model call's usage is
 * reported under the orchestrator's name.
 *
 * <p>Its state (the task, facts, plan, stall and turn counts, re-plans, where the orchestrator's
 * thread starts) is saved with the team's and survives a durable run's resume. One instance serves
 * one team.
 */
public final class MagenticOne implements SpeakerSelector {

  /** The name the orchestrator speaks under unless {@link Builder#name} says otherwise. */
  public static final String DEFAULT_NAME = "orchestrator";

  /** The longest piece of model text (facts, plan, instruction, answer) kept, in characters. */
  public static final int MAX_TEXT = 8_000;

  private static final int MAX_REASON = 500;
  private static final String TYPE = "magenticOne";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)\\}");

  private static final String FACTS_PROMPT =
      "Here is a task:\n\n{task}\n\n"
          + "Before anyone starts on it, set out what is known. Answer under these four"
          + " headings, and leave a heading empty rather than make something up:\n"
          + "1. GIVEN OR VERIFIED FACTS: what the task itself states\n"
          + "2. FACTS TO LOOK UP: what is needed, and where it might be found\n"
          + "3. FACTS TO DERIVE: what can be worked out by reasoning or computation\n"
          + "4. EDUCATED GUESSES: what you recall or suspect, and why\n"
          + "Write the four headings and their points, and nothing else.";

  private static final String PLAN_PROMPT =
      "This team will carry out the task:\n\n{team}\n\n"
          + "Write a short plan as bullet points, naming who does each step. Not everyone"
          + " needs to take part. Write the plan and nothing else.";

  private static final String LEDGER_MESSAGE =
      "We are working on this task:\n\n{task}\n\n"
          + "The team:\n{team}\n\n"
          + "What we know so far:\n{facts}\n\n"
          + "The plan:\n{plan}";

  private static final String PROGRESS_PROMPT =
      "Recall the task:\n\n{task}\n\nand the team:\n\n{team}\n\n"
          + "Answer each of these questions about the conversation so far:\n"
          + "- is_request_satisfied: is the task completely done (true), or is something still"
          + " missing (false)?\n"
          + "- is_in_loop: is the team repeating the same requests or answers (true)? A few"
          + " attempts at something hard are not a loop.\n"
          + "- is_progress_being_made: did the latest messages move the task on (true), or are"
          + " we stuck or failing (false)?\n"
          + "- next_speaker: who speaks next? Exactly one of: {names}\n"
          + "- instruction_or_question: what the next speaker should do or answer, written to"
          + " them, with what they need to know.\n\n"
          + "Reply with one JSON object and nothing else, in this shape:\n"
          + "{\"is_request_satisfied\": {\"reason\": \"...\", \"answer\": false},\n"
          + " \"is_in_loop\": {\"reason\": \"...\", \"answer\": false},\n"
          + " \"is_progress_being_made\": {\"reason\": \"...\", \"answer\": true},\n"
          + " \"next_speaker\": {\"reason\": \"...\", \"answer\": \"a name from the list\"},\n"
          + " \"instruction_or_question\": {\"reason\": \"...\", \"answer\": \"...\"}}";

  private static final String FACTS_UPDATE_PROMPT =
      "We have not made enough progress on the task:\n\n{task}\n\n"
          + "Revise the facts you wrote before in the light of the conversation: move what has"
          + " been learned into the facts, and add or change educated guesses. Keep the four"
          + " headings. The facts as they stood:\n\n{facts}";

  private static final String PLAN_UPDATE_PROMPT =
      "Say in a sentence or two what went wrong, then write a new plan as bullet points that"
          + " avoids it, naming who does each step. The team:\n\n{team}";

  private static final String FINAL_PROMPT =
      "The work on this task is over:\n\n{task}\n\n"
          + "From the conversation above, answer the task for the person who asked, speaking to"
          + " them directly. If it could not be done, say so and give what was found.";

  private static final String[] KEYS = {
    "is_request_satisfied",
    "is_in_loop",
    "is_progress_being_made",
    "next_speaker",
    "instruction_or_question"
  };

  private final ChatModel model;
  private final String name;
  private final int maxStalls;
  private final int maxTurns;
  private final int maxReplans;
  private final int maxLedgerAttempts;

  // Guarded by this; replaced whole at the end of a choice, so a choice that fails changes nothing.
  private Ledger ledger = Ledger.EMPTY;

  private MagenticOne(Builder b) {
    this.model = Telemetry.observe(b.model);
    this.name = b.name;
    this.maxStalls = b.maxStalls;
    this.maxTurns = b.maxTurns;
    this.maxReplans = b.maxReplans;
    this.maxLedgerAttempts = b.maxLedgerAttempts;
  }

  /** Starts an orchestrator that asks {@code model}. */
  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  /** The orchestrator's model: what a spec of its team names. */
  public ChatModel model() {
    return model;
  }

  /** The name the orchestrator's messages come from. */
  public String name() {
    return name;
  }

  /** The stalls in a row after which it re-plans. */
  public int maxStalls() {
    return maxStalls;
  }

  /** The most turns before it writes its final answer. */
  public int maxTurns() {
    return maxTurns;
  }

  /** The most re-plans of one task. */
  public int maxReplans() {
    return maxReplans;
  }

  /** The task, facts, plan and counts as they stand: for tests and tools that show them. */
  public synchronized Ledger ledger() {
    return ledger;
  }

  /**
   * What the orchestrator knows of the task: its state, saved with the team's.
   *
   * @param task the task's text, or null before the first
   * @param pendingTask a task a run just brought, planned at the next choice; else null
   * @param facts the facts of the task ledger
   * @param plan the plan of the task ledger
   * @param stalls the stall count
   * @param turns the turns taken on the task since it was planned or last answered
   * @param replans the re-plans of the task so far
   * @param threadStart where, in the conversation, the messages since the latest task ledger start
   * @param answered whether the final answer has been written
   */
  public record Ledger(
      String task,
      String pendingTask,
      String facts,
      String plan,
      int stalls,
      int turns,
      int replans,
      int threadStart,
      boolean answered) {
    static final Ledger EMPTY = new Ledger(null, null, "", "", 0, 0, 0, 0, false);

    /** Checks the components. */
    public Ledger {
      facts = facts == null ? "" : facts;
      plan = plan == null ? "" : plan;
      if (stalls < 0 || turns < 0 || replans < 0 || threadStart < 0) {
        throw new IllegalArgumentException("a Magentic-One ledger's counts cannot be negative");
      }
    }
  }

  /**
   * Notes the task a run brings, to plan it at the next choice (AutoGen plans at every start with
   * a task). A run without a task goes on with the task it had.
   */
  @Override
  public synchronized void checkStart(Conversation conversation, List<AgentMessage> task) {
    if (conversation.participant(name) != null) {
      throw new IllegalStateException(
          "a participant is named '"
              + name
              + "', as the Magentic-One orchestrator is; rename one of them");
    }
    if (task.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    task.forEach(message -> parts.add(message.content()));
    Ledger l = ledger;
    ledger =
        new Ledger(
            l.task,
            String.join(" ", parts),
            l.facts,
            l.plan,
            l.stalls,
            l.turns,
            l.replans,
            l.threadStart,
            l.answered);
  }

  @Override
  public List<String> next(
      Conversation conversation, CancellationToken cancellation, Consumer<TeamEvent> events) {
    return choose(conversation, cancellation, events).speakers();
  }

  @Override
  public synchronized Selection choose(
      Conversation conversation, CancellationToken cancellation, Consumer<TeamEvent> events) {
    Objects.requireNonNull(cancellation, "cancellation");
    Step step = new Step(conversation, cancellation, events, ledger);
    Selection selection = step.run();
    ledger = step.now;
    return selection;
  }

  /** One choice: the calls to the model and what they change, kept apart until it succeeds. */
  private final class Step {
    final Conversation conversation;
    final CancellationToken cancellation;
    final Consumer<TeamEvent> events;
    final List<AgentMessage> said = new ArrayList<>();
    final String team;
    Ledger now;

    Step(
        Conversation conversation,
        CancellationToken cancellation,
        Consumer<TeamEvent> events,
        Ledger from) {
      this.conversation = conversation;
      this.cancellation = cancellation;
      this.events = events;
      this.now = from;
      StringBuilder roles = new StringBuilder();
      for (Conversation.Participant p : conversation.participants()) {
        if (roles.length() > 0) {
          roles.append('\n');
        }
        String description = p.description().strip().replaceAll("\\s+", " ");
        roles.append(p.name()).append(": ").append(description);
      }
      this.team = roles.toString();
    }

    Selection run() {
      if (now.pendingTask != null) {
        plan(now.pendingTask);
      } else if (now.task == null) {
        throw new IllegalStateException(
            "the Magentic-One orchestrator has no task to plan: start the run with a task");
      } else if (now.answered) {
        // A run that goes on after the final answer: a new stretch of the same plan.
        now = with(now.facts, now.plan, 0, 0, now.replans, now.threadStart, false);
      }
      while (true) {
        if (now.turns >= maxTurns) {
          return finalAnswer(
              "the orchestrator took its " + maxTurns + " turns without finishing the task");
        }
        ProgressLedger progress = progressLedger();
        int stalls = progress.stalled() ? now.stalls + 1 : Math.max(0, now.stalls - 1);
        events.accept(new TeamEvent.ProgressLedgerWritten(progress, now.turns + 1, stalls));
        if (progress.requestSatisfied().answer()) {
          return finalAnswer(
              "the orchestrator found the task done: " + progress.requestSatisfied().reason());
        }
        if (stalls >= maxStalls) {
          if (now.replans >= maxReplans) {
            return finalAnswer(
                "the orchestrator stalled "
                    + stalls
                    + " times after "
                    + maxReplans
                    + " re-plans, and gave up");
          }
          replan(stalls);
          continue;
        }
        AgentMessage instruction =
            new AgentMessage.Text(name, bound(progress.instruction().answer()));
        said.add(instruction);
        now =
            with(now.facts, now.plan, stalls, now.turns + 1, now.replans, now.threadStart, false);
        return new Selection(List.of(progress.nextSpeaker().answer()), said, null);
      }
    }

    /** The outer loop on a new task: facts, then plan, then the ledger message. */
    private void plan(String task) {
      List<ChatMessage> planning = new ArrayList<>();
      planning.add(ChatMessage.user(fill(FACTS_PROMPT, Map.of("task", task))));
      String facts = bound(ask(planning));
      planning.add(new ChatMessage.Assistant(facts, List.of(), null));
      planning.add(ChatMessage.user(fill(PLAN_PROMPT, Map.of("team", team))));
      String plan = bound(ask(planning));
      now = new Ledger(task, null, facts, plan, 0, 0, 0, 0, false);
      announce(0, "a new task");
    }

    /** The outer loop again after stalls: facts and plan revised from the thread. */
    private void replan(int stalls) {
      List<ChatMessage> context = thread();
      context.add(
          ChatMessage.user(
              fill(FACTS_UPDATE_PROMPT, Map.of("task", now.task, "facts", now.facts))));
      String facts = bound(ask(context));
      context.add(new ChatMessage.Assistant(facts, List.of(), null));
      context.add(ChatMessage.user(fill(PLAN_UPDATE_PROMPT, Map.of("team", team))));
      String plan = bound(ask(context));
      now = with(facts, plan, 0, now.turns, now.replans + 1, now.threadStart, false);
      announce(now.replans, "stalled " + stalls + " times in a row");
    }

    /** Adds the task ledger to the conversation; the orchestrator's thread starts there. */
    private void announce(int replan, String reason) {
      int at = conversation.messages().size() + said.size();
      now = with(now.facts, now.plan, now.stalls, now.turns, now.replans, at, false);
      events.accept(new TeamEvent.TaskLedgerWritten(now.facts, now.plan, replan, reason));
      said.add(
          new AgentMessage.Text(
              name,
              fill(
                  LEDGER_MESSAGE,
                  Map.of("task", now.task, "team", team, "facts", now.facts, "plan", now.plan))));
    }

    private Selection finalAnswer(String reason) {
      List<ChatMessage> context = thread();
      context.add(ChatMessage.user(fill(FINAL_PROMPT, Map.of("task", now.task))));
      said.add(new AgentMessage.Text(name, bound(ask(context))));
      now = with(now.facts, now.plan, now.stalls, now.turns, now.replans, now.threadStart, true);
      return new Selection(List.of(), said, Excerpts.cut(reason, MAX_REASON));
    }

    /** Asks for the progress ledger until one can be used, at most maxLedgerAttempts times. */
    private ProgressLedger progressLedger() {
      List<ChatMessage> context = thread();
      List<String> names = new ArrayList<>();
      conversation.participants().forEach(p -> names.add(p.name()));
      context.add(
          ChatMessage.user(
              fill(
                  PROGRESS_PROMPT,
                  Map.of("task", now.task, "team", team, "names", String.join(", ", names)))));
      StructuredOutput<ProgressLedger> output = ledgerOutput(conversation);
      String problem = null;
      for (int attempt = 1; attempt <= maxLedgerAttempts; attempt++) {
        String text = ask(context, output);
        StructuredOutput.Reading<ProgressLedger> reading = output.read(text);
        if (reading.problem() == null) {
          return reading.value();
        }
        problem = Excerpts.cut(reading.problem(), MAX_REASON);
        events.accept(new TeamEvent.SelectionProblem("progress ledger: " + problem, attempt, null));
        context.add(new ChatMessage.Assistant(Excerpts.cut(text, MAX_TEXT), List.of(), null));
        context.add(
            ChatMessage.user(
                "That progress ledger cannot be used: "
                    + problem
                    + ". Reply again with only the JSON object, next_speaker one of "
                    + String.join(", ", names)
                    + "."));
      }
      throw new IllegalStateException(
          "the Magentic-One orchestrator's model wrote no usable progress ledger in "
              + maxLedgerAttempts
              + " attempts; the last: "
              + problem);
    }

    /**
     * The messages since the latest task ledger, as the orchestrator's model reads them: its own
     * as its turns, the others' as user messages named after their source. The task comes first,
     * as the user's: some providers refuse a conversation that opens with the model's turn.
     */
    private List<ChatMessage> thread() {
      List<AgentMessage> all = new ArrayList<>(conversation.messages());
      all.addAll(said);
      List<ChatMessage> context = new ArrayList<>();
      context.add(ChatMessage.user(now.task));
      for (AgentMessage message : all.subList(Math.min(now.threadStart, all.size()), all.size())) {
        if (message.source().equals(name)) {
          context.add(new ChatMessage.Assistant(message.content(), List.of(), name));
        } else {
          context.add(message.toModelMessage());
        }
      }
      return context;
    }

    /** The ledger as it stands now, with these values. */
    private Ledger with(
        String facts,
        String plan,
        int stalls,
        int turns,
        int replans,
        int threadStart,
        boolean answered) {
      return new Ledger(
          now.task, now.pendingTask, facts, plan, stalls, turns, replans, threadStart, answered);
    }

    private String ask(List<ChatMessage> messages) {
      return ask(messages, null);
    }

    private String ask(List<ChatMessage> messages, StructuredOutput<?> output) {
      cancellation.throwIfCancelled();
      ChatRequest.Builder request = ChatRequest.builder().messages(messages);
      if (output != null && model.info().structuredOutput()) {
        request.responseFormat(output.responseFormat());
      }
      ChatResponse reply = model.chat(request.build(), cancellation);
      events.accept(
          new TeamEvent.Activity(new AgentEvent.ModelUsage(name, reply.model(), reply.usage())));
      return reply.text() == null ? "" : reply.text();
    }
  }

  /** The progress ledger's schema and a parser that holds the next speaker to the team. */
  private StructuredOutput<ProgressLedger> ledgerOutput(Conversation conversation) {
    JsonSchemas.ObjectBuilder schema = JsonSchemas.object();
    for (String key : KEYS) {
      // The next speaker is text, not an enum of the names: once the task is done it may be
      // anything, and the parser holds it to the team otherwise.
      ObjectNode answer = key.startsWith("is_") ? JsonSchemas.bool() : JsonSchemas.string();
      schema.property(
          key,
          JsonSchemas.object()
              .property("reason", JsonSchemas.string(), null)
              .property("answer", answer, null)
              .build(),
          null);
    }
    return StructuredOutput.of(
        ProgressLedger.class,
        "progress_ledger",
        schema.build(),
        json -> parseLedger(json, conversation));
  }

  private static ProgressLedger parseLedger(JsonNode json, Conversation conversation) {
    ProgressLedger.Verdict satisfied = verdict(json, "is_request_satisfied");
    ProgressLedger.Answer speaker = answer(json, "next_speaker");
    if (conversation.participants().size() == 1) {
      // One participant: no choice to make, whatever the model wrote.
      speaker =
          new ProgressLedger.Answer(
              conversation.participants().get(0).name(), "the team has one participant");
    } else if (conversation.participant(speaker.answer()) == null && !satisfied.answer()) {
      throw new IllegalArgumentException(
          "next_speaker '"
              + Excerpts.cut(speaker.answer(), 64)
              + "' is not a participant; choose one of "
              + String.join(", ", participantNames(conversation)));
    }
    return new ProgressLedger(
        satisfied,
        verdict(json, "is_in_loop"),
        verdict(json, "is_progress_being_made"),
        speaker,
        answer(json, "instruction_or_question"));
  }

  private static ProgressLedger.Verdict verdict(JsonNode json, String key) {
    JsonNode entry = json.path(key);
    return new ProgressLedger.Verdict(
        entry.path("answer").asBoolean(), Excerpts.cut(entry.path("reason").asText(), MAX_REASON));
  }

  private static ProgressLedger.Answer answer(JsonNode json, String key) {
    JsonNode entry = json.path(key);
    return new ProgressLedger.Answer(
        Excerpts.cut(entry.path("answer").asText(), MAX_TEXT),
        Excerpts.cut(entry.path("reason").asText(), MAX_REASON));
  }

  private static List<String> participantNames(Conversation conversation) {
    List<String> names = new ArrayList<>();
    conversation.participants().forEach(p -> names.add(p.name()));
    return names;
  }

  /** Model text cut to {@link #MAX_TEXT}. */
  private static String bound(String text) {
    return Excerpts.cut(text, MAX_TEXT);
  }

  /** Fills {@code {name}} placeholders in one pass, so text put in is never read as one. */
  private static String fill(String template, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      matcher.appendReplacement(
          out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  @Override
  public synchronized void reset() {
    ledger = Ledger.EMPTY;
  }

  /**
   * Saves the ledger: {@code {"selector": "magenticOne", "task": ..., "facts": ..., "plan": ...,
   * "stalls": 1, "turns": 4, ...}}.
   */
  @Override
  public synchronized JsonNode saveState() {
    ObjectNode state = State.write(KIND, ledger);
    state.put("selector", TYPE);
    return state;
  }

  @Override
  public void loadState(JsonNode state) {
    Ledger loaded = State.read(SpeakerSelector.openState(state, TYPE), Ledger.class);
    synchronized (this) {
      ledger = loaded;
    }
  }

  @Override
  public String toString() {
    return "magentic-one";
  }

  /** Builds a {@link MagenticOne} orchestrator. */
  public static final class Builder {
    private final ChatModel model;
    private String name = DEFAULT_NAME;
    private int maxStalls = 3;
    private int maxTurns = 20;
    private int maxReplans = 3;
    private int maxLedgerAttempts = 3;

    private Builder(ChatModel model) {
      this.model = Objects.requireNonNull(model, "the Magentic-One orchestrator needs a model");
    }

    /** The name its messages come from; {@value MagenticOne#DEFAULT_NAME} by default. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Stalls in a row after which it re-plans; 3 by default, as in AutoGen. */
    public Builder maxStalls(int maxStalls) {
      this.maxStalls = positive("maxStalls", maxStalls);
      return this;
    }

    /** Turns after which it writes its final answer; 20 by default, as in AutoGen. */
    public Builder maxTurns(int maxTurns) {
      this.maxTurns = positive("maxTurns", maxTurns);
      return this;
    }

    /** Re-plans of one task before a further stall ends the run; 3 by default. */
    public Builder maxReplans(int maxReplans) {
      this.maxReplans = positive("maxReplans", maxReplans);
      return this;
    }

    /** Model calls for one progress ledger before the run fails; 3 by default. */
    public Builder maxLedgerAttempts(int maxLedgerAttempts) {
      this.maxLedgerAttempts = positive("maxLedgerAttempts", maxLedgerAttempts);
      return this;
    }

    private static int positive(String what, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(
            "the Magentic-One orchestrator's " + what + " must be at least 1, was " + value);
      }
      return value;
    }

    /** Builds the orchestrator. */
    public MagenticOne build() {
      return new MagenticOne(this);
    }
  }
}

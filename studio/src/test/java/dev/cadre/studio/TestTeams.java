package dev.cadre.studio;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.HumanInput;
import dev.cadre.dsl.Cadre;
import dev.cadre.model.ChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.samples.Sample;
import dev.cadre.spec.LoadedTeam;
import dev.cadre.spec.SpecOptions;
import dev.cadre.spec.Specs;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.PausingTeams;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.Terminations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The teams of the studio's tests beside the bundled samples: a person asked where to go (a user
 * proxy that pauses a durable run), a model that writes markup and script, a thousand-message run,
 * and spec files run on their own models.
 */
final class TestTeams {

  /** What the hostile model writes: every way text could become markup or script. */
  static final String HOSTILE =
      "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">"
          + " <a href=\"javascript:window.pwned=3\">click me</a> javascript:window.pwned=4";

  static final int THOUSAND = 1000;

  private TestTeams() {}

  /** The bundled samples (the studio's person approving refunds) and the test teams. */
  static List<Sample> all(HumanInput person) {
    List<Sample> all = new ArrayList<>(Studio.samples(person));
    all.add(
        new Durable(
            "travel",
            "A person is asked where to go",
            PausingTeams.TASK,
            () -> ReplayChatModel.ofTexts(PausingTeams.PROMPT, "Booked."),
            PausingTeams::team));
    all.add(
        new Durable(
            "hostile",
            "A model that writes markup and script",
            "Say something",
            () ->
                ReplayChatModel.builder()
                    .streamed("<scr", "ipt>window.pwned = 5</scr", "ipt>")
                    .text(HOSTILE)
                    .build(),
            TestTeams::hostile));
    all.add(
        new Durable(
            "resumable",
            "Two agents in turn, for a run that stopped half-way",
            "Take turns",
            () -> ReplayChatModel.ofTexts("first answer", "second"),
            TestTeams::resumable));
    all.add(new Thousand());
    all.add(new Relay());
    all.add(new Desk());
    all.add(new Streamer());
    return all;
  }

  /** A spec file's team as the command runs it: on the models the spec names. */
  static Sample spec(Path file) {
    return new Sample() {
      @Override
      public String name() {
        return file.getFileName().toString();
      }

      @Override
      public String description() {
        return "the team of " + file;
      }

      @Override
      public String defaultTask() {
        return "Begin.";
      }

      @Override
      public ChatModel offlineModel() {
        return ReplayChatModel.ofTexts();
      }

      @Override
      public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
        try (LoadedTeam loaded = Specs.load(file, SpecOptions.defaults())) {
          return loaded.team().run(List.of(AgentMessage.user(task)), events);
        }
      }
    };
  }

  private static Team hostile(CheckpointStore store, ChatModel model) {
    return Cadre.roundRobin("hostile")
        .participant(
            Cadre.assistant("mallory").description("Writes markup").model(model).streaming(true))
        .termination(Terminations.maxMessages(3))
        .checkpoints(store)
        .build();
  }

  /** Two agents in turn; the task and two answers end it. */
  static Team resumable(CheckpointStore store, ChatModel model) {
    return Cadre.roundRobin("resumable")
        .participant(Cadre.assistant("first").description("Speaks first").model(model))
        .participant(Cadre.assistant("second").description("Speaks second").model(model))
        .termination(Terminations.maxMessages(3))
        .checkpoints(store)
        .build();
  }

  private static ChatModel counting() {
    ReplayChatModel.Builder script = ReplayChatModel.builder();
    for (int i = 1; i <= THOUSAND; i++) {
      script.text("message " + i);
    }
    return script.build();
  }

  /** Lets the streaming model send the rest of its reply. */
  static final java.util.concurrent.CountDownLatch REST_OF_STREAM =
      new java.util.concurrent.CountDownLatch(1);

  /**
   * One agent whose model streams "Hello, ", then waits for {@link #REST_OF_STREAM} before it
   * streams "world.": the page must show the first part while the reply is still coming.
   */
  static final class Streamer implements Sample {
    @Override
    public String name() {
      return "streamer";
    }

    @Override
    public String description() {
      return "A reply that streams in two parts, a pause between";
    }

    @Override
    public String defaultTask() {
      return "Greet";
    }

    @Override
    public ChatModel offlineModel() {
      return new ChatModel() {
        @Override
        public dev.cadre.model.ModelInfo info() {
          return dev.cadre.model.ModelInfo.capable("streamer");
        }

        @Override
        public dev.cadre.model.ChatResponse chat(
            dev.cadre.model.ChatRequest request, dev.cadre.core.CancellationToken cancellation) {
          return dev.cadre.model.ChatResponse.ofText(
              "Hello, world.", new dev.cadre.model.Usage(5, 3), "streamer");
        }

        @Override
        public dev.cadre.model.ChatResponse stream(
            dev.cadre.model.ChatRequest request,
            dev.cadre.model.StreamListener listener,
            dev.cadre.core.CancellationToken cancellation) {
          listener.onText("Hello, ");
          try {
            if (!REST_OF_STREAM.await(120, java.util.concurrent.TimeUnit.SECONDS)) {
              throw new IllegalStateException("the test never let the stream go on");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          listener.onText("world.");
          return chat(request, cancellation);
        }
      };
    }

    @Override
    public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
      try (Team team =
          Cadre.roundRobin("streamer")
              .participant(Cadre.assistant("greeter").model(model).streaming(true))
              .termination(Terminations.maxMessages(2))
              .build()) {
        return team.run(List.of(AgentMessage.user(task)), events);
      }
    }
  }

  /** Two agents counting to a thousand in memory: no store, so the run is as fast as it gets. */
  static final class Thousand implements Sample {
    @Override
    public String name() {
      return "thousand";
    }

    @Override
    public String description() {
      return THOUSAND + " messages as fast as they come";
    }

    @Override
    public String defaultTask() {
      return "Count";
    }

    @Override
    public ChatModel offlineModel() {
      return counting();
    }

    @Override
    public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
      try (Team team =
          Cadre.roundRobin("thousand")
              .participant(Cadre.assistant("ping").description("Counts").model(model))
              .participant(Cadre.assistant("pong").description("Counts too").model(model))
              .termination(Terminations.maxMessages(THOUSAND + 1))
              .maxTurns(THOUSAND + 10)
              .build()) {
        return team.run(List.of(AgentMessage.user(task)), events);
      }
    }
  }

  /** A team that runs durably on the studio's store, made by {@code team} on each run. */
  private record Durable(
      String name,
      String description,
      String defaultTask,
      Supplier<ChatModel> script,
      java.util.function.BiFunction<CheckpointStore, ChatModel, Team> team)
      implements Sample {

    @Override
    public ChatModel offlineModel() {
      return script.get();
    }

    @Override
    public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
      throw new AssertionError("the studio runs " + name + " durably");
    }

    @Override
    public TaskResult durably(
        ChatModel model, CheckpointStore store, Function<Team, TaskResult> body) {
      if (store == null) {
        throw new IllegalArgumentException("no store");
      }
      try (Team built = team.apply(store, model)) {
        return body.apply(built);
      }
    }
  }

  /** Lets the relay's next speaker go on after its first chunk: one permit per reply. */
  static final java.util.concurrent.Semaphore RELAY = new java.util.concurrent.Semaphore(0);

  /**
   * Alice, then Bob, in turn: each streams its name, then waits for a {@link #RELAY} permit before
   * ending its reply, so a test sees who is speaking while they speak.
   */
  static final class Relay implements Sample {
    @Override
    public String name() {
      return "relay";
    }

    @Override
    public String description() {
      return "Two agents in turn, each pausing half-way through its reply";
    }

    @Override
    public String defaultTask() {
      return "Pass it on";
    }

    @Override
    public String diagram() {
      try (Team team = team(offlineModel())) {
        return dev.cadre.present.TeamDiagram.of(team);
      }
    }

    @Override
    public ChatModel offlineModel() {
      return new ChatModel() {
        @Override
        public dev.cadre.model.ModelInfo info() {
          return dev.cadre.model.ModelInfo.capable("relay");
        }

        @Override
        public dev.cadre.model.ChatResponse chat(
            dev.cadre.model.ChatRequest request, dev.cadre.core.CancellationToken cancellation) {
          return dev.cadre.model.ChatResponse.ofText(
              "passed on.", new dev.cadre.model.Usage(5, 2), "relay");
        }

        @Override
        public dev.cadre.model.ChatResponse stream(
            dev.cadre.model.ChatRequest request,
            dev.cadre.model.StreamListener listener,
            dev.cadre.core.CancellationToken cancellation) {
          listener.onText("speaking, ");
          try {
            if (!RELAY.tryAcquire(120, java.util.concurrent.TimeUnit.SECONDS)) {
              throw new IllegalStateException("the test never let the relay go on");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          listener.onText("passed on.");
          return chat(request, cancellation);
        }
      };
    }

    private static Team team(ChatModel model) {
      return Cadre.roundRobin("relay")
          .participant(Cadre.assistant("alice").model(model).streaming(true))
          .participant(Cadre.assistant("bob").model(model).streaming(true))
          .termination(Terminations.maxMessages(3))
          .build();
    }

    @Override
    public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
      try (Team team = team(model)) {
        return team.run(List.of(AgentMessage.user(task)), events);
      }
    }
  }

  /** A progress ledger as a Magentic-One orchestrator's model writes it: go on, no stall. */
  static String ledger(String speaker, String instruction, boolean progress) {
    return "{\"is_request_satisfied\": {\"reason\": \"not yet\", \"answer\": false},"
        + " \"is_in_loop\": {\"reason\": \"no\", \"answer\": false},"
        + " \"is_progress_being_made\": {\"reason\": \"r\", \"answer\": "
        + progress
        + "}, \"next_speaker\": {\"reason\": \"r\", \"answer\": \""
        + speaker
        + "\"}, \"instruction_or_question\": {\"reason\": \"r\", \"answer\": \""
        + instruction
        + "\"}}";
  }

  /** The plan the desk's orchestrator writes: markup, which the page must show as text. */
  static final String DESK_PLAN = "PLAN: <b>researcher</b> sums, writer reports";

  /** A Magentic-One team on replay scripts: a plan, two turns (the second a stall), an answer. */
  static final class Desk implements Sample {
    @Override
    public String name() {
      return "desk";
    }

    @Override
    public String description() {
      return "A Magentic-One orchestrator with a researcher and a writer";
    }

    @Override
    public String defaultTask() {
      return "What were the total sales?";
    }

    @Override
    public ChatModel offlineModel() {
      return ReplayChatModel.ofTexts(
          "FACTS: sales are in the table",
          DESK_PLAN,
          ledger("researcher", "Sum the <i>sales</i> column.", true),
          ledger("writer", "Report the total of 42.", false),
          "{\"is_request_satisfied\": {\"reason\": \"done\", \"answer\": true},"
              + " \"is_in_loop\": {\"reason\": \"no\", \"answer\": false},"
              + " \"is_progress_being_made\": {\"reason\": \"r\", \"answer\": true},"
              + " \"next_speaker\": {\"reason\": \"r\", \"answer\": \"\"},"
              + " \"instruction_or_question\": {\"reason\": \"r\", \"answer\": \"\"}}",
          "The total sales were 42.");
    }

    @Override
    public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
      try (Team team =
          Cadre.magenticOne("desk", model)
              .participant(
                  Cadre.assistant("researcher")
                      .description("Finds figures")
                      .model(ReplayChatModel.ofTexts("The sum is 42.")))
              .participant(
                  Cadre.assistant("writer")
                      .description("Writes the summary")
                      .model(ReplayChatModel.ofTexts("Total sales: 42.")))
              .build()) {
        return team.run(List.of(AgentMessage.user(task)), events);
      }
    }
  }
}

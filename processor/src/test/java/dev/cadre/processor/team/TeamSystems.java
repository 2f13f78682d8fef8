package dev.cadre.processor.team;

import com.google.testing.compile.JavaFileObjects;
import dev.cadre.processor.team.TeamCompiler.StandIn;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * Representative, valid team declarations for the generation tests: one per pattern, each with the
 * stand-ins its agents need until the agent step generates them. One public type per file, so the
 * generated code compiles with {@code -Xlint:all -Werror}.
 */
final class TeamSystems {

  private TeamSystems() {}

  /** A compilation unit in package {@code test}, with the annotations imported. */
  static JavaFileObject type(String simpleName, String... lines) {
    return JavaFileObjects.forSourceString(
        "test." + simpleName,
        "package test;\n\n"
            + "import dev.cadre.annotations.*;\n"
            + "import dev.cadre.annotations.GroupChat.Edge;\n"
            + "import dev.cadre.annotations.GroupChat.Pattern;\n"
            + "import dev.cadre.team.TaskResult;\n"
            + "import java.util.concurrent.CompletableFuture;\n\n"
            + String.join("\n", lines)
            + "\n");
  }

  /** A team's sources and the stand-ins for its agents. */
  record Sources(List<JavaFileObject> sources, List<StandIn> standIns) {}

  private static JavaFileObject agent(String simpleName, String attributes) {
    return type(simpleName, "@Agent(" + attributes + ")", "public interface " + simpleName + " {}");
  }

  /** ROUND_ROBIN: a writer with instance tools, a critic, text mention or message limit. */
  static Sources roundRobin() {
    return new Sources(
        List.of(
            type(
                "WeatherTools",
                "public class WeatherTools {",
                "  @Tool(\"Current weather in a city\")",
                "  public String weather(String city) {",
                "    return \"sunny in \" + city;",
                "  }",
                "}"),
            agent(
                "Writer",
                "description = \"Writes haiku\", systemMessage = \"You write haiku.\", tools ="
                    + " WeatherTools.class"),
            agent(
                "Critic",
                "description = \"Critiques haiku\", systemMessage = \"Critique; say APPROVE when"
                    + " done.\""),
            type(
                "WritingDesk",
                "@GroupChat(",
                "    description = \"Writes and critiques haiku\",",
                "    participants = {Writer.class, Critic.class},",
                "    textMention = \"APPROVE\",",
                "    maxMessages = 10)",
                "public interface WritingDesk {",
                "  @Prompt(\"Write a haiku about {{topic}}\")",
                "  String write(String topic);",
                "",
                "  TaskResult run(String task);",
                "",
                "  @Prompt(\"Write {{count}} haiku about {{topic}}\")",
                "  CompletableFuture<String> writeMany(int count, String topic);",
                "",
                "  String carryOn();",
                "}")),
        List.of(
            StandIn.agent("test.Writer", "writer")
                .description("Writes haiku")
                .systemMessage("You write haiku.")
                .toolHolders("WeatherTools"),
            StandIn.agent("test.Critic", "critic")
                .description("Critiques haiku")
                .systemMessage("Critique; say APPROVE when done.")));
  }

  /** SELECTOR: the selector on a keyed model, one agent on another key, a turn limit. */
  static Sources selector() {
    return new Sources(
        List.of(
            agent("Billing", "description = \"Answers billing questions\""),
            agent("Tech", "description = \"Answers technical questions\", model = \"smart\""),
            type(
                "HelpDesk",
                "@GroupChat(",
                "    participants = {Billing.class, Tech.class},",
                "    pattern = Pattern.SELECTOR,",
                "    selectorModel = \"fast\",",
                "    maxTurns = 4)",
                "public interface HelpDesk extends AutoCloseable {",
                "  String ask(String question);",
                "",
                "  @Override",
                "  void close();",
                "}")),
        List.of(
            StandIn.agent("test.Billing", "billing").description("Answers billing questions"),
            StandIn.agent("test.Tech", "tech")
                .description("Answers technical questions")
                .modelKey("smart")));
  }

  /** MAGENTIC_ONE: an orchestrator on its own model over a coder and an analyst. */
  static Sources magenticOne() {
    return new Sources(
        List.of(
            agent("Coder", "description = \"Writes and runs Python\""),
            agent("Analyst", "description = \"Explains the figures\""),
            type(
                "SalesDesk",
                "@GroupChat(",
                "    participants = {Coder.class, Analyst.class},",
                "    pattern = Pattern.MAGENTIC_ONE,",
                "    selectorModel = \"planner\",",
                "    magenticOne = @GroupChat.MagenticOne(maxStalls = 2),",
                "    maxTurns = 12)",
                "public interface SalesDesk extends AutoCloseable {",
                "  String ask(String question);",
                "",
                "  @Override",
                "  void close();",
                "}")),
        List.of(
            StandIn.agent("test.Coder", "coder").description("Writes and runs Python"),
            StandIn.agent("test.Analyst", "analyst").description("Explains the figures")));
  }

  /** SWARM: a router handing off to two specialists, who hand back. */
  static Sources swarm() {
    return new Sources(
        List.of(
            agent(
                "Router",
                "description = \"Routes customers\", handoffs = {Refunds.class, Shipping.class}"),
            agent("Refunds", "description = \"Handles refunds\", handoffs = Router.class"),
            agent("Shipping", "description = \"Tracks parcels\", handoffs = Router.class"),
            type(
                "Triage",
                "@GroupChat(",
                "    name = \"triage_desk\",",
                "    participants = {Router.class, Refunds.class, Shipping.class},",
                "    pattern = Pattern.SWARM,",
                "    textMention = \"RESOLVED\",",
                "    maxMessages = 12,",
                "    timeoutSeconds = 300)",
                "public interface Triage {",
                "  @Prompt(\"Customer {{customer}} writes: {{message}}\")",
                "  TaskResult handle(String customer, String message);",
                "}")),
        List.of(
            StandIn.agent("test.Router", "router")
                .description("Routes customers")
                .handoffs("refunds", "shipping"),
            StandIn.agent("test.Refunds", "refunds")
                .description("Handles refunds")
                .handoffs("router"),
            StandIn.agent("test.Shipping", "shipping")
                .description("Tracks parcels")
                .handoffs("router")));
  }

  /** GRAPH: a loop whose condition holds a {@code #} and quotes, as Mermaid spells entities. */
  static Sources graphWithEntityLikeCondition() {
    return new Sources(
        List.of(
            agent("Writer", "description = \"Writes drafts\""),
            agent("Critic", "description = \"Reviews drafts\""),
            type(
                "Desk",
                "@GroupChat(",
                "    participants = {Writer.class, Critic.class},",
                "    pattern = Pattern.GRAPH,",
                "    entry = Writer.class,",
                "    edges = {",
                "        @Edge(from = Writer.class, to = Critic.class),",
                "        @Edge(from = Critic.class, to = Writer.class, whenNotContains ="
                    + " \"#quot; \\\"ok\\\"\", maxTraversals = 2)",
                "    },",
                "    maxTurns = 6)",
                "public interface Desk {}")),
        List.of(
            StandIn.agent("test.Writer", "writer").description("Writes drafts"),
            StandIn.agent("test.Critic", "critic").description("Reviews drafts")));
  }

  /**
   * GRAPH: writer, critic and publisher (on a keyed model) with a bounded revision loop, and a
   * nested research team.
   */
  static Sources graph() {
    return new Sources(
        List.of(
            agent("Writer", "description = \"Writes drafts\""),
            agent("Critic", "description = \"Reviews drafts; says APPROVE or REVISE\""),
            agent("Publisher", "description = \"Publishes\", model = \"fast\""),
            agent("Web", "description = \"Searches the web\""),
            type(
                "Research",
                "@GroupChat(",
                "    description = \"Finds facts\",",
                "    participants = Web.class,",
                "    maxMessages = 2)",
                "public interface Research {}"),
            type(
                "Newsroom",
                "@GroupChat(",
                "    participants = {Research.class, Writer.class, Critic.class,"
                    + " Publisher.class},",
                "    pattern = Pattern.GRAPH,",
                "    entry = Research.class,",
                "    edges = {",
                "        @Edge(from = Research.class, to = Writer.class,"
                    + " activation = GroupChat.Activation.ANY),",
                "        @Edge(from = Writer.class, to = Critic.class),",
                "        @Edge(from = Critic.class, to = Writer.class, whenNotContains ="
                    + " \"APPROVE\", maxTraversals = 2, activationGroup = \"revision\"),",
                "        @Edge(from = Critic.class, to = Publisher.class, whenContains ="
                    + " \"APPROVE\")",
                "    },",
                "    maxTurns = 20)",
                "public interface Newsroom {",
                "  @Prompt(\"Write a story about {{subject}}\")",
                "  TaskResult story(String subject);",
                "}")),
        List.of(
            StandIn.agent("test.Writer", "writer").description("Writes drafts"),
            StandIn.agent("test.Critic", "critic")
                .description("Reviews drafts; says APPROVE or REVISE"),
            StandIn.agent("test.Publisher", "publisher").description("Publishes").modelKey("fast"),
            StandIn.agent("test.Web", "web").description("Searches the web")));
  }

  /**
   * Typed answers: a round robin whose entry methods read the critic's last message as a record or
   * an enum, synchronously and as a future.
   */
  static Sources typed() {
    return new Sources(
        List.of(
            type(
                "Review",
                "public record Review(String verdict, int score, java.util.List<String> notes) {}"),
            type("Verdict", "public enum Verdict { APPROVE, REVISE }"),
            agent("Writer", "description = \"Writes drafts\""),
            agent(
                "Critic",
                "description = \"Reviews drafts\", systemMessage = \"Answer with JSON only.\""),
            type(
                "ReviewDesk",
                "@GroupChat(",
                "    name = \"review_desk\",",
                "    participants = {Writer.class, Critic.class},",
                "    maxMessages = 3)",
                "public interface ReviewDesk {",
                "  @Prompt(\"Review a draft about {{topic}}\")",
                "  Review review(String topic);",
                "",
                "  @Prompt(\"Judge a draft about {{topic}}\")",
                "  Verdict judge(String topic);",
                "",
                "  @Prompt(\"Judge a draft about {{topic}}, later\")",
                "  CompletableFuture<Verdict> judgeLater(String topic);",
                "}")),
        List.of(
            StandIn.agent("test.Writer", "writer").description("Writes drafts"),
            StandIn.agent("test.Critic", "critic")
                .description("Reviews drafts")
                .systemMessage("Answer with JSON only.")));
  }
}

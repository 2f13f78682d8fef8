package dev.cadre.processor.team;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cadre.processor.Wrapping.wrapped;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.cadre.processor.CadreProcessor;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * An attribute the team's pattern ignores is a warning, whichever it is: edges and an entry outside
 * a GRAPH, a selector model outside a SELECTOR, orchestrator options outside a MAGENTIC_ONE,
 * handoffs outside a SWARM. Each is on the value it is about, and a team that means it says so
 * with {@code @SuppressWarnings("Cadre/<Tag>")}.
 */
class IgnoredAttributesTest {

  private static final String[] WERROR = {"-Xlint:all,-processing", "-Werror"};

  @Test
  void magenticOneOptionsOutsideAMagenticOneTeamAreAWarningOnThem() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    magenticOne = @GroupChat.MagenticOne(maxStalls = 2),",
            "    maxMessages = 5)",
            "interface Desk {}");

    Compilation compilation = compile(desk);

    assertThat(compilation)
        .hadWarningContainingMatch(
            wrapped(
                "[Cadre/MagenticOneOptionsIgnored] Team 'desk' is ROUND_ROBIN, which ignores its"
                    + " magenticOne options: only a MAGENTIC_ONE team has an orchestrator; remove"
                    + " them, or make the team a MAGENTIC_ONE."))
        .inFile(desk)
        .onLineContaining("magenticOne = @GroupChat.MagenticOne");
    assertThat(compilation).hadWarningCount(1);
  }

  @Test
  void aSelectorModelOutsideASelectorIsAWarningOnIt() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    selectorModel = \"fast\",",
            "    maxMessages = 5)",
            "interface Desk {}");

    Compilation compilation = compile(desk);

    assertThat(compilation)
        .hadWarningContainingMatch(
            wrapped(
                "[Cadre/SelectorModelOutsideSelector] Team 'desk' is ROUND_ROBIN, which ignores"
                    + " its selectorModel 'fast': only a SELECTOR or MAGENTIC_ONE has a model pick"
                    + " who speaks; remove it, or make the team a SELECTOR."))
        .inFile(desk)
        .onLineContaining("selectorModel = \"fast\"");
    assertThat(compilation).hadWarningCount(1);
  }

  @Test
  void handoffsOutsideASwarmAreAWarningOnTheAgentThatHasThem() {
    JavaFileObject desk =
        desk(
            "@Agent(description = \"Routes\", handoffs = Critic.class) interface Router {}",
            "@GroupChat(",
            "    participants = {",
            "        Router.class,",
            "        Critic.class},",
            "    pattern = Pattern.SELECTOR,",
            "    maxMessages = 5)",
            "interface Desk {}");

    Compilation compilation = compile(desk);

    assertThat(compilation)
        .hadWarningContainingMatch(
            wrapped(
                "[Cadre/HandoffsOutsideSwarm] Agent 'router' hands off to 'critic', but team"
                    + " 'desk' is SELECTOR, which ignores handoffs: only a SWARM follows them;"
                    + " make the team a SWARM, or give it agents without handoffs."))
        .inFile(desk)
        .onLineContaining("Router.class,");
    assertThat(compilation).hadWarningCount(1);
  }

  @Test
  void eachPatternKeepsItsOwnAttributesWithoutAWord() {
    assertThat(
            compileStrict(
                TeamSystems.type(
                    "Desk",
                    "@GroupChat(",
                    "    participants = {Router.class, Critic.class},",
                    "    pattern = Pattern.SWARM,",
                    "    maxMessages = 5)",
                    "public interface Desk {}"),
                TeamSystems.type(
                    "Panel",
                    "@GroupChat(",
                    "    participants = {Writer.class, Critic.class},",
                    "    pattern = Pattern.SELECTOR,",
                    "    selectorModel = \"fast\",",
                    "    maxMessages = 5)",
                    "public interface Panel {}")))
        .succeededWithoutWarnings();
  }

  @Test
  void aTeamThatMeansItSuppressesTheWarningByItsTag() {
    assertThat(
            compileStrict(
                TeamSystems.type(
                    "Desk",
                    "@SuppressWarnings({\"Cadre/HandoffsOutsideSwarm\","
                        + " \"Cadre/SelectorModelOutsideSelector\", \"Cadre/EdgesOutsideGraph\"})",
                    "@GroupChat(",
                    "    participants = {Router.class, Critic.class},",
                    "    selectorModel = \"fast\",",
                    "    edges = @Edge(from = Router.class, to = Critic.class),",
                    "    maxMessages = 5)",
                    "public interface Desk {}")))
        .succeededWithoutWarnings();
  }

  private static JavaFileObject desk(String... lines) {
    return JavaFileObjects.forSourceString(
        "test.Desk",
        "package test;\n"
            + "import dev.cadre.annotations.*;\n"
            + "import dev.cadre.annotations.GroupChat.Edge;\n"
            + "import dev.cadre.annotations.GroupChat.Pattern;\n"
            + "@Agent(description = \"Writes drafts\") interface Writer {}\n"
            + "@Agent(description = \"Reviews drafts\") interface Critic {}\n"
            + String.join("\n", lines)
            + "\n");
  }

  private static Compilation compile(JavaFileObject desk) {
    return Compiler.javac().withProcessors(new CadreProcessor()).compile(desk);
  }

  /** {@code teams} with the agents they use, each in a file of its own, as -Xlint:all wants. */
  private static Compilation compileStrict(JavaFileObject... teams) {
    List<JavaFileObject> files = new ArrayList<>(List.of(teams));
    files.add(
        TeamSystems.type(
            "Writer", "@Agent(description = \"Writes drafts\")", "public interface Writer {}"));
    files.add(
        TeamSystems.type(
            "Critic", "@Agent(description = \"Reviews drafts\")", "public interface Critic {}"));
    files.add(
        TeamSystems.type(
            "Router",
            "@Agent(description = \"Routes\", handoffs = Critic.class)",
            "public interface Router {}"));
    return Compiler.javac()
        .withProcessors(new CadreProcessor())
        .withOptions((Object[]) WERROR)
        .compile(files);
  }
}

package dev.cadre.processor.team;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cadre.processor.Wrapping.wrapped;
import static dev.cadre.processor.team.TeamCompiler.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every check of the team step fails the compilation with its tag, its message, on the exact file
 * and line (the participant entry, the {@code @Edge}, the annotation value, the method or
 * parameter). Graph findings come from the shared {@code GraphRules}; these tests prove they reach
 * the right place, and that the processor's own element-level checks work.
 */
class GroupChatValidationTest {

  private static final String IMPORTS =
      "import dev.cadre.annotations.*;\n"
          + "import dev.cadre.annotations.GroupChat.Edge;\n"
          + "import dev.cadre.annotations.GroupChat.Pattern;\n"
          + "import dev.cadre.team.TaskResult;\n"
          + "import java.util.concurrent.CompletableFuture;\n";

  private static final String AGENTS =
      "@Agent(description = \"Writes drafts\") interface Writer {}\n"
          + "@Agent(description = \"Reviews drafts\") interface Critic {}\n"
          + "@Agent(description = \"Publishes\") interface Publisher {}\n";

  /** {@code test.Desk}: the shared agents, then {@code lines}. */
  private static JavaFileObject desk(String... lines) {
    return JavaFileObjects.forSourceString(
        "test.Desk", "package test;\n" + IMPORTS + AGENTS + String.join("\n", lines) + "\n");
  }

  @Test
  void participantThatIsNeitherAgentNorTeam() {
    JavaFileObject desk =
        desk(
            "final class Helper {}",
            "@GroupChat(",
            "    participants = {",
            "        Writer.class,",
            "        Helper.class},",
            "    maxMessages = 5)",
            "interface Desk {}");

    Compilation compilation = compile(desk);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/NotAParticipant] Helper is not a participant: it is neither an @Agent nor a"
                    + " @GroupChat interface; annotate Helper with @Agent (or @GroupChat), or"
                    + " remove it from the participants."))
        .inFile(desk)
        .onLineContaining("Helper.class}");
    assertThat(compilation).hadErrorCount(1); // the graph's view of Helper adds nothing
  }

  @Test
  void twoParticipantsWithOneName() {
    JavaFileObject desk =
        desk(
            "@Agent(name = \"writer\", description = \"Also writes\") interface Ghost {}",
            "@GroupChat(",
            "    participants = {",
            "        Writer.class,",
            "        Ghost.class},",
            "    maxMessages = 5)",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/DuplicateAgentName] Participants 1 and 2 of team 'desk' are both named"
                    + " 'writer'; give each participant a unique name."))
        .inFile(desk)
        .onLineContaining("Ghost.class}");
  }

  @Test
  void teamThatContainsItself() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {",
            "        Writer.class,",
            "        Desk.class},",
            "    maxMessages = 5)",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/TeamContainsItself] Team 'desk' contains itself: desk > desk, so building"
                    + " it would never end; remove Desk.class from the participants of Desk."))
        .inFile(desk)
        .onLineContaining("Desk.class}");
  }

  @Test
  void teamThatContainsItselfThroughANestedTeam() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    description = \"Researches\",",
            "    participants = {",
            "        Critic.class,",
            "        Desk.class},",
            "    maxMessages = 5)",
            "interface Research {}",
            "@GroupChat(",
            "    participants = {",
            "        Writer.class,",
            "        Research.class},",
            "    maxMessages = 5)",
            "interface Desk {}");

    Compilation compilation = compile(desk);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/TeamContainsItself] desk > research: Team 'desk' contains itself: desk >"
                    + " research > desk, so building it would never end; remove Desk.class from the"
                    + " participants of Research."))
        .inFile(desk)
        .onLineContaining("Research.class}");
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/TeamContainsItself] research > desk: Team 'research' contains itself:"
                    + " research > desk > research"))
        .inFile(desk)
        .onLineContaining("Desk.class}");
  }

  @Test
  void handoffTargetOutsideTheTeam() {
    JavaFileObject desk =
        desk(
            "@Agent(description = \"Routes\", handoffs = Publisher.class) interface Router {}",
            "@GroupChat(",
            "    participants = {",
            "        Router.class,",
            "        Writer.class},",
            "    pattern = Pattern.SWARM,",
            "    maxMessages = 5)",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnknownHandoff] Agent 'router' hands off to 'publisher', which is not in"
                    + " team 'desk'; name a participant instead or add 'publisher' to the team."))
        .inFile(desk)
        .onLineContaining("Router.class,");
  }

  @Test
  void edgeToANonParticipant() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    pattern = Pattern.GRAPH,",
            "    edges = {",
            "        @Edge(from = Writer.class, to = Critic.class),",
            "        @Edge(from = Critic.class, to = Publisher.class)})",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnknownEdgeTarget] Edge critic -> publisher leads to 'publisher', which is"
                    + " not in team 'desk'; name a participant instead or add 'publisher' to the"
                    + " team."))
        .inFile(desk)
        .onLineContaining("to = Publisher.class");
  }

  @Test
  void edgeFromANonParticipant() {
    JavaFileObject desk =
        desk(
            "@Agent(name = \"critics\", description = \"Many\") interface Critics {}",
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    pattern = Pattern.GRAPH,",
            "    entry = Writer.class,",
            "    edges = {",
            "        @Edge(from = Writer.class, to = Critic.class),",
            "        @Edge(from = Critics.class, to = Writer.class, whenContains = \"AGAIN\")})",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnknownEdgeTarget] Edge critics -> writer starts at 'critics', which is not"
                    + " in team 'desk'; name a participant instead (did you mean 'critic'?) or add"
                    + " 'critics' to the team."))
        .inFile(desk)
        .onLineContaining("from = Critics.class");
  }

  @Test
  void unreachableAgentInAGraph() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {",
            "        Writer.class,",
            "        Critic.class,",
            "        Publisher.class},",
            "    pattern = Pattern.GRAPH,",
            "    entry = Writer.class,",
            "    edges = @Edge(from = Writer.class, to = Critic.class))",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnreachableAgent] Agent 'publisher' is not reachable: no path of edges"
                    + " leads to it from 'writer', where the team starts; add an edge to"
                    + " 'publisher' from a reachable participant, or remove it."))
        .inFile(desk)
        .onLineContaining("Publisher.class}");
  }

  @Test
  void cycleWithNoExitConditionAndNoBound() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class, Publisher.class},",
            "    pattern = Pattern.GRAPH,",
            "    entry = Writer.class,",
            "    maxTurns = 20,",
            "    edges = {",
            "        @Edge(from = Writer.class, to = Critic.class),",
            "        @Edge(from = Critic.class, to = Publisher.class),",
            "        @Edge(from = Publisher.class, to = Writer.class)})",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnboundedCycle] Cycle writer -> critic -> publisher -> writer has no exit"
                    + " condition and no bound, so it never ends; make one of its edges conditional"
                    + " (e.g. publisher -> writer) or give one a maxTraversals bound."))
        .inFile(desk)
        .onLineContaining("from = Publisher.class");
  }

  @Test
  void teamThatCanNeverTerminate() {
    JavaFileObject desk =
        desk("@GroupChat(participants = {Writer.class, Critic.class})", "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/NeverTerminates] Team 'desk' has no termination condition and no maxTurns,"
                    + " so it never stops; set a termination condition or maxTurns."))
        .inFile(desk)
        .onLineContaining("@GroupChat(participants");
  }

  @Test
  void selectorParticipantsWithoutDescriptions() {
    JavaFileObject desk =
        desk(
            "@Agent interface Mute {}",
            "@GroupChat(",
            "    participants = {",
            "        Writer.class,",
            "        Mute.class},",
            "    pattern = Pattern.SELECTOR,",
            "    maxMessages = 5)",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/MissingDescription] Agent 'mute' has no description, but team 'desk' is a"
                    + " SELECTOR whose model picks the next speaker by description; describe what"
                    + " 'mute' does."))
        .inFile(desk)
        .onLineContaining("Mute.class}");
  }

  @Test
  void magenticOneParticipantsWithoutDescriptions() {
    JavaFileObject desk =
        desk(
            "@Agent interface Mute {}",
            "@GroupChat(",
            "    participants = {",
            "        Writer.class,",
            "        Mute.class},",
            "    pattern = Pattern.MAGENTIC_ONE)",
            "interface Desk {}");

    Compilation compilation = compile(desk);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/MissingDescription] Agent 'mute' has no description, but team 'desk' is a"
                    + " MAGENTIC_ONE team whose orchestrator plans and picks speakers by"
                    + " description; describe what 'mute' does."))
        .inFile(desk)
        .onLineContaining("Mute.class}");
    // The orchestrator's turns are bounded: no termination condition is needed.
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void magenticOneBoundsBelowOneAreReportedOnTheValueThatSetsThem() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    pattern = Pattern.MAGENTIC_ONE,",
            "    magenticOne = @GroupChat.MagenticOne(",
            "        maxStalls = 0,",
            "        maxReplans = -1))",
            "interface Desk {}");

    Compilation compilation = compile(desk);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped("[Cadre/InvalidBound] Team 'desk' has maxStalls 0; set it to at least 1."))
        .inFile(desk)
        .onLineContaining("maxStalls = 0");
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped("[Cadre/InvalidBound] Team 'desk' has maxReplans -1; set it to at least 1."))
        .inFile(desk)
        .onLineContaining("maxReplans = -1");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void swarmWhoseFirstAgentCannotHandOff() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {",
            "        Writer.class,",
            "        Critic.class},",
            "    pattern = Pattern.SWARM,",
            "    maxMessages = 5)",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnreachableInSwarm] Agent 'critic' never gets a turn: no chain of handoffs"
                    + " from 'writer', who starts the swarm, leads to it; add 'critic' to the"
                    + " handoffs of 'writer' or of an agent it hands off to, or remove it."))
        .inFile(desk)
        .onLineContaining("Critic.class}");
  }

  @Test
  void negativeMaxMessages() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    maxMessages = -2)",
            "interface Desk {}");

    Compilation compilation = compile(desk);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/InvalidTermination] maxMessages is -2; set it to the number of messages"
                    + " after which the run stops, or to 0 for no limit."))
        .inFile(desk)
        .onLineContaining("maxMessages = -2");
    assertThat(compilation).hadErrorCount(1); // a bad limit is not also "never terminates"
  }

  @Test
  void negativeTimeout() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    timeoutSeconds = -30)",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/InvalidTermination] timeoutSeconds is -30; set it to the number of"
                    + " seconds"))
        .inFile(desk)
        .onLineContaining("timeoutSeconds = -30");
  }

  @Test
  void blankTextMention() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    textMention = \"  \")",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/InvalidTermination] textMention is blank, and every message contains white"
                    + " space, so the team would stop at once; give the word that ends the run,"
                    + " e.g. \"APPROVE\", or leave textMention empty for none."))
        .inFile(desk)
        .onLineContaining("textMention = ");
  }

  @Test
  void edgeWithBothWhenContainsAndWhenNotContains() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    pattern = Pattern.GRAPH,",
            "    entry = Writer.class,",
            "    edges = {",
            "        @Edge(from = Writer.class, to = Critic.class),",
            "        @Edge(from = Critic.class, to = Writer.class,",
            "            whenContains = \"REVISE\", whenNotContains = \"APPROVE\")})",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/InvalidTermination] Edge critic -> writer sets both whenContains and"
                    + " whenNotContains, so it has two conditions; keep one, and declare a second"
                    + " edge for the other case."))
        .inFile(desk)
        .onLineContaining("@Edge(from = Critic.class");
  }

  @Test
  void negativeMaxTraversalsIsTheGraphRulesInvalidBound() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    pattern = Pattern.GRAPH,",
            "    entry = Writer.class,",
            "    edges = {",
            "        @Edge(from = Writer.class, to = Critic.class),",
            "        @Edge(from = Critic.class, to = Writer.class,",
            "            maxTraversals = -1)})",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/InvalidBound] Edge critic -> writer has maxTraversals -1; set it to at"
                    + " least 1, or leave it unset for no bound."))
        .inFile(desk)
        .onLineContaining("maxTraversals = -1");
  }

  @Test
  void negativeMaxTurnsIsTheGraphRulesInvalidBound() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    maxMessages = 10,",
            "    maxTurns = -4)",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/InvalidBound] Team 'desk' has maxTurns -4; set it to at least 1, or leave"
                    + " it unset for no limit."))
        .inFile(desk)
        .onLineContaining("maxTurns = -4");
  }

  @Test
  void groupChatOnAClass() {
    JavaFileObject desk =
        desk("@GroupChat(participants = Writer.class, maxMessages = 5)", "abstract class Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/GroupChatNotInterface] @GroupChat goes on an interface, but Desk is a"
                    + " class; declare Desk as an interface whose abstract methods run the team."))
        .inFile(desk)
        .onLineContaining("abstract class Desk");
  }

  @Test
  void entryMethodWithoutPrompt() {
    JavaFileObject desk =
        desk(
            "@GroupChat(participants = Writer.class, maxMessages = 5)",
            "interface Desk {",
            "  String write(String topic, int words);",
            "}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/MissingPrompt] Method write has no @Prompt, so Cadre cannot tell what task"
                    + " it gives the team; add @Prompt(\"...\") with a {{placeholder}} for each"
                    + " parameter, take the task as a single String parameter, or take no"
                    + " parameter to continue the conversation."))
        .inFile(desk)
        .onLineContaining("String write(");
  }

  @Test
  void placeholderWithNoParameter() {
    JavaFileObject desk =
        desk(
            "@GroupChat(participants = Writer.class, maxMessages = 5)",
            "interface Desk {",
            "  @Prompt(\"Write about {{topc}}\")",
            "  String write(String topic);",
            "}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnknownPlaceholder] the prompt of write() uses {{topc}}, but the method has"
                    + " no parameter 'topc'; did you mean {{topic}}?"))
        .inFile(desk)
        .onLineContaining("@Prompt(\"Write about");
  }

  @Test
  void escapedBracesAndSingleBracesAreText() {
    JavaFileObject desk =
        desk(
            "@GroupChat(participants = Writer.class, maxMessages = 5)",
            "interface Desk {",
            "  @Prompt(\"Answer \\\\{{\\\"verdict\\\": {\\\"ok\\\": 1}}} about {{ topic }}\")",
            "  String write(String topic);",
            "}");

    Compilation compilation = compile(desk);

    assertThat(compilation).succeeded();
    assertThat(compilation)
        .generatedSourceFile("test.CadreDesk")
        .contentsAsUtf8String()
        .contains(
            "String task = \"Answer {{\\\"verdict\\\": {\\\"ok\\\": 1}}} about \" + topic;");
  }

  @Test
  void parameterThePromptNeverUses() {
    JavaFileObject desk =
        desk(
            "@GroupChat(participants = Writer.class, maxMessages = 5)",
            "interface Desk {",
            "  @Prompt(\"Write about {{topic}}\")",
            "  String write(String topic,",
            "      int words);",
            "}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnusedParameter] parameter 'words' of write() does not appear in its"
                    + " prompt, so the team would never see it; add {{words}} to the @Prompt, or"
                    + " remove the parameter"))
        .inFile(desk)
        .onLineContaining("int words");
  }

  @Test
  void recordReturnTypeWithoutAJsonMappingNamesThePathToTheCulprit() {
    JavaFileObject desk =
        desk(
            "record Review(String verdict, Extra extra) {}",
            "record Extra(Object payload) {}",
            "@GroupChat(participants = Writer.class, maxMessages = 5)",
            "interface Desk {",
            "  @Prompt(\"Review {{draft}}\")",
            "  CompletableFuture<Review> review(String draft);",
            "}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnsupportedReturnType] Method review returns"
                    + " java.util.concurrent.CompletableFuture<test.Review>, which a team cannot"
                    + " read from its last message: Review.extra.payload: java.lang.Object has no"
                    + " JSON mapping; use a record,"))
        .inFile(desk)
        .onLineContaining("CompletableFuture<Review> review");
    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "; change the type so that it maps to JSON, or return String (the text of the last"
                    + " message) and read it yourself."))
        .inFile(desk)
        .onLineContaining("CompletableFuture<Review> review");
  }

  @Test
  void aRecordAndAnEnumAreAnswers() {
    JavaFileObject desk =
        desk(
            "record Review(String verdict, int score) {}",
            "enum Verdict { APPROVE, REVISE }",
            "@GroupChat(participants = Writer.class, maxMessages = 5)",
            "interface Desk {",
            "  @Prompt(\"Review {{draft}}\")",
            "  Review review(String draft);",
            "  @Prompt(\"Judge {{draft}}\")",
            "  CompletableFuture<Verdict> judge(String draft);",
            "}");

    Compilation compilation = compile(desk);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.CadreDesk");
  }

  @Test
  void voidReturnType() {
    JavaFileObject desk =
        desk(
            "@GroupChat(participants = Writer.class, maxMessages = 5)",
            "interface Desk {",
            "  void write(String topic);",
            "}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnsupportedReturnType] Method write returns void, which a team cannot"
                    + " answer with; return String (the text of the last message), TaskResult (the"
                    + " whole run), a record or enum (read from the last message's JSON) or a"
                    + " CompletableFuture of one of these."))
        .inFile(desk)
        .onLineContaining("void write(");
  }

  @Test
  void errorInANestedTeamIsReportedOnTheOuterParticipantWithItsPath() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    description = \"Researches\",",
            "    participants = {",
            "        Critic.class,",
            "        Critic.class},",
            "    maxMessages = 5)",
            "interface Research {}",
            "@GroupChat(",
            "    participants = {",
            "        Writer.class,",
            "        Research.class},",
            "    maxMessages = 5)",
            "interface Desk {}");

    Compilation compilation = compile(desk);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/DuplicateAgentName] Participants 1 and 2 of team 'research' are both named"
                    + " 'critic'"))
        .inFile(desk)
        .onLineContaining("Critic.class}");
    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/DuplicateAgentName] desk > research: Participants 1 and 2 of team"
                    + " 'research' are both named 'critic'"))
        .inFile(desk)
        .onLineContaining("Research.class}");
  }

  @Test
  void edgesOnARoundRobinAreIgnoredWithAWarningOnTheEdges() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    edges = @Edge(from = Writer.class, to = Critic.class),",
            "    maxMessages = 5)",
            "interface Desk {",
            "  @Prompt(\"{{n}}\") void broken(int n);", // an error, so nothing is generated
            "}");

    assertThat(compile(desk))
        .hadWarningContainingMatch(
            wrapped(
                "[Cadre/EdgesOutsideGraph] Team 'desk' is ROUND_ROBIN, which ignores its 1 edge;"
                    + " remove them or make the team a GRAPH."))
        .inFile(desk)
        .onLineContaining("edges = @Edge");
  }

  @Test
  void reportsEveryProblemOfATeamInOneCompilation() {
    JavaFileObject desk =
        desk(
            "final class Helper {}",
            "@GroupChat(",
            "    participants = {Writer.class, Helper.class},",
            "    pattern = Pattern.SELECTOR,",
            "    maxMessages = -1,",
            "    textMention = \" \")",
            "interface Desk {",
            "  String write(String topic, int words);",
            "  int count(String text);",
            "}");

    Compilation compilation = compile(desk);

    assertThat(compilation).hadErrorContainingMatch(wrapped("[Cadre/NotAParticipant]"));
    assertThat(compilation)
        .hadErrorContainingMatch(wrapped("[Cadre/InvalidTermination] maxMessages is -1"));
    assertThat(compilation)
        .hadErrorContainingMatch(wrapped("[Cadre/InvalidTermination] textMention is blank"));
    assertThat(compilation).hadErrorContainingMatch(wrapped("[Cadre/MissingPrompt] Method write"));
    assertThat(compilation)
        .hadErrorContainingMatch(wrapped("[Cadre/UnsupportedReturnType] Method count"));
    assertThat(compilation).hadErrorCount(5);
  }

  @Test // AutoGen test_swarm_doesnt_support_nested_teams
  void teamInASwarm() {
    JavaFileObject desk =
        desk(
            "@Agent(description = \"Routes\") interface Router {}",
            "@GroupChat(description = \"Finds facts\",",
            "    participants = {Writer.class, Critic.class}, maxMessages = 3)",
            "interface Research {}",
            "@GroupChat(",
            "    participants = {",
            "        Router.class,",
            "        Research.class},",
            "    pattern = Pattern.SWARM,",
            "    maxMessages = 5)",
            "interface Desk {}");

    Compilation compilation = compile(desk);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/TeamInSwarm] Team 'research' cannot take part in swarm 'desk': a swarm"
                    + " passes the conversation by handoffs, and a team cannot hand off; put its"
                    + " agents in the swarm, wrap it in a nested chat agent that answers for it, or"
                    + " make 'desk' a ROUND_ROBIN or SELECTOR."))
        .inFile(desk)
        .onLineContaining("Research.class}");
  }

  @Test // AutoGen: "At least two participants are required for SelectorGroupChat."
  void selectorOfOneParticipant() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = Writer.class,",
            "    pattern = Pattern.SELECTOR,",
            "    maxMessages = 5)",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/SelectorTooFew] Team 'desk' is a SELECTOR of one participant, 'writer', but"
                    + " its model chooses among two or more; add a participant, or make the team a"
                    + " ROUND_ROBIN."))
        .inFile(desk)
        .onLineContaining("@GroupChat(");
  }

  @Test // AutoGen test_different_activation_groups_detection
  void edgesOfOneActivationGroupThatDisagree() {
    JavaFileObject desk =
        desk(
            "@Agent(description = \"Checks\") interface Checker {}",
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class, Checker.class, Publisher.class},",
            "    pattern = Pattern.GRAPH,",
            "    entry = Writer.class,",
            "    edges = {",
            "        @Edge(from = Writer.class, to = Critic.class),",
            "        @Edge(from = Writer.class, to = Checker.class),",
            "        @Edge(from = Critic.class, to = Publisher.class),",
            "        @Edge(from = Checker.class, to = Publisher.class,",
            "            activation = GroupChat.Activation.ANY)})",
            "interface Desk {}");

    Compilation compilation = compile(desk);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/ConflictingActivation] Edges critic -> publisher and checker -> publisher"
                    + " disagree on how group 'publisher' of 'publisher' activates: on ALL of its"
                    + " parents and on ANY; give them one activation, or put them in different"
                    + " groups."))
        .inFile(desk)
        .onLineContaining("@Edge(from = Checker.class, to = Publisher.class");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void edgeWithABlankActivationGroup() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    pattern = Pattern.GRAPH,",
            "    entry = Writer.class,",
            "    edges = @Edge(from = Writer.class, to = Critic.class, activationGroup = \" \"))",
            "interface Desk {}");

    assertThat(compile(desk))
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/InvalidTermination] Edge writer -> critic has a blank activationGroup;"
                    + " name the group, or leave it empty for the default group of 'critic'."))
        .inFile(desk)
        .onLineContaining("activationGroup = ");
  }

  @Test // AutoGen: a cyclic graph needs a termination condition or a turn limit
  void graphThatLoopsWithNothingToStopIt() {
    JavaFileObject desk =
        desk(
            "@GroupChat(",
            "    participants = {Writer.class, Critic.class},",
            "    pattern = Pattern.GRAPH,",
            "    entry = Writer.class,",
            "    edges = {",
            "        @Edge(from = Writer.class, to = Critic.class),",
            "        @Edge(from = Critic.class, to = Writer.class, whenNotContains = \"OK\")})",
            "interface Desk {}");

    Compilation compilation = compile(desk);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/NeverTerminates] Team 'desk' loops (writer -> critic -> writer) with no"
                    + " termination condition, no maxTurns and no maxTraversals bound on the loop,"
                    + " so it may never stop; set a termination condition or maxTurns, or bound an"
                    + " edge of the loop with maxTraversals."))
        .inFile(desk)
        .onLineContaining("@GroupChat(");
    assertThat(compilation).hadErrorCount(1);
  }
}

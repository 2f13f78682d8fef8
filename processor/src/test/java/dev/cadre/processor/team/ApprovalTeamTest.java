package dev.cadre.processor.team;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.cadre.team.StopReason;
import dev.cadre.agent.ApprovalDecision;
import dev.cadre.agent.ToolApprover;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.tool.ToolResult;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A team whose participant names tools in {@code @Agent(approve)}: its builder takes the approver
 * and hands it to that participant.
 */
class ApprovalTeamTest {

  private static final List<JavaFileObject> SOURCES =
      List.of(
          JavaFileObjects.forSourceLines(
              "test.RefundTools",
              "package test;",
              "",
              "import dev.cadre.annotations.Tool;",
              "",
              "public final class RefundTools {",
              "  private RefundTools() {}",
              "",
              "  @Tool(value = \"Refunds an order\", name = \"issue_refund\")",
              "  public static String issueRefund(String orderId) {",
              "    return \"refunded \" + orderId;",
              "  }",
              "}"),
          JavaFileObjects.forSourceLines(
              "test.Refunds",
              "package test;",
              "",
              "import dev.cadre.annotations.Agent;",
              "",
              "@Agent(tools = RefundTools.class, approve = \"issue_refund\")",
              "public interface Refunds {}"),
          JavaFileObjects.forSourceLines(
              "test.Intake",
              "package test;",
              "",
              "import dev.cadre.annotations.Agent;",
              "",
              "@Agent(handoffs = Refunds.class)",
              "public interface Intake {}"),
          JavaFileObjects.forSourceLines(
              "test.Desk",
              "package test;",
              "",
              "import dev.cadre.annotations.GroupChat;",
              "import dev.cadre.team.TaskResult;",
              "",
              "@GroupChat(",
              "    pattern = GroupChat.Pattern.SWARM,",
              "    participants = {Intake.class, Refunds.class},",
              "    maxTurns = 2)",
              "public interface Desk {",
              "  TaskResult run(String task);",
              "}"));

  private static ClassLoader compile() {
    Compilation compilation =
        TeamCompiler.compileWithAgents(SOURCES, List.of(), "-Xlint:all", "-Werror");
    assertThat(compilation).succeededWithoutWarnings();
    return TeamCompiler.classLoader(compilation);
  }

  @Test
  void buildNamesTheMissingApproverAndWhoNeedsIt() throws Exception {
    Object builder = call(compile().loadClass("test.CadreDesk"), "builder", new Class<?>[0]);
    call(builder, "model", new Class<?>[] {ChatModel.class}, ReplayChatModel.ofTexts());

    assertThatThrownBy(() -> call(builder, "build", new Class<?>[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("CadreDesk needs approver(ToolApprover) for refunds; set them on its builder");
  }

  @Test
  void theParticipantAsksTheTeamsApprover() throws Exception {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("transfer_to_refunds", "{}")
            .toolCall("issue_refund", "{\"orderId\":\"A-1042\"}")
            .text("Refunded A-1042.")
            .build();
    List<String> asked = new ArrayList<>();
    ToolApprover approver =
        (request, cancellation) -> {
          asked.add(request.agent() + ":" + request.spec().name());
          return ApprovalDecision.approve();
        };
    Object builder = call(compile().loadClass("test.CadreDesk"), "builder", new Class<?>[0]);
    call(builder, "model", new Class<?>[] {ChatModel.class}, model);
    call(builder, "approver", new Class<?>[] {ToolApprover.class}, approver);

    try (AutoCloseable desk = (AutoCloseable) call(builder, "build", new Class<?>[0])) {
      TaskResult result = (TaskResult) call(desk, "run", new Class<?>[] {String.class}, "refund");

      assertThat(result.stop().kind()).as("%s", result).isEqualTo(StopReason.Kind.MAX_TURNS);
    }
    assertThat(asked).containsExactly("refunds:issue_refund");
    ChatRequest last = model.requests().get(model.requests().size() - 1);
    ChatMessage.ToolResults results =
        (ChatMessage.ToolResults) last.messages().get(last.messages().size() - 1);
    assertThat(results.results())
        .extracting(ToolResult::content)
        .containsExactly("refunded A-1042");
  }

  private static Object call(Object target, String name, Class<?>[] types, Object... arguments)
      throws Exception {
    Class<?> type = target instanceof Class<?> c ? c : target.getClass();
    try {
      return type.getMethod(name, types)
          .invoke(target instanceof Class<?> ? null : target, arguments);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }
}

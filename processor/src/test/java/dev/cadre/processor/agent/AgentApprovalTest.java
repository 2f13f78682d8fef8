package dev.cadre.processor.agent;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cadre.processor.Wrapping.wrapped;
import static dev.cadre.processor.agent.AgentCompiler.compile;
import static dev.cadre.processor.agent.AgentCompiler.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.cadre.agent.ApprovalDecision;
import dev.cadre.agent.ToolApprover;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.ToolResult;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @Agent(approve = ...)}: checked against the agent's tools, and wired to the approver. */
class AgentApprovalTest {

  private static final JavaFileObject REFUND_TOOLS =
      source(
          "test.RefundTools",
          "package test;",
          "",
          "import dev.cadre.annotations.Tool;",
          "import java.util.concurrent.atomic.AtomicInteger;",
          "",
          "public final class RefundTools {",
          "  private final AtomicInteger refunds;",
          "",
          "  public RefundTools(AtomicInteger refunds) {",
          "    this.refunds = refunds;",
          "  }",
          "",
          "  @Tool(value = \"Refunds an order\", name = \"issue_refund\")",
          "  public String issueRefund(String orderId) {",
          "    refunds.incrementAndGet();",
          "    return \"refunded \" + orderId;",
          "  }",
          "",
          "  @Tool(value = \"Looks an order up\", name = \"lookup_order\")",
          "  public String lookupOrder(String orderId) {",
          "    return \"order \" + orderId;",
          "  }",
          "}");

  private static JavaFileObject refunder(String approve) {
    return source(
        "test.Refunder",
        "package test;",
        "",
        "import dev.cadre.annotations.Agent;",
        "import dev.cadre.annotations.Prompt;",
        "",
        "@Agent(",
        "    tools = RefundTools.class,",
        "    approve = {\"lookup_order\", " + approve + "})",
        "public interface Refunder {",
        "  @Prompt(\"Refund {{orderId}}\")",
        "  String refund(String orderId);",
        "}");
  }

  @Test
  void aNameThatIsNoToolIsAnErrorWithASuggestion() {
    JavaFileObject refunder = refunder("\"issue_refunds\"");
    Compilation compilation = compile(refunder, REFUND_TOOLS);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnknownApprovalTool] approve names 'issue_refunds', which is none of this"
                    + " agent's tools [issue_refund, lookup_order]; did you mean 'issue_refund'?"))
        .inFile(refunder)
        .onLineContaining("approve = {");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void aNameFarFromEveryToolSaysHowToMendIt() {
    JavaFileObject refunder = refunder("\"launch_rocket\"");
    Compilation compilation = compile(refunder, REFUND_TOOLS);

    assertThat(compilation)
        .hadErrorContainingMatch(
            wrapped(
                "[Cadre/UnknownApprovalTool] approve names 'launch_rocket', which is none of this"
                    + " agent's tools [issue_refund, lookup_order]; name a @Tool of a holder in"
                    + " tools, or add its holder to tools"))
        .inFile(refunder)
        .onLineContaining("approve = {");
  }

  @Test
  void aRefusedCallDoesNotRunAndTheModelHearsWhy() throws Exception {
    Compilation compilation = compile(refunder("\"issue_refund\""), REFUND_TOOLS);
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader = AgentCompiler.classLoader(compilation);
    AtomicInteger refunds = new AtomicInteger();
    List<String> asked = new ArrayList<>();
    ToolApprover approver =
        (request, cancellation) -> {
          asked.add(request.spec().name());
          return ApprovalDecision.refuse("the supervisor said no");
        };
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("issue_refund", "{\"orderId\":\"A-1042\"}")
            .text("I could not refund A-1042.")
            .build();
    Object builder = loader.loadClass("test.CadreRefunder").getMethod("builder").invoke(null);
    invoke(builder, "model", new Class<?>[] {ChatModel.class}, model);
    invoke(
        builder,
        "refundTools",
        new Class<?>[] {loader.loadClass("test.RefundTools")},
        loader
            .loadClass("test.RefundTools")
            .getConstructor(AtomicInteger.class)
            .newInstance(refunds));
    invoke(builder, "approver", new Class<?>[] {ToolApprover.class}, approver);
    Object agent = invoke(builder, "build", new Class<?>[0]);

    Object answer = invoke(agent, "refund", new Class<?>[] {String.class}, "A-1042");

    assertThat(answer).isEqualTo("I could not refund A-1042.");
    assertThat(asked).containsExactly("issue_refund");
    assertThat(refunds).hasValue(0);
    ChatRequest second = model.requests().get(1);
    ChatMessage.ToolResults results =
        (ChatMessage.ToolResults) second.messages().get(second.messages().size() - 1);
    ToolResult result = results.results().get(0);
    assertThat(results.results()).hasSize(1);
    assertThat(result.error()).isTrue();
    assertThat(result.content()).contains("the supervisor said no");
  }

  @Test
  void buildNamesTheMissingApprover() throws Exception {
    Compilation compilation = compile(refunder("\"issue_refund\""), REFUND_TOOLS);
    ClassLoader loader = AgentCompiler.classLoader(compilation);
    Object builder = loader.loadClass("test.CadreRefunder").getMethod("builder").invoke(null);
    invoke(builder, "model", new Class<?>[] {ChatModel.class}, ReplayChatModel.ofTexts("x"));

    assertThatThrownBy(() -> invoke(builder, "build", new Class<?>[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "agent 'refunder' (CadreRefunder) cannot be built without refundTools(RefundTools),"
                + " approver(ToolApprover); call those builder methods before build()");
  }

  private static Object invoke(Object target, String name, Class<?>[] types, Object... arguments)
      throws Exception {
    try {
      return target.getClass().getMethod(name, types).invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }
}

package dev.cadre.samples.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.Question;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.model.replay.ReplayScript;
import dev.cadre.model.replay.ReplayStep;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The process sample offline: the handoffs from intake to refunds, the tools' real answers from the
 * bundled orders, and the person who approves or refuses the refund.
 */
class ProcessSampleTest {

  private final List<TeamEvent> events = new CopyOnWriteArrayList<>();

  @Test
  void offlineRunHandsOffToRefundsAndThePersonApprovesTheRefund() throws Exception {
    ProcessSample sample = new ProcessSample();
    ReplayChatModel model = (ReplayChatModel) sample.offlineModel();

    TaskResult result = sample.run(model, sample.defaultTask(), events::add);

    assertThat(result.stopReason()).contains("RESOLVED");
    assertThat(handoffs(result)).containsExactly("intake -> triage", "triage -> refunds");
    assertThat(result.lastMessage().source()).isEqualTo("refunds");
    assertThat(((AgentMessage.Text) result.lastMessage()).content()).contains("RF-0001");
    assertThat(model.remaining()).isZero();

    assertThat(toolCalls())
        .containsExactly(
            "intake:lookup_order",
            "intake:transfer_to_triage",
            "triage:transfer_to_refunds",
            "refunds:check_refund_eligibility",
            "refunds:issue_refund");
    Map<String, JsonNode> results = toolResults();
    assertThat(results)
        .containsOnlyKeys("lookup_order", "check_refund_eligibility", "issue_refund");
    JsonNode order = results.get("lookup_order");
    assertThat(order.at("/customer/name").asText()).isEqualTo("Ada Moreau");
    assertThat(order.at("/order/items/0/name").asText()).isEqualTo("Burr coffee grinder");
    assertThat(order.at("/total").decimalValue()).isEqualByComparingTo("89.90");
    assertThat(order.at("/shipment/status").asText()).isEqualTo("DELIVERED");
    assertThat(order.at("/daysSinceDelivery").asInt()).isEqualTo(10);
    JsonNode eligibility = results.get("check_refund_eligibility");
    assertThat(eligibility.at("/eligible").asBoolean()).isTrue();
    assertThat(eligibility.at("/refundable").decimalValue()).isEqualByComparingTo("89.90");
    assertThat(results.get("issue_refund").at("/refundId").asText()).isEqualTo("RF-0001");

    // Asked once, for the refund only, and granted by the scripted person.
    assertThat(activities(AgentEvent.ApprovalRequested.class))
        .extracting(e -> e.source() + ":" + e.call().name())
        .containsExactly("refunds:issue_refund");
    assertThat(activities(AgentEvent.ApprovalDecided.class))
        .singleElement()
        .satisfies(decided -> assertThat(decided.approved()).isTrue());
    assertThat(sample.desk().refunds())
        .containsExactly(
            new OrderDesk.Refund(
                "RF-0001",
                "A-1042",
                "C-100",
                new BigDecimal("89.90"),
                "EUR",
                "Arrived damaged: cracked burr",
                "2024-06-14"));
  }

  @Test
  void whenThePersonRefusesTheModelIsToldAndNothingIsRefunded() throws Exception {
    List<Question> asked = new CopyOnWriteArrayList<>();
    ProcessSample sample =
        new ProcessSample(
            HumanInput.callback(
                question -> {
                  asked.add(question);
                  return "No, she already got a voucher for this";
                }));
    // The bundled script up to the refund call, then what the model says to the refusal.
    List<ReplayStep> steps = bundledScript();
    ReplayChatModel model =
        ReplayChatModel.builder()
            .steps(steps.subList(0, steps.size() - 1))
            .text(
                "Dear Ada, the refund could not be approved, as a voucher was issued for this"
                    + " order already. RESOLVED")
            .build();

    TaskResult result = sample.run(model, sample.defaultTask(), events::add);

    assertThat(handoffs(result)).containsExactly("intake -> triage", "triage -> refunds");
    assertThat(asked)
        .singleElement()
        .satisfies(
            question -> {
              assertThat(question.agent()).isEqualTo("refunds");
              assertThat(question.prompt()).contains("issue_refund").contains("A-1042");
            });
    assertThat(activities(AgentEvent.ApprovalDecided.class))
        .singleElement()
        .satisfies(decided -> assertThat(decided.approved()).isFalse());
    // The refunds agent's last model call saw the refusal, with the person's reason, as the result.
    ChatMessage last = lastOf(model.lastRequest().messages());
    assertThat(((ChatMessage.ToolResults) last).results())
        .singleElement()
        .satisfies(
            refusal -> {
              assertThat(refusal.name()).isEqualTo("issue_refund");
              assertThat(refusal.error()).isTrue();
              assertThat(refusal.content())
                  .contains("refused by a person: No, she already got a voucher for this");
            });
    assertThat(toolResults()).doesNotContainKey("issue_refund");
    assertThat(sample.desk().refunds()).isEmpty();
  }

  @Test
  void liveThePersonAnswersOnTheConsole() throws Exception {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    InputStream keyboard = new ByteArrayInputStream("yes\n".getBytes(StandardCharsets.UTF_8));
    ProcessSample sample =
        new ProcessSample(
            HumanInput.console(keyboard, new PrintStream(screen, true, StandardCharsets.UTF_8)));

    TaskResult result = sample.run(sample.offlineModel(), sample.defaultTask(), events::add);

    assertThat(screen.toString(StandardCharsets.UTF_8))
        .contains("Agent 'refunds' wants to call tool 'issue_refund'")
        .contains("\"order_id\":\"A-1042\"");
    assertThat(sample.desk().refunds())
        .extracting(OrderDesk.Refund::orderId)
        .containsExactly("A-1042");
  }

  private static List<ReplayStep> bundledScript() throws Exception {
    try (InputStream in = ProcessSample.class.getResourceAsStream("process.jsonl")) {
      return ReplayScript.read(in, "process.jsonl");
    }
  }

  private static List<String> handoffs(TaskResult result) {
    return result.messages().stream()
        .filter(AgentMessage.Handoff.class::isInstance)
        .map(AgentMessage.Handoff.class::cast)
        .map(handoff -> handoff.source() + " -> " + handoff.target())
        .toList();
  }

  private <T extends AgentEvent> List<T> activities(Class<T> kind) {
    return events.stream()
        .filter(TeamEvent.Activity.class::isInstance)
        .map(event -> ((TeamEvent.Activity) event).event())
        .filter(kind::isInstance)
        .map(kind::cast)
        .toList();
  }

  /** The tool calls the model asked for, as agent:tool, in order. */
  private List<String> toolCalls() {
    return activities(AgentEvent.ToolCallsRequested.class).stream()
        .flatMap(
            requested -> requested.calls().stream().map(c -> requested.source() + ":" + c.name()))
        .toList();
  }

  /** The results of the tools that ran (handoffs aside), by tool name, parsed. */
  private Map<String, JsonNode> toolResults() {
    return activities(AgentEvent.ToolCallsExecuted.class).stream()
        .flatMap(executed -> executed.results().stream())
        .filter(result -> !result.error() && !result.name().startsWith("transfer_to_"))
        .collect(Collectors.toMap(ToolResult::name, ProcessSampleTest::parse));
  }

  private static JsonNode parse(ToolResult result) {
    try {
      return Json.parse(result.content());
    } catch (Exception e) {
      throw new AssertionError(
          "tool " + result.name() + " answered no JSON: " + result.content(), e);
    }
  }

  private static <T> T lastOf(List<T> list) {
    return list.get(list.size() - 1);
  }
}

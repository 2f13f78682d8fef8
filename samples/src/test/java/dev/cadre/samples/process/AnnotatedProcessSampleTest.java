package dev.cadre.samples.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.HumanInput;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The annotated process sample offline, on the DSL version's replay script: the generated swarm
 * hands over to refunds, and the generated refunds agent asks the person before it refunds.
 */
class AnnotatedProcessSampleTest {

  private final List<TeamEvent> events = new CopyOnWriteArrayList<>();

  @Test
  void offlineRunAsksThePersonAndRefundsWhenTheyApprove() {
    List<String> questions = new CopyOnWriteArrayList<>();
    AnnotatedProcessSample sample =
        new AnnotatedProcessSample(
            HumanInput.callback(
                question -> {
                  questions.add(question.prompt());
                  return "approve";
                }));
    ReplayChatModel model = (ReplayChatModel) sample.offlineModel();

    TaskResult result = sample.run(model, sample.defaultTask(), events::add);

    assertThat(result.stopReason()).contains("RESOLVED");
    assertThat(result.messages())
        .filteredOn(AgentMessage.Handoff.class::isInstance)
        .extracting(AgentMessage::source)
        .containsExactly("intake", "triage");
    assertThat(result.lastMessage().source()).isEqualTo("refunds");
    assertThat(((AgentMessage.Text) result.lastMessage()).content()).contains("RF-0001");
    assertThat(model.remaining()).isZero();
    assertThat(questions).singleElement().asString().contains("'issue_refund'");
    assertThat(
            events.stream()
                .filter(TeamEvent.Activity.class::isInstance)
                .map(event -> ((TeamEvent.Activity) event).event())
                .filter(AgentEvent.ApprovalDecided.class::isInstance)
                .map(AgentEvent.ApprovalDecided.class::cast)
                .map(AgentEvent.ApprovalDecided::approved)
                .toList())
        .containsExactly(true);
    assertThat(sample.desk().refunds())
        .singleElement()
        .satisfies(
            refund -> {
              assertThat(refund.orderId()).isEqualTo("A-1042");
              assertThat(refund.amount()).isEqualByComparingTo(new BigDecimal("89.90"));
            });
  }
}

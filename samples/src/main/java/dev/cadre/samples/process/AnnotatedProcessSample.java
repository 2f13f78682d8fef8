package dev.cadre.samples.process;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.ToolApprover;
import dev.cadre.model.ChatModel;
import dev.cadre.samples.Sample;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The {@link ProcessSample} written with annotations: {@link Intake}, {@link Triage}, {@link
 * Refunds} (with {@code @Agent(approve = "issue_refund")}) and {@link Shipping} in the {@link
 * CustomerService} swarm, built through the generated {@code CadreCustomerService}. Same task,
 * offline script and approver as the DSL version.
 */
public final class AnnotatedProcessSample implements Sample {

  private final ProcessSample dsl;

  /** The sample on the bundled orders, asking the console, or a scripted person offline. */
  public AnnotatedProcessSample() {
    this(null);
  }

  /** The sample on the bundled orders, with {@code person} approving every refund. */
  public AnnotatedProcessSample(HumanInput person) {
    this.dsl = new ProcessSample(person);
  }

  @Override
  public String name() {
    return "process-annotated";
  }

  @Override
  public String description() {
    return dsl.description() + " (annotated form)";
  }

  @Override
  public String defaultTask() {
    return dsl.defaultTask();
  }

  @Override
  public String diagramResource() {
    return "META-INF/cadre/" + CustomerService.class.getName() + ".mmd";
  }

  @Override
  public ChatModel offlineModel() {
    return dsl.offlineModel();
  }

  /** The orders database the tools work on, with the refunds and reshipments of every run. */
  public OrderDesk desk() {
    return dsl.desk();
  }

  @Override
  public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(events, "events");
    OrderDesk desk = dsl.desk();
    try (CadreCustomerService service =
        CadreCustomerService.builder()
            .model(model)
            .orderLookup(new OrderLookup(desk))
            .refundDesk(new RefundDesk(desk))
            .reshipping(new Reshipping(desk))
            .approver(ToolApprover.askPerson(dsl.approverFor(model)))
            .build()) {
      Team team = service.team();
      return team.run(List.of(AgentMessage.user(task)), events);
    }
  }
}

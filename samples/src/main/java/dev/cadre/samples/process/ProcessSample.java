package dev.cadre.samples.process;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.ToolApprover;
import dev.cadre.dsl.Cadre;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.model.replay.ReplayScript;
import dev.cadre.present.TeamDiagram;
import dev.cadre.samples.Sample;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.Terminations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Business process automation: a customer-service swarm on a shop's orders database. Intake looks
 * the order up and hands over to triage, which hands over to a specialist: refunds (checks the
 * refund rules, then issues the refund, which a person approves) or shipping (books a replacement
 * parcel). The run ends when a specialist says RESOLVED.
 *
 * <p>Written with the DSL: the approval step is {@link AssistantAgent.Builder#toolApproval(
 * ToolApprover, String, String...)} on the refunds agent. {@link AnnotatedProcessSample} is the
 * same swarm in the annotated form, where {@code @Agent(approve = "issue_refund")} says it.
 *
 * <p>Who approves: the person given to the constructor; by default the console when the model is
 * live, and a scripted person who answers "approve" when the model is the {@link #offlineModel()
 * offline replay}.
 */
public final class ProcessSample implements Sample {

  /** The model id the offline replay reports, by which a run knows to use the scripted person. */
  static final String OFFLINE_MODEL = "process-replay";

  /** The scripted person's answer offline. */
  static final String SCRIPTED_ANSWER = "approve";

  private static final String SCRIPT = "process.jsonl";

  private final HumanInput person;
  private OrderDesk desk; // guarded by this; read when first used, so listing reads no file

  /** The sample on the bundled orders, asking the console, or a scripted person offline. */
  public ProcessSample() {
    this(null);
  }

  /** The sample on the bundled orders, with {@code person} approving every refund. */
  public ProcessSample(HumanInput person) {
    this.person = person;
  }

  @Override
  public String name() {
    return "process";
  }

  @Override
  public String description() {
    return "Customer-service swarm: intake, triage, refunds or shipping; a person approves refunds";
  }

  @Override
  public String defaultTask() {
    return "Ada Moreau writes: \"My order A-1042 arrived on June 4th, but the grinder's burr is"
        + " cracked and it will not grind. I'd like my money back, please.\"";
  }

  @Override
  public ChatModel offlineModel() {
    try (InputStream in = ProcessSample.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(
            "the replay script " + SCRIPT + " is missing from the class path beside " + getClass());
      }
      return ReplayChatModel.builder()
          .info(ModelInfo.capable(OFFLINE_MODEL))
          .steps(ReplayScript.read(in, SCRIPT))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The orders database the tools work on, with the refunds and reshipments of every run. */
  public synchronized OrderDesk desk() {
    if (desk == null) {
      desk = OrderDesk.bundled();
    }
    return desk;
  }

  @Override
  public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(events, "events");
    try (Team team = team(model, approverFor(model))) {
      return team.run(List.of(AgentMessage.user(task)), events);
    }
  }

  @Override
  public String diagram() {
    try (Team team = team(offlineModel(), approverFor(offlineModel()))) {
      return TeamDiagram.of(team);
    }
  }

  /** The swarm, every agent on {@code model}, refunds approved by {@code person}. */
  Team team(ChatModel model, HumanInput person) {
    OrderDesk desk = desk();
    AssistantAgent.Builder intake =
        agent(model, "intake", "Takes the customer's message and finds their order")
            .systemMessage(
                "You are the intake desk of an online coffee-gear shop. Find the order the"
                    + " customer writes about with lookup_order, then hand the case to triage"
                    + " with transfer_to_triage. Do not resolve the case yourself.")
            .tool(OrderTools.lookupOrder(desk))
            .handoff("triage", "Decides which specialist handles the case");
    AssistantAgent.Builder triage =
        agent(model, "triage", "Sends each case to the right specialist")
            .systemMessage(
                "You route customer-service cases. Money back for a damaged, wrong or unwanted"
                    + " item goes to refunds; a late, lost or missing parcel, or a replacement,"
                    + " goes to shipping. Hand over at once; do not answer the customer.")
            .handoff("refunds", "Handles requests for money back")
            .handoff("shipping", "Handles lost or late parcels and replacements");
    AssistantAgent.Builder refunds =
        agent(model, "refunds", "Refunds orders by the shop's rules")
            .systemMessage(
                "You handle refunds. Check the order with check_refund_eligibility first. If it"
                    + " is eligible, call issue_refund for the refundable amount; a person"
                    + " approves each refund, and if they refuse, do not try again: tell the"
                    + " customer what happens next. If it is not eligible, explain why, or hand a"
                    + " replacement to shipping. End your final message to the customer with"
                    + " RESOLVED.")
            .tools(OrderTools.checkRefundEligibility(desk), OrderTools.issueRefund(desk))
            .toolApproval(ToolApprover.askPerson(person), OrderTools.ISSUE_REFUND)
            .handoff("shipping", "Sends a replacement instead of a refund");
    AssistantAgent.Builder shipping =
        agent(model, "shipping", "Books replacement parcels for lost or damaged orders")
            .systemMessage(
                "You handle parcels. Look the order up, then book a replacement with"
                    + " schedule_reshipment when the rules allow, and tell the customer when it"
                    + " arrives. End your final message to the customer with RESOLVED.")
            .tools(OrderTools.lookupOrder(desk), OrderTools.scheduleReshipment(desk));
    return Cadre.swarm("customer_service")
        .participant(intake)
        .participant(triage)
        .participant(refunds)
        .participant(shipping)
        .termination(
            Terminations.textMention("RESOLVED", "refunds", "shipping")
                .or(Terminations.maxMessages(24)))
        .maxTurns(16)
        .build();
  }

  HumanInput approverFor(ChatModel model) {
    if (person != null) {
      return person;
    }
    if (OFFLINE_MODEL.equals(model.info().model())) {
      return HumanInput.callback(question -> SCRIPTED_ANSWER);
    }
    return HumanInput.console();
  }

  private static AssistantAgent.Builder agent(ChatModel model, String name, String description) {
    return Cadre.assistant(name).description(description).model(model);
  }

  @Override
  public TaskResult durably(
      ChatModel model, CheckpointStore store, Function<Team, TaskResult> body) {
    // The spec holds the agents; a team built on it with a store runs them durably.
    try (Team built = team(model, approverFor(model));
        Team team = new Team(built.spec(), store)) {
      return body.apply(team);
    }
  }
}

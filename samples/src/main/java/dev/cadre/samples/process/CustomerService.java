package dev.cadre.samples.process;

import dev.cadre.annotations.GroupChat;
import dev.cadre.team.TaskResult;

/**
 * The process sample's swarm in the annotated form: the processor writes {@code
 * CadreCustomerService}, whose builder takes the model, the three tool holders and the approver of
 * {@link Refunds}' refunds.
 */
@GroupChat(
    name = "customer_service",
    pattern = GroupChat.Pattern.SWARM,
    participants = {Intake.class, Triage.class, Refunds.class, Shipping.class},
    textMention = "RESOLVED",
    maxMessages = 24,
    maxTurns = 16)
public interface CustomerService {
  TaskResult handle(String task);
}

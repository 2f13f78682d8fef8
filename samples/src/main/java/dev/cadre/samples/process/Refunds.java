package dev.cadre.samples.process;

import dev.cadre.annotations.Agent;

/** The annotated process sample's refunds specialist; a person approves each refund. */
@Agent(
    description = "Handles requests for money back",
    systemMessage =
        "You handle refunds. Check the order with check_refund_eligibility first. If it is"
            + " eligible, call issue_refund for the refundable amount; a person approves each"
            + " refund, and if they refuse, do not try again: tell the customer what happens next."
            + " If it is not eligible, explain why, or hand a replacement to shipping. End your"
            + " final message to the customer with RESOLVED.",
    tools = RefundDesk.class,
    approve = OrderTools.ISSUE_REFUND,
    handoffs = Shipping.class)
public interface Refunds {}

package dev.cadre.samples.process;

import dev.cadre.annotations.Agent;

/** The annotated process sample's intake desk: finds the order, then hands over to triage. */
@Agent(
    description = "Takes the customer's message and finds their order",
    systemMessage =
        "You are the intake desk of an online coffee-gear shop. Find the order the customer writes"
            + " about with lookup_order, then hand the case to triage with transfer_to_triage. Do"
            + " not resolve the case yourself.",
    tools = OrderLookup.class,
    handoffs = Triage.class)
public interface Intake {}

package dev.cadre.samples.annotated;

import dev.cadre.annotations.Agent;

/** First contact for support questions; hands billing questions over. */
@Agent(
    description = "Sorts support questions",
    systemMessage = "You sort support questions. Hand billing questions to billing.",
    handoffs = Billing.class)
public interface Triage {}

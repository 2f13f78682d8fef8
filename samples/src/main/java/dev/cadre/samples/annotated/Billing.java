package dev.cadre.samples.annotated;

import dev.cadre.annotations.Agent;

/** Answers payment questions. */
@Agent(description = "Answers payment and refund questions", systemMessage = "You handle billing.")
public interface Billing {}

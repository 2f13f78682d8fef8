package dev.cadre.samples.annotated;

import dev.cadre.annotations.Agent;

/** Reviews drafts and says APPROVE when they are ready. */
@Agent(
    description = "Reviews drafts; says APPROVE when one is ready",
    systemMessage = "You critique release notes. Say APPROVE when a draft is ready.")
public interface Critic {}

package dev.cadre.samples.annotated;

import dev.cadre.annotations.Agent;

/** Drafts release notes. */
@Agent(
    description = "Drafts release notes",
    systemMessage = "You write short release notes. Revise them when the critic asks.")
public interface Writer {}

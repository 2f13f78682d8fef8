package dev.cadre.samples.annotated;

import dev.cadre.annotations.Agent;

/** Publishes approved notes. */
@Agent(description = "Publishes approved release notes", systemMessage = "You publish notes.")
public interface Publisher {}

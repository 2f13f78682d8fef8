package dev.cadre.samples.devteam;

import dev.cadre.annotations.Agent;

/** Writes the code, and fixes it when the tester or the reviewer finds a problem. */
@Agent(
    description = "Writes Java code for the plan and fixes what the tester and reviewer report",
    systemMessage =
        "You write Java 17 code that uses the JDK only. Answer with one complete source file:"
            + " one public class, no package declaration. When the tester reports compiler errors"
            + " or failing tests, or the reviewer asks for changes, answer with the whole corrected"
            + " file.")
public interface Coder {}

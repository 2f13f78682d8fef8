package dev.cadre.samples.devteam;

import dev.cadre.annotations.Agent;

/** Breaks a programming task into a short plan the coder and the tester can follow. */
@Agent(
    description = "Breaks a programming task into a short plan with the cases to test",
    systemMessage =
        "You plan small Java programming tasks. Answer with a numbered plan of at most five steps:"
            + " the class and method signatures to write, the behaviour, and the cases the tests"
            + " must cover. Write no code.")
public interface Planner {}

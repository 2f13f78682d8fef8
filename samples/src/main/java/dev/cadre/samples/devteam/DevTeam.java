package dev.cadre.samples.devteam;

import dev.cadre.annotations.GroupChat;
import dev.cadre.annotations.GroupChat.Edge;
import dev.cadre.annotations.Prompt;
import dev.cadre.team.TaskResult;

/**
 * The team, as a graph: the planner plans once, then the coder writes, the tester compiles and
 * tests, and the reviewer either approves (nothing follows, so the run ends) or sends the work back
 * to the coder, at most three times.
 */
@GroupChat(
    description = "A planner, a coder, a tester and a reviewer who deliver tested Java code",
    participants = {Planner.class, Coder.class, Tester.class, Reviewer.class},
    pattern = GroupChat.Pattern.GRAPH,
    entry = Planner.class,
    edges = {
      @Edge(from = Planner.class, to = Coder.class),
      @Edge(from = Coder.class, to = Tester.class),
      @Edge(from = Tester.class, to = Reviewer.class),
      @Edge(
          from = Reviewer.class,
          to = Coder.class,
          whenNotContains = "APPROVE",
          maxTraversals = DevTeam.MAX_REWORKS)
    },
    maxTurns = 1 + 3 * (1 + DevTeam.MAX_REWORKS))
public interface DevTeam {

  /** How many times the reviewer may send the work back before the run ends unapproved. */
  int MAX_REWORKS = 3;

  @Prompt("{{task}}")
  TaskResult deliver(String task);
}

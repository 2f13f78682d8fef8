package dev.cadre.samples.research;

import dev.cadre.annotations.GroupChat;
import dev.cadre.annotations.GroupChat.Edge;
import dev.cadre.team.TaskResult;

/**
 * The research team as a graph: the coordinator fans out to three researchers, who run at once;
 * the synthesiser waits for all three (a graph node joins ALL of its forward parents); the reviewer
 * sends the brief back until its citations check out, three times at most. The run ends when the
 * reviewer approves, since no edge leaves an approval.
 */
@GroupChat(
    name = "research_desk",
    participants = {
      Coordinator.class,
      ClimateResearcher.class,
      EconomicsResearcher.class,
      PolicyResearcher.class,
      Synthesiser.class,
      Reviewer.class
    },
    pattern = GroupChat.Pattern.GRAPH,
    entry = Coordinator.class,
    edges = {
      @Edge(from = Coordinator.class, to = ClimateResearcher.class),
      @Edge(from = Coordinator.class, to = EconomicsResearcher.class),
      @Edge(from = Coordinator.class, to = PolicyResearcher.class),
      @Edge(from = ClimateResearcher.class, to = Synthesiser.class),
      @Edge(from = EconomicsResearcher.class, to = Synthesiser.class),
      @Edge(from = PolicyResearcher.class, to = Synthesiser.class),
      @Edge(from = Synthesiser.class, to = Reviewer.class),
      @Edge(
          from = Reviewer.class,
          to = Synthesiser.class,
          whenNotContains = ResearchDesk.APPROVED,
          maxTraversals = 3)
    },
    maxTurns = 12)
public interface ResearchDesk {

  /** What the reviewer says when every citation holds; the loop back stops on it. */
  String APPROVED = "CITATIONS OK";

  /** Researches {@code question} and returns the run, ending with the reviewer's verdict. */
  TaskResult research(String question);
}

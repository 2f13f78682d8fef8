package dev.cadre.samples.support;

import dev.cadre.agent.AgentEvent;
import dev.cadre.memory.MemoryResult;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolResult;

/**
 * One visit of the support sample in a process of its own, offline: {@code FOLDER TASK}. Prints
 * what the agent's memory reminded it of ({@code memory: ...}), its tool results ({@code tool:
 * ...}), what the memory extractor did ({@code extractor: Written}) and its answer ({@code answer:
 * ...}).
 */
public final class SupportVisitChild {

  public static void main(String[] args) {
    System.setProperty("cadre.support.memory", args[0]);
    SupportSample sample = new SupportSample();
    TaskResult result =
        sample.run(
            sample.offlineModel(),
            args[1],
            event -> {
              if (event instanceof TeamEvent.Activity activity) {
                if (activity.event() instanceof AgentEvent.MemoryQueried queried) {
                  for (MemoryResult r : queried.results()) {
                    System.out.println("memory: " + r.content().content());
                  }
                } else if (activity.event() instanceof AgentEvent.ToolCallsExecuted executed) {
                  for (ToolResult r : executed.results()) {
                    System.out.println("tool: " + r.name() + ": " + r.content());
                  }
                }
              }
            },
            event -> System.out.println("extractor: " + event.getClass().getSimpleName()));
    System.out.println("answer: " + result.lastMessage().content());
  }
}

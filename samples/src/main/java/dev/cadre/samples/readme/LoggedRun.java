package dev.cadre.samples.readme;

import dev.cadre.agent.AgentMessage;
import dev.cadre.present.RunReport;
import dev.cadre.team.EventLog;
import dev.cadre.team.Team;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's event-log example: a team's run written to a JSON-lines log as it happens, and the
 * run's HTML report rebuilt from that log afterwards (in another process, if need be).
 */
public final class LoggedRun {

  private LoggedRun() {}

  /** Runs {@code team} on the README's task, logging to {@code dir}; returns the report's path. */
  static Path logAndReport(Team team, Path dir) throws IOException {
    // README:begin
    Path logFile = dir.resolve("run.jsonl");
    try (EventLog log = EventLog.open(logFile)) {
      team.run(List.of(AgentMessage.user("Write the release note")), log);
    }
    RunReport report = RunReport.fromLog(logFile, RunReport.builder().title("release note"));
    report.write(dir.resolve("run.html"));
    // README:end
    return dir.resolve("run.html");
  }
}

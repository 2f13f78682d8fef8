package dev.cadre.spec;

import dev.cadre.code.CodeExecutor;
import dev.cadre.mcp.McpConnection;
import dev.cadre.memory.MemoryStore;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.Team;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A team built from a spec, with what it holds open: closing it closes the team, the MCP servers
 * the spec connected, the memory stores it opened and its code executors (and their working
 * directories).
 */
public final class LoadedTeam implements AutoCloseable {

  private final TeamDef spec;
  private final Team team;
  private final List<McpConnection> connections;
  private final List<MemoryStore> stores;
  private final Map<Path, ReplayChatModel> replays;
  private final List<CodeExecutor> executors;

  LoadedTeam(
      TeamDef spec,
      Team team,
      List<McpConnection> connections,
      List<MemoryStore> stores,
      Map<Path, ReplayChatModel> replays,
      List<CodeExecutor> executors) {
    this.spec = spec;
    this.team = team;
    this.connections = List.copyOf(connections);
    this.stores = List.copyOf(stores);
    this.replays = Map.copyOf(replays);
    this.executors = List.copyOf(executors);
  }

  /** The spec it was built from. */
  public TeamDef spec() {
    return spec;
  }

  /** The team, ready to run. */
  public Team team() {
    return team;
  }

  /**
   * The replay scripts the spec's models play, by file: a durable run keeps their positions with
   * its runs ({@link Team#keepWithRuns}), so that a resumed run goes on where its script stood
   * rather than at the script's first line.
   */
  public Map<Path, ReplayChatModel> replays() {
    return replays;
  }

  @Override
  public void close() {
    try {
      team.close();
    } finally {
      try {
        connections.forEach(McpConnection::close);
      } finally {
        try {
          stores.forEach(MemoryStore::close);
        } finally {
          executors.forEach(CodeExecutor::close);
        }
      }
    }
  }
}

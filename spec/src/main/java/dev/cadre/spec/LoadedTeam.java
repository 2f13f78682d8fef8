package dev.cadre.spec;

import dev.cadre.mcp.McpConnection;
import dev.cadre.team.Team;
import java.util.List;

/**
 * A team built from a spec, with what it holds open: closing it closes the team and the MCP servers
 * the spec connected.
 */
public final class LoadedTeam implements AutoCloseable {

  private final TeamDef spec;
  private final Team team;
  private final List<McpConnection> connections;

  LoadedTeam(TeamDef spec, Team team, List<McpConnection> connections) {
    this.spec = spec;
    this.team = team;
    this.connections = List.copyOf(connections);
  }

  /** The spec it was built from. */
  public TeamDef spec() {
    return spec;
  }

  /** The team, ready to run. */
  public Team team() {
    return team;
  }

  @Override
  public void close() {
    try {
      team.close();
    } finally {
      connections.forEach(McpConnection::close);
    }
  }
}

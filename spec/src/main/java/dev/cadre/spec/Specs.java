package dev.cadre.spec;

import dev.cadre.team.Team;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Where declarative teams start: read a YAML or JSON spec, check it, build its team, and write a
 * built team back as a spec.
 *
 * <pre>{@code
 * try (LoadedTeam loaded = Specs.load(Path.of("review.yaml"))) {
 *   TaskResult result = loaded.team().run("Write a haiku about the sea.");
 * }
 * }</pre>
 *
 * <p>Every problem is reported at once, each with its tag, its key path and {@code
 * file:line:column}, in a {@link SpecException}; nothing is built unless nothing is wrong.
 */
public final class Specs {

  /** The schema's resource name, beside this class. */
  public static final String SCHEMA_RESOURCE = "cadre-team.schema.json";

  private Specs() {}

  /**
   * Every finding in a spec file, errors and warnings, without building anything: what {@code cadre
   * validate} prints. Tools and models are not resolved here (see {@link #load}).
   */
  public static List<SpecFinding> validate(Path file) {
    List<SpecFinding> findings = new ArrayList<>();
    readInto(text(file), file.toString(), findings);
    return sorted(findings);
  }

  /**
   * Reads and checks a spec file: its keys and types, its termination, and the graph rules.
   *
   * @throws SpecException listing every error (and warning)
   */
  public static TeamDef read(Path file) {
    return read(text(file), file.toString());
  }

  /**
   * Reads and checks a spec's text; {@code file} names it in findings, and a name ending in {@code
   * .json} reads it as JSON (YAML otherwise).
   *
   * @throws SpecException listing every error (and warning)
   */
  public static TeamDef read(String text, String file) {
    List<SpecFinding> findings = new ArrayList<>();
    TeamDef team = readInto(text, file, findings);
    if (findings.stream().anyMatch(SpecFinding::error)) {
      throw new SpecException(file, sorted(findings));
    }
    return team;
  }

  /** Reads, checks and builds a spec file with the {@link SpecOptions#defaults() defaults}. */
  public static LoadedTeam load(Path file) {
    return load(file, SpecOptions.defaults());
  }

  /**
   * Reads, checks and builds a spec file: models from their providers (keys from the environment),
   * tools from tool libraries and the spec's MCP servers.
   *
   * @throws SpecException listing every problem, the unknown tools and unmade models included
   */
  public static LoadedTeam load(Path file, SpecOptions options) {
    TeamDef team = read(file);
    Path dir = file.toAbsolutePath().getParent();
    return build(team, dir, options);
  }

  /**
   * Builds a spec that has been read; {@code baseDir} is where relative paths (replay scripts)
   * start.
   *
   * @throws SpecException listing every problem found while resolving models and tools
   */
  public static LoadedTeam build(TeamDef team, Path baseDir, SpecOptions options) {
    Objects.requireNonNull(team, "team");
    return new SpecBuilder(options, baseDir)
        .build(team, String.valueOf(team.where() == null ? team.name() : team.where().file()));
  }

  /**
   * The spec of a built team: its agents (name, description, system message, model by provider and
   * id, tool names, handoffs), pattern, edges and termination. Keys, endpoints, replay scripts and
   * MCP servers are not in a built team and are left out: add them to the written file.
   *
   * @throws IllegalArgumentException naming the part a spec cannot hold (a Java predicate, a
   *     participant that is no assistant or team, a custom speaker selector)
   */
  public static TeamDef export(Team team) {
    return SpecWriter.export(team);
  }

  /** {@link #export} written as YAML: what {@code Team.toSpec()} would give. */
  public static String toYaml(Team team) {
    return toYaml(export(team));
  }

  /** A spec written as YAML, in the order a person writes one. */
  public static String toYaml(TeamDef team) {
    return SpecWriter.yaml(team);
  }

  /** The JSON Schema of spec files (draft 2020-12), for editors and checks. */
  public static String schema() {
    try (InputStream in = Specs.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from cadre-spec's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TeamDef readInto(String text, String file, List<SpecFinding> findings) {
    Node root = Node.parse(text, file, file.endsWith(".json"), findings);
    if (root == null) {
      return null;
    }
    int before = findings.size();
    TeamDef team = new SpecReader(findings).root(root);
    // Graph rules on a half-read team would report what is only a consequence of a read error.
    if (team != null && findings.size() == before) {
      new SpecChecker(findings).check(team);
    }
    return team;
  }

  private static List<SpecFinding> sorted(List<SpecFinding> findings) {
    List<SpecFinding> sorted = new ArrayList<>(findings);
    sorted.sort(
        Comparator.comparing((SpecFinding finding) -> !finding.error())
            .thenComparingInt(finding -> finding.where().line())
            .thenComparingInt(finding -> finding.where().column()));
    return sorted;
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new SpecException(
          file.toString(),
          List.of(
              new SpecFinding(
                  "Cadre/SpecSyntax",
                  "cannot read the file: " + e.getMessage(),
                  new SpecLocation(file.toString(), 1, 1),
                  true)));
    }
  }
}

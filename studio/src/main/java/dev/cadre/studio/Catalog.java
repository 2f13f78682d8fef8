package dev.cadre.studio;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.Question;
import dev.cadre.core.CancellationToken;
import dev.cadre.samples.Sample;
import dev.cadre.spec.Specs;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The teams the studio can run: the samples, the annotated teams on the class path (through the
 * processor's index, see {@link AnnotatedTeams}), and the spec files given on the command line or
 * found in the spec folder (read again on each listing, so a file saved or added shows). Each is
 * made afresh for a run, with that run's person answering its approvals.
 */
final class Catalog {

  static final String SAMPLE = "sample:";
  static final String SPEC = "spec:";
  static final String ANNOTATED = "annotated:";

  private final Function<HumanInput, List<Sample>> samples;
  private final Function<Path, Sample> specLoader;
  private final Path specDir;
  private final List<Path> specFiles;
  private final List<AnnotatedTeams.Team> annotated;

  Catalog(
      Function<HumanInput, List<Sample>> samples,
      List<AnnotatedTeams.Team> annotated,
      Function<Path, Sample> specLoader,
      Path specDir,
      List<Path> specFiles) {
    this.samples = samples;
    this.annotated = List.copyOf(annotated);
    this.specLoader = specLoader;
    this.specDir = specDir;
    this.specFiles = List.copyOf(specFiles);
  }

  /** A listed team: its id in the page, its name and what it does, and its spec file if any. */
  record Entry(String id, String name, String description, Path file) {}

  /** Every team: samples, then annotated teams, then spec files. */
  List<Entry> entries() {
    List<Entry> all = new ArrayList<>();
    for (Sample sample : samples.apply(Catalog::nobody)) {
      all.add(new Entry(SAMPLE + sample.name(), sample.name(), sample.description(), null));
    }
    for (AnnotatedTeams.Team team : annotated) {
      all.add(new Entry(ANNOTATED + team.type(), team.name(), team.description(), null));
    }
    for (Path file : specs()) {
      all.add(new Entry(SPEC + file, file.getFileName().toString(), file.toString(), file));
    }
    return all;
  }

  Optional<Entry> entry(String id) {
    return entries().stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /** The spec files: those given, then the spec folder's, each once, by absolute path. */
  List<Path> specs() {
    Map<Path, Path> files = new LinkedHashMap<>();
    specFiles.forEach(f -> files.putIfAbsent(f.toAbsolutePath().normalize(), f));
    if (specDir != null && Files.isDirectory(specDir)) {
      try (Stream<Path> listed = Files.list(specDir)) {
        listed
            .filter(Files::isRegularFile)
            .filter(f -> isSpecFile(f.getFileName().toString()))
            .sorted()
            .forEach(f -> files.putIfAbsent(f.toAbsolutePath().normalize(), f));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the spec folder " + specDir, e);
      }
    }
    return List.copyOf(files.keySet());
  }

  Path specDir() {
    return specDir;
  }

  /** The team of {@code entry}, made for one run with {@code person} approving its tool calls. */
  Sample sample(Entry entry, HumanInput person) {
    if (entry.file() != null) {
      return specLoader.apply(entry.file());
    }
    if (entry.id().startsWith(ANNOTATED)) {
      String type = entry.id().substring(ANNOTATED.length());
      return annotated.stream()
          .filter(t -> t.type().equals(type))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no annotated team '" + type + "'"));
    }
    String name = entry.name();
    return samples.apply(person).stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no sample '" + name + "'"));
  }

  /** What the page shows of a team's agents: names, descriptions, tools and models. */
  static List<Map<String, Object>> agents(Team team) {
    List<Map<String, Object>> agents = new ArrayList<>();
    TeamSpec spec = team.spec();
    for (ChatAgent participant : spec.participants()) {
      Map<String, Object> agent = new LinkedHashMap<>();
      agent.put("name", participant.name());
      agent.put("description", participant.description());
      if (participant instanceof AssistantAgent assistant) {
        agent.put("tools", assistant.toolNames());
        agent.put("model", assistant.model().info().model());
      } else {
        agent.put("tools", List.of());
        agent.put("model", participant instanceof Team ? "(a team)" : "(a person or other)");
      }
      agents.add(agent);
    }
    return agents;
  }

  /** The team's YAML spec, or the reason it has none (a part no spec file can hold). */
  static String export(Team team) {
    try {
      return Specs.toYaml(team);
    } catch (IllegalArgumentException e) {
      return "# " + team.name() + " cannot be written as a spec: " + e.getMessage() + "\n";
    }
  }

  /**
   * Builds the team of {@code sample} on its offline model and {@code store}, without running it,
   * and hands it to {@code look}; empty when the team cannot be built on a store.
   */
  static <T> Optional<T> inspect(Sample sample, CheckpointStore store, Function<Team, T> look) {
    List<T> seen = new ArrayList<>(1);
    try {
      sample.durably(
          sample.offlineModel(),
          store,
          team -> {
            seen.add(look.apply(team));
            return null;
          });
    } catch (UnsupportedOperationException e) {
      return Optional.empty();
    }
    return seen.stream().findFirst();
  }

  static boolean isSpecFile(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
  }

  /** The person of teams that are only listed or shown: they never run, so nobody is asked. */
  static CompletionStage<String> nobody(Question question, CancellationToken cancellation) {
    return CompletableFuture.failedFuture(new IllegalStateException("a listed team does not run"));
  }
}

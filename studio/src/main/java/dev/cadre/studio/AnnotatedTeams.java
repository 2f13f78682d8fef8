package dev.cadre.studio;

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.samples.Sample;
import dev.cadre.spec.AgentDef;
import dev.cadre.spec.LoadedTeam;
import dev.cadre.spec.ParticipantDef;
import dev.cadre.spec.SpecOptions;
import dev.cadre.spec.Specs;
import dev.cadre.spec.TeamDef;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The annotated teams on the class path, through the index the annotation processor writes beside
 * their specs ({@value #INDEX}: a line per team, its generated class and its annotated type). Every
 * such resource is read with {@link ClassLoader#getResources}: a list of files, no class scanning.
 */
final class AnnotatedTeams {

  /** The processor's index, in every jar or class folder holding annotated teams. */
  static final String INDEX = "META-INF/cadre/teams";

  private static final Logger log = LoggerFactory.getLogger(AnnotatedTeams.class);

  private AnnotatedTeams() {}

  /**
   * The teams every index on {@code loader}'s class path lists, each once, in the order of the
   * indexes and their lines; a team whose spec is missing or does not read is left out, with a
   * warning naming the index, the team and why.
   */
  static List<Team> all(ClassLoader loader) {
    Map<String, Team> teams = new LinkedHashMap<>();
    try {
      Enumeration<URL> indexes = loader.getResources(INDEX);
      while (indexes.hasMoreElements()) {
        URL index = indexes.nextElement();
        for (String line : read(index).split("\\R")) {
          String[] names = line.strip().split(" ");
          if (names.length != 2 || teams.containsKey(names[1])) {
            continue;
          }
          try {
            teams.put(names[1], team(loader, names[0], names[1], index));
          } catch (RuntimeException e) {
            log.warn("{} lists the team {}, which cannot be listed: {}", index, line, e.getMessage());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the annotated teams' index " + INDEX, e);
    }
    return List.copyOf(teams.values());
  }

  private static Team team(ClassLoader loader, String generated, String type, URL index) {
    String resource = "META-INF/cadre/" + type + ".yaml";
    URL spec = loader.getResource(resource);
    if (spec == null) {
      throw new IllegalStateException(
          index + " lists " + type + " but its spec " + resource + " is not on the class path");
    }
    String yaml = read(spec);
    URL diagram = loader.getResource("META-INF/cadre/" + type + ".mmd");
    return new Team(
        generated, type, Specs.read(yaml, resource), yaml, diagram == null ? null : read(diagram));
  }

  private static String read(URL url) {
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + url, e);
    }
  }

  /**
   * An annotated team as the studio lists and runs it: built from the spec the processor wrote,
   * with the studio's model (offline or live) playing every agent, since the spec leaves the
   * models to code.
   *
   * @param generated the generated class's name
   * @param type the annotated type's name
   * @param def its spec, read
   * @param yaml its spec as the processor wrote it, to export
   * @param diagram its Mermaid diagram, or null
   */
  record Team(String generated, String type, TeamDef def, String yaml, String diagram)
      implements Sample {

    @Override
    public String name() {
      return def.name();
    }

    @Override
    public String description() {
      String what = def.description() == null ? "" : def.description() + " ";
      return what + "(annotated: " + type + ")";
    }

    @Override
    public String defaultTask() {
      return "Begin.";
    }

    @Override
    public ChatModel offlineModel() {
      return ReplayChatModel.ofTexts();
    }

    @Override
    public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
      SpecOptions options = SpecOptions.defaults().models((role, ref) -> model);
      try (LoadedTeam loaded = Specs.build(def, null, options)) {
        return loaded.team().run(List.of(AgentMessage.user(task)), events);
      }
    }

    /** The agents as the team page shows them, from the spec: no team is built to list them. */
    List<Map<String, Object>> agents() {
      List<Map<String, Object>> agents = new ArrayList<>();
      for (ParticipantDef participant : def.participants()) {
        Map<String, Object> agent = new LinkedHashMap<>();
        if (participant instanceof AgentDef a) {
          agent.put("name", a.name());
          agent.put("description", a.description());
          agent.put(
              "tools",
              a.tools() == null ? List.of() : a.tools().stream().map(AgentDef.ToolRef::name).toList());
          agent.put("model", "(chosen in code)");
        } else if (participant instanceof TeamDef t) {
          agent.put("name", t.name());
          agent.put("description", t.description());
          agent.put("tools", List.of());
          agent.put("model", "(a team)");
        }
        agents.add(agent);
      }
      return agents;
    }
  }
}

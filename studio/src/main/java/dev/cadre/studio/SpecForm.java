package dev.cadre.studio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The editor's form: adds or removes an agent, a tool of an agent, or an edge. It works on the
 * spec's YAML tree, not on a checked spec, because the steps of an edit are often invalid on their
 * own (an agent added before the edge that reaches it); the validator then shows what is left to
 * mend. Keys it does not touch are kept as they were; comments are not (the page says so).
 */
final class SpecForm {

  // The spec module's writer's settings (SpecWriter, not public), so what the form writes reads
  // like
  // an exported spec.
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .build());

  private SpecForm() {}

  /** What the form asks for: the operation and its fields (blank when not given). */
  record Change(String op, String agent, String description, String tool, String from, String to) {}

  /**
   * The spec {@code text} with {@code change} made.
   *
   * @throws IllegalArgumentException naming what is wrong: text that is not a YAML mapping, a
   *     missing field, an agent or edge that is not there or is there already
   */
  static String apply(String text, Change change) {
    ObjectNode spec = read(text);
    ArrayNode participants = array(spec, "participants");
    switch (change.op()) {
      case "add-agent" -> {
        String name = required("agent name", change.agent());
        if (find(participants, name) != null) {
          throw new IllegalArgumentException("the team has an agent '" + name + "' already");
        }
        ObjectNode agent = participants.addObject().put("name", name);
        if (!change.description().isBlank()) {
          agent.put("description", change.description().strip());
        }
      }
      case "remove-agent" -> {
        String name = required("agent name", change.agent());
        agent(participants, name);
        removeIf(participants, p -> name.equals(p.path("name").asText()));
        if (spec.get("entry") instanceof ArrayNode entries) {
          removeIf(entries, e -> name.equals(e.asText()));
        }
        removeEdges(
            spec, e -> name.equals(e.path("from").asText()) || name.equals(e.path("to").asText()));
        // Handoffs to it would point nowhere.
        for (JsonNode participant : participants) {
          if (participant.get("handoffs") instanceof ArrayNode handoffs) {
            removeIf(
                handoffs, h -> name.equals(h.isTextual() ? h.asText() : h.path("target").asText()));
          }
        }
      }
      case "add-tool", "remove-tool" -> {
        String name = required("agent name", change.agent());
        String tool = required("tool name", change.tool());
        ArrayNode tools = array(agent(participants, name), "tools");
        boolean has = false;
        for (JsonNode t : tools) {
          has |= tool.equals(toolName(t));
        }
        if (change.op().equals("add-tool")) {
          if (has) {
            throw new IllegalArgumentException("agent '" + name + "' has tool '" + tool + "'");
          }
          tools.add(tool);
        } else {
          if (!has) {
            List<String> names = new ArrayList<>();
            tools.forEach(t -> names.add(toolName(t)));
            throw new IllegalArgumentException(
                "agent '" + name + "' has no tool '" + tool + "'; its tools: " + names);
          }
          removeIf(tools, t -> tool.equals(toolName(t)));
        }
      }
      case "add-edge" -> {
        String from = required("from", change.from());
        String to = required("to", change.to());
        ArrayNode edges = array(spec, "edges");
        for (JsonNode edge : edges) {
          if (from.equals(edge.path("from").asText()) && to.equals(edge.path("to").asText())) {
            throw new IllegalArgumentException("the edge " + from + " -> " + to + " is there");
          }
        }
        edges.addObject().put("from", from).put("to", to);
      }
      case "remove-edge" -> {
        String from = required("from", change.from());
        String to = required("to", change.to());
        if (!removeEdges(
            spec, e -> from.equals(e.path("from").asText()) && to.equals(e.path("to").asText()))) {
          throw new IllegalArgumentException("no edge " + from + " -> " + to + " to remove");
        }
      }
      default -> throw new IllegalArgumentException("no form operation '" + change.op() + "'");
    }
    try {
      return YAML.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a YAML tree always writes", e);
    }
  }

  private static ObjectNode read(String text) {
    JsonNode tree;
    try {
      tree = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the form needs a spec that reads as YAML: " + e.getOriginalMessage());
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return YAML.createObjectNode();
    }
    if (!(tree instanceof ObjectNode spec)) {
      throw new IllegalArgumentException("the form needs a spec that is a YAML mapping");
    }
    return spec;
  }

  /** The list under {@code key}, made when missing. */
  private static ArrayNode array(JsonNode parent, String key) {
    JsonNode found = parent.get(key);
    if (found == null || found.isNull()) {
      return ((ObjectNode) parent).putArray(key);
    }
    if (!(found instanceof ArrayNode list)) {
      throw new IllegalArgumentException("'" + key + "' is not a list; mend it in the text");
    }
    return list;
  }

  private static ObjectNode agent(ArrayNode participants, String name) {
    ObjectNode found = find(participants, name);
    if (found == null) {
      List<String> names = new ArrayList<>();
      participants.forEach(p -> names.add(p.path("name").asText()));
      throw new IllegalArgumentException(
          "no agent '" + name + "' in the team; its participants: " + names);
    }
    return found;
  }

  private static ObjectNode find(ArrayNode participants, String name) {
    for (JsonNode participant : participants) {
      if (participant instanceof ObjectNode p && name.equals(p.path("name").asText())) {
        return p;
      }
    }
    return null;
  }

  private static String toolName(JsonNode tool) {
    return tool.isTextual() ? tool.asText() : tool.path("name").asText();
  }

  private static boolean removeEdges(ObjectNode spec, Predicate<JsonNode> which) {
    if (!(spec.get("edges") instanceof ArrayNode edges)) {
      return false;
    }
    boolean removed = removeIf(edges, which);
    if (edges.isEmpty()) {
      spec.remove("edges");
    }
    return removed;
  }

  private static boolean removeIf(ArrayNode list, Predicate<JsonNode> which) {
    boolean removed = false;
    for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
      if (which.test(it.next())) {
        it.remove();
        removed = true;
      }
    }
    return removed;
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("give the " + field);
    }
    return value.strip();
  }
}

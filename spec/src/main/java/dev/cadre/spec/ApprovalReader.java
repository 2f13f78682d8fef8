package dev.cadre.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads an agent's {@code approval}: which of its tools wait for a yes, and who gives it. */
final class ApprovalReader {

  private static final Set<String> KEYS = Set.of("tools", "by");

  private static final Map<String, AgentDef.Approver> APPROVERS =
      Map.of(
          "person", AgentDef.Approver.PERSON,
          "allow", AgentDef.Approver.ALLOW,
          "deny", AgentDef.Approver.DENY);

  private final TreeReader tree;

  ApprovalReader(TreeReader tree) {
    this.tree = tree;
  }

  /** The approval of {@code agent}, whose tools are {@code tools}; null when none or unreadable. */
  AgentDef.ApprovalDef read(Node node, String agent, List<AgentDef.ToolRef> tools) {
    if (node == null || node.kind == Node.Kind.NULL) {
      return null;
    }
    Map<String, Node> fields = tree.map(node, KEYS);
    if (fields == null) {
      return null;
    }
    List<String> own = tools.stream().map(AgentDef.ToolRef::name).toList();
    List<AgentDef.ToolRef> waiting = new ArrayList<>();
    for (Node item : tree.list(fields.get("tools"))) {
      String tool = tree.text(item);
      if (tool == null) {
        continue;
      }
      if (!own.contains(tool)) {
        tree.error(
            "Cadre/SpecApproval",
            item,
            item.path
                + ": agent '"
                + agent
                + "' has no tool '"
                + tool
                + "' to approve"
                + TreeReader.hint(tool, Set.copyOf(own))
                + "; name tools from its tools "
                + own);
        continue;
      }
      waiting.add(new AgentDef.ToolRef(tool, item.where));
    }
    AgentDef.Approver by = AgentDef.Approver.PERSON;
    Node byNode = fields.get("by");
    if (byNode != null && byNode.kind != Node.Kind.NULL) {
      String text = tree.text(byNode);
      if (text != null) {
        by = APPROVERS.get(text);
        if (by == null) {
          tree.error(
              "Cadre/SpecValue",
              byNode,
              byNode.path
                  + " is '"
                  + text
                  + "'; use person (asked on the console, or a durable run pauses for the"
                  + " answer), allow or deny"
                  + TreeReader.hint(text, APPROVERS.keySet()));
          return null;
        }
      }
    }
    return new AgentDef.ApprovalDef(waiting, by, node.where);
  }
}

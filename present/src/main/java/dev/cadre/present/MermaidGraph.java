package dev.cadre.present;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of a Mermaid {@code flowchart} that Cadre's processor writes (nodes such as {@code
 * p1["name"]}, {@code p1[["team"]]}, {@code selector{{"..."}}}, {@code start((start))}; edges
 * {@code a --> b}, {@code a -.-> b}, {@code a -->|"label"| b}), parsed and drawn as inline SVG with
 * a layered top-down layout, so a report can show a team's graph offline without mermaid.js.
 * Lines outside the subset are skipped and counted.
 */
final class MermaidGraph {

  /** A node: {@code shape} is box, subroutine, hexagon, circle, round or rhombus. */
  record Node(String id, String label, String shape) {}

  /** An edge; {@code dotted} for {@code -.->}; {@code label} may be null. */
  record Edge(String from, String to, String label, boolean dotted) {}

  private static final Pattern NODE =
      Pattern.compile(
          "^([A-Za-z0-9_]+)\\s*(\\[\\[|\\(\\(|\\{\\{|\\[|\\(|\\{)(.*?)(\\]\\]|\\)\\)|\\}\\}|\\]|\\)|\\})$");
  private static final Pattern EDGE =
      Pattern.compile(
          "^([A-Za-z0-9_]+)\\s*(-->|-\\.->|==>|---|-\\.-)\\s*"
              + "(?:\\|(?:\"([^\"]*)\"|([^|]*))\\|\\s*)?([A-Za-z0-9_]+)$");
  private static final Pattern ENTITY = Pattern.compile("#(quot|amp|lt|gt|\\d+);");

  private static final int NODE_HEIGHT = 36;
  private static final int LAYER_GAP = 56;
  private static final int NODE_GAP = 28;
  private static final int MARGIN = 16;
  private static final double CHAR_WIDTH = 7.2;

  private final List<Node> nodes;
  private final List<Edge> edges;
  private final int skipped;

  private MermaidGraph(List<Node> nodes, List<Edge> edges, int skipped) {
    this.nodes = List.copyOf(nodes);
    this.edges = List.copyOf(edges);
    this.skipped = skipped;
  }

  /** Parses {@code text}; nodes only named by an edge get their id as label. */
  static MermaidGraph parse(String text) {
    Map<String, Node> nodes = new LinkedHashMap<>();
    List<Edge> edges = new ArrayList<>();
    int skipped = 0;
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      if (line.endsWith(";")) {
        line = line.substring(0, line.length() - 1).strip();
      }
      if (line.isEmpty()
          || line.startsWith("%%")
          || line.startsWith("flowchart")
          || line.startsWith("graph ")) {
        continue;
      }
      Matcher edge = EDGE.matcher(line);
      if (edge.matches()) {
        String label = edge.group(3) != null ? edge.group(3) : edge.group(4);
        label = label == null || label.isBlank() ? null : decode(label.strip());
        nodes.putIfAbsent(edge.group(1), new Node(edge.group(1), edge.group(1), "box"));
        nodes.putIfAbsent(edge.group(5), new Node(edge.group(5), edge.group(5), "box"));
        edges.add(new Edge(edge.group(1), edge.group(5), label, edge.group(2).contains(".")));
        continue;
      }
      Matcher node = NODE.matcher(line);
      if (node.matches() && closes(node.group(2), node.group(4))) {
        String label = node.group(3).strip();
        if (label.length() >= 2 && label.startsWith("\"") && label.endsWith("\"")) {
          label = label.substring(1, label.length() - 1);
        }
        nodes.put(node.group(1), new Node(node.group(1), decode(label), shape(node.group(2))));
        continue;
      }
      skipped++;
    }
    return new MermaidGraph(new ArrayList<>(nodes.values()), edges, skipped);
  }

  List<Node> nodes() {
    return nodes;
  }

  List<Edge> edges() {
    return edges;
  }

  /** How many non-blank, non-comment lines were outside the subset. */
  int skipped() {
    return skipped;
  }

  /**
   * The graph as an {@code <svg>} element: {@code g.node} per node (with {@code data-id} and
   * {@code data-label}), {@code g.edge} per edge; {@code fills} maps a label (an agent's name) to
   * its colour. Every text is escaped.
   */
  String svg(Map<String, String> fills) {
    return svg(fills, "arrow");
  }

  /**
   * {@link #svg(Map)} with its arrowhead's id {@code marker}, for a page that holds another graph
   * too: two elements of a page must not share an id.
   */
  String svg(Map<String, String> fills, String marker) {
    Layout layout = layout();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"team-graph\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">",
            layout.width,
            layout.height,
            layout.width,
            layout.height));
    out.append(
        "<defs><marker id=\""
            + marker
            + "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
            + " markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
            + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>");
    for (int i = 0; i < edges.size(); i++) {
      Edge edge = edges.get(i);
      Box from = layout.boxes.get(edge.from());
      Box to = layout.boxes.get(edge.to());
      boolean back = layout.back.get(i);
      String path;
      double lx;
      double ly;
      String anchor;
      if (!back) {
        double x1 = from.cx();
        double y1 = from.y + NODE_HEIGHT;
        double x2 = to.cx();
        double y2 = to.y;
        path = String.format(Locale.ROOT, "M%.1f,%.1f L%.1f,%.1f", x1, y1, x2, y2);
        lx = (x1 + x2) / 2;
        ly = (y1 + y2) / 2 + 4;
        anchor = "middle";
      } else {
        // A loop back up (or to itself) bends out to the right of both nodes.
        double x1 = from.x + from.width;
        double y1 = from.y + NODE_HEIGHT / 2.0 + 6;
        double x2 = to.x + to.width;
        double y2 = to.y + NODE_HEIGHT / 2.0 - 6;
        double bend = Math.max(x1, x2) + 48 + 12 * layout.backIndex.get(i);
        path =
            String.format(
                Locale.ROOT,
                "M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f",
                x1,
                y1,
                bend,
                y1,
                bend,
                y2,
                x2,
                y2);
        lx = bend - 8;
        ly = (y1 + y2) / 2 + 4;
        anchor = "start";
      }
      out.append("<g class=\"edge")
          .append(edge.dotted() ? " dotted" : "")
          .append(back ? " back" : "")
          .append("\" data-from=\"")
          .append(Html.escape(edge.from()))
          .append("\" data-to=\"")
          .append(Html.escape(edge.to()))
          .append("\"><path d=\"")
          .append(path)
          .append("\" marker-end=\"url(#")
          .append(marker)
          .append(")\"/>");
      if (edge.label() != null) {
        out.append(
                String.format(
                    Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", lx, ly, anchor))
            .append(Html.escape(edge.label()))
            .append("</text>");
      }
      out.append("</g>");
    }
    for (Node node : nodes) {
      Box box = layout.boxes.get(node.id());
      String fill = fills.getOrDefault(node.label(), "#f4f4f4");
      out.append("<g class=\"node ")
          .append(node.shape())
          .append("\" data-id=\"")
          .append(Html.escape(node.id()))
          .append("\" data-label=\"")
          .append(Html.escape(node.label()))
          .append("\">");
      out.append(shape(node.shape(), box, fill));
      out.append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                  box.cx(),
                  box.y + NODE_HEIGHT / 2.0 + 4.5))
          .append(Html.escape(node.label()))
          .append("</text></g>");
    }
    return out.append("</svg>").toString();
  }

  private static String shape(String shape, Box box, String fill) {
    double x = box.x;
    double y = box.y;
    double w = box.width;
    double h = NODE_HEIGHT;
    // A caller's colour is text like any other: escaped, so it cannot end the attribute.
    String paint = " fill=\"" + Html.escape(fill) + "\" stroke=\"#333\"";
    return switch (shape) {
      case "circle" -> String.format(
          Locale.ROOT,
          "<ellipse cx=\"%.1f\" cy=\"%.1f\" rx=\"%.1f\" ry=\"%.1f\"%s/>",
          box.cx(),
          y + h / 2,
          w / 2,
          h / 2,
          paint);
      case "hexagon" -> String.format(
          Locale.ROOT,
          "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\"%s/>",
          x + 12,
          y,
          x + w - 12,
          y,
          x + w,
          y + h / 2,
          x + w - 12,
          y + h,
          x + 12,
          y + h,
          x,
          y + h / 2,
          paint);
      case "rhombus" -> String.format(
          Locale.ROOT,
          "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\"%s/>",
          box.cx(),
          y - 6,
          x + w,
          y + h / 2,
          box.cx(),
          y + h + 6,
          x,
          y + h / 2,
          paint);
      case "subroutine" -> String.format(
          Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"%s/>"
              + "<path d=\"M%.1f,%.1f V%.1f M%.1f,%.1f V%.1f\" stroke=\"#333\"/>",
          x,
          y,
          w,
          h,
          paint,
          x + 8,
          y,
          y + h,
          x + w - 8,
          y,
          y + h);
      default -> String.format(
          Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"%d\"%s/>",
          x,
          y,
          w,
          h,
          shape.equals("round") ? 14 : 4,
          paint);
    };
  }

  /** Where each node goes: layers by longest path over the edges that do not close a cycle. */
  private Layout layout() {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      index.put(nodes.get(i).id(), i);
    }
    int n = nodes.size();
    List<List<Integer>> outgoing = new ArrayList<>();
    int[] indegree = new int[n];
    for (int i = 0; i < n; i++) {
      outgoing.add(new ArrayList<>());
    }
    for (int e = 0; e < edges.size(); e++) {
      outgoing.get(index.get(edges.get(e).from())).add(e);
      indegree[index.get(edges.get(e).to())]++;
    }
    // Back edges: those reaching a node still on the depth-first stack, starting from the roots.
    List<Boolean> back = new ArrayList<>();
    for (int e = 0; e < edges.size(); e++) {
      back.add(false);
    }
    int[] state = new int[n];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (indegree[i] == 0) {
        order.add(i);
      }
    }
    for (int i = 0; i < n; i++) {
      if (indegree[i] != 0) {
        order.add(i);
      }
    }
    for (int root : order) {
      if (state[root] == 0) {
        visit(root, outgoing, index, state, back);
      }
    }
    // Longest path layering over forward edges; a relaxation pass per node bounds it on a DAG.
    int[] layer = new int[n];
    for (int pass = 0; pass < n; pass++) {
      boolean changed = false;
      for (int e = 0; e < edges.size(); e++) {
        if (back.get(e)) {
          continue;
        }
        int from = index.get(edges.get(e).from());
        int to = index.get(edges.get(e).to());
        if (layer[to] < layer[from] + 1) {
          layer[to] = layer[from] + 1;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    int layers = 0;
    for (int l : layer) {
      layers = Math.max(layers, l + 1);
    }
    List<List<Integer>> rows = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      rows.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      rows.get(layer[i]).add(i);
    }
    double[] widths = new double[n];
    for (int i = 0; i < n; i++) {
      Node node = nodes.get(i);
      double extra = node.shape().equals("hexagon") || node.shape().equals("rhombus") ? 40 : 24;
      widths[i] = Math.max(56, Math.ceil(node.label().length() * CHAR_WIDTH + extra));
    }
    double widest = 0;
    for (List<Integer> row : rows) {
      widest = Math.max(widest, rowWidth(row, widths));
    }
    Map<String, Box> boxes = new HashMap<>();
    for (int l = 0; l < layers; l++) {
      List<Integer> row = rows.get(l);
      double x = MARGIN + (widest - rowWidth(row, widths)) / 2;
      double y = MARGIN + l * (NODE_HEIGHT + LAYER_GAP);
      for (int i : row) {
        boxes.put(nodes.get(i).id(), new Box(x, y, widths[i]));
        x += widths[i] + NODE_GAP;
      }
    }
    double right = MARGIN + widest;
    double bottom = MARGIN + Math.max(layers, 1) * (NODE_HEIGHT + LAYER_GAP) - LAYER_GAP;
    List<Integer> backIndex = new ArrayList<>();
    int backs = 0;
    for (int e = 0; e < edges.size(); e++) {
      Edge edge = edges.get(e);
      backIndex.add(back.get(e) ? backs++ : 0);
      double labelWidth = edge.label() == null ? 0 : edge.label().length() * 6.6;
      if (back.get(e)) {
        Box from = boxes.get(edge.from());
        Box to = boxes.get(edge.to());
        double bend = Math.max(from.x + from.width, to.x + to.width) + 48 + 12 * backIndex.get(e);
        right = Math.max(right, bend + labelWidth);
      } else {
        double mid = (boxes.get(edge.from()).cx() + boxes.get(edge.to()).cx()) / 2;
        right = Math.max(right, mid + labelWidth / 2);
      }
    }
    return new Layout(
        boxes, back, backIndex, (int) Math.ceil(right + MARGIN), (int) Math.ceil(bottom + MARGIN));
  }

  private void visit(
      int node, List<List<Integer>> outgoing, Map<String, Integer> index, int[] state,
      List<Boolean> back) {
    state[node] = 1;
    for (int e : outgoing.get(node)) {
      int to = index.get(edges.get(e).to());
      if (state[to] == 1) {
        back.set(e, true);
      } else if (state[to] == 0) {
        visit(to, outgoing, index, state, back);
      }
    }
    state[node] = 2;
  }

  private static double rowWidth(List<Integer> row, double[] widths) {
    double width = 0;
    for (int i : row) {
      width += widths[i];
    }
    return width + Math.max(0, row.size() - 1) * NODE_GAP;
  }

  private static boolean closes(String open, String close) {
    return switch (open) {
      case "[[" -> close.equals("]]");
      case "((" -> close.equals("))");
      case "{{" -> close.equals("}}");
      case "[" -> close.equals("]");
      case "(" -> close.equals(")");
      default -> close.equals("}");
    };
  }

  private static String shape(String open) {
    return switch (open) {
      case "[[" -> "subroutine";
      case "((" -> "circle";
      case "{{" -> "hexagon";
      case "(" -> "round";
      case "{" -> "rhombus";
      default -> "box";
    };
  }

  /** Mermaid's entity codes: {@code #quot;}, {@code #35;} and friends. */
  private static String decode(String text) {
    Matcher m = ENTITY.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String code = m.group(1);
      String replacement =
          switch (code) {
            case "quot" -> "\"";
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            default -> codePoint(code, m.group());
          };
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String codePoint(String digits, String original) {
    try {
      int code = Integer.parseInt(digits);
      // A control character (XML 1.0 cannot hold most of them, a terminal obeys some) and a lone
      // surrogate stay as written.
      boolean printable =
          Character.isValidCodePoint(code)
              && !Character.isISOControl(code)
              && Character.getType(code) != Character.SURROGATE;
      return printable ? new String(Character.toChars(code)) : original;
    } catch (NumberFormatException e) {
      return original;
    }
  }

  private record Box(double x, double y, double width) {
    double cx() {
      return x + width / 2;
    }
  }

  private record Layout(
      Map<String, Box> boxes,
      List<Boolean> back,
      List<Integer> backIndex,
      int width,
      int height) {}
}

package dev.cadre.present;

/**
 * A run report's look. Every rule applies inside {@code .cadre-run} only, so that a page holding
 * the report's fragment keeps its own look. It stays readable at 420 px: the graph and the agents'
 * table scroll sideways in their own boxes, and long words (names, URLs) wrap rather than widen the
 * page. A run's own rules (its colours, where its bars and ticks sit) follow it.
 */
final class ReportStyle {

  /** The rules every report shares. */
  static final String SHEET =
      ".cadre-run{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;"
          + "color:#222;background:#fff;overflow-wrap:anywhere;min-width:0}"
          + ".cadre-run h1{font-size:20px;margin:0 0 4px}"
          + ".cadre-run h2{font-size:16px;margin:24px 0 8px}"
          + ".cadre-run .status.ok{color:#2a7d2a}.cadre-run .status.failed{color:#b00020}"
          + ".cadre-run .status.running{color:#a66}"
          + ".cadre-run .graph-box,.cadre-run .table-box{overflow-x:auto;max-width:100%}"
          + ".cadre-run .team-graph text{font-size:12px;fill:#222}"
          + ".cadre-run .team-graph .edge path{fill:none;stroke:#555;stroke-width:1.4}"
          + ".cadre-run .team-graph .edge.dotted path{stroke-dasharray:5 4}"
          + ".cadre-run .team-graph .edge text{fill:#444;font-size:11px;paint-order:stroke;"
          + "stroke:#fff;stroke-width:3px}"
          + ".cadre-run .lanes{border:1px solid #ddd;padding:8px;border-radius:4px}"
          + ".cadre-run .lane,.cadre-run .axis{display:flex;align-items:center;height:26px}"
          + ".cadre-run .lane-name{width:140px;flex:none;overflow:hidden;text-overflow:ellipsis;"
          + "white-space:nowrap;font-size:12px}"
          + ".cadre-run .track,.cadre-run .ticks{position:relative;flex:1;min-width:0;height:18px}"
          + ".cadre-run .track{background:#f6f6f6;border-radius:3px}"
          + ".cadre-run .bar{position:absolute;top:0;height:18px;min-width:3px;border-radius:3px;"
          + "box-shadow:inset 0 0 0 1px rgba(0,0,0,.25)}"
          + ".cadre-run .bar.failed{box-shadow:inset 0 0 0 2px #b00020}"
          + ".cadre-run .ticks span{position:absolute;font-size:11px;color:#666;"
          + "transform:translateX(-50%);white-space:nowrap}"
          + ".cadre-run table{border-collapse:collapse}"
          + ".cadre-run td,.cadre-run th{border:1px solid #ddd;padding:3px 8px;text-align:right;"
          + "overflow-wrap:normal}"
          + ".cadre-run td:first-child,.cadre-run th:first-child{text-align:left;"
          + "overflow-wrap:anywhere}"
          + ".cadre-run tfoot{font-weight:600}"
          + ".cadre-run .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;"
          + "margin-right:6px;border:1px solid rgba(0,0,0,.3)}"
          + ".cadre-run details{margin:4px 0}.cadre-run details.turn{border:1px solid #ddd;"
          + "border-radius:4px;padding:4px 8px}.cadre-run details.turn.failed{border-color:#b00020}"
          + ".cadre-run .failed-mark{color:#b00020;font-weight:600}"
          + ".cadre-run details details{margin-left:16px}.cadre-run summary{cursor:pointer}"
          + ".cadre-run pre{white-space:pre-wrap;word-break:break-word;background:#fafafa;"
          + "margin:4px 0;padding:6px;border-radius:3px;max-height:30em;overflow:auto}"
          + ".cadre-run .error>summary{color:#b00020}.cadre-run .at{color:#888;font-size:12px}"
          + ".cadre-run div.note{margin:6px 0;color:#555}.cadre-run .note.problem{color:#b06000}"
          + ".cadre-run table.ledger td{text-align:left;vertical-align:top}"
          + ".cadre-run details.ledger h3{font-size:13px;margin:6px 0 0}"
          + "@media (max-width:560px){.cadre-run{margin:12px}"
          + ".cadre-run .lane-name{width:72px}"
          + ".cadre-run td,.cadre-run th{padding:2px 4px}"
          + ".cadre-run details details{margin-left:6px}}";

  private ReportStyle() {}
}

package dev.cadre.test;

import dev.cadre.present.RunReport;
import dev.cadre.model.Prices;
import dev.cadre.team.TeamEvent;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * One evaluation case's transcript as an HTML page, drawn by the runtime's run report. The one
 * class of the kit that touches the report, so that its move to a presentation module changes one
 * import.
 */
final class CaseTranscript implements Consumer<TeamEvent> {

  private final RunReport report;

  CaseTranscript(String title, Clock clock, Prices prices) {
    RunReport.Builder builder = RunReport.builder().title(title).clock(clock);
    if (prices != null) {
      builder.prices(prices);
    }
    this.report = builder.build();
  }

  @Override
  public void accept(TeamEvent event) {
    report.accept(event);
  }

  /** The page: a whole HTML document, model text escaped by the report. */
  String html() {
    return report.html();
  }
}

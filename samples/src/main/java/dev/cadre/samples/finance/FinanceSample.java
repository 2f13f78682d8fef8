package dev.cadre.samples.finance;

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.samples.Sample;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The financial analysis sample: a {@link FinanceDesk} of three analysts, picked by a selector
 * model, working with real tools on bundled prices and headlines, answering with a {@link
 * RiskReport}.
 */
public final class FinanceSample implements Sample {

  /** The ticker the default task and the offline script are about. */
  public static final String DEFAULT_TICKER = "CRXB";

  static final String SCRIPT = "finance.jsonl";

  @Override
  public String name() {
    return "finance";
  }

  @Override
  public String description() {
    return "Quant, sentiment and risk analysts, picked by a selector, assess a stock from bundled"
        + " prices and headlines";
  }

  @Override
  public String diagramResource() {
    return "META-INF/cadre/dev.cadre.samples.finance.FinanceDesk.mmd";
  }

  @Override
  public String defaultTask() {
    return FinanceDesk.TASK.replace("{{ticker}}", DEFAULT_TICKER);
  }

  @Override
  public ChatModel offlineModel() {
    try (InputStream in = Resources.open(SCRIPT)) {
      return ReplayChatModel.fromJsonLines(in, SCRIPT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
    try (CadreFinanceDesk desk = desk(model)) {
      return desk.team().run(List.of(AgentMessage.user(task)), events);
    }
  }

  /** The team, with tools on the bundled data; close it when done. */
  public static CadreFinanceDesk desk(ChatModel model) {
    PriceHistory prices = PriceHistory.bundled();
    return CadreFinanceDesk.builder()
        .model(model)
        .priceTools(new PriceTools(prices))
        .riskTools(new RiskTools(prices))
        .headlineSentiment(HeadlineSentiment.bundled())
        .build();
  }

  @Override
  public TaskResult durably(
      ChatModel model, CheckpointStore store, Function<Team, TaskResult> body) {
    // The generated builder takes no store; a team built on its spec with one runs it durably.
    try (CadreFinanceDesk built = desk(model);
        Team team = new Team(built.team().spec(), store)) {
      return body.apply(team);
    }
  }
}

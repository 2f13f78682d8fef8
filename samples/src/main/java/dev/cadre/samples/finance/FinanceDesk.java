package dev.cadre.samples.finance;

import dev.cadre.annotations.GroupChat;
import dev.cadre.annotations.Prompt;

/**
 * Three analysts, and a model that picks who speaks next by their descriptions. The run ends when
 * the risk analyst's report (the only message with a {@code "recommendation"} field) arrives.
 */
@GroupChat(
    participants = {QuantAnalyst.class, SentimentAnalyst.class, RiskAnalyst.class},
    pattern = GroupChat.Pattern.SELECTOR,
    textMention = "\"recommendation\"",
    maxTurns = 8)
public interface FinanceDesk {

  /** The prompt of {@link #assess}, for callers that run the team themselves. */
  String TASK =
      "Assess the risk of holding {{ticker}}: its returns, volatility, drawdown, value-at-risk and"
          + " news sentiment, and recommend whether to buy, hold or sell.";

  @Prompt(TASK)
  RiskReport assess(String ticker);
}

package dev.cadre.samples.finance;

import dev.cadre.annotations.Agent;

/** Weighs the figures and the news, and writes the final report as JSON. */
@Agent(
    description =
        "Risk analyst: computes value-at-risk and, once returns, volatility, drawdown and sentiment"
            + " are known, writes the final report",
    systemMessage =
        "You are a risk analyst. Compute the ticker's value-at-risk with your tool. Then answer"
            + " with only a JSON object with the fields ticker, annualisedReturn, volatility,"
            + " maxDrawdown, valueAtRisk95, sentiment (the average headline score),"
            + " recommendation (BUY, HOLD or SELL) and rationale, taking every figure from the"
            + " tool results in the conversation.",
    tools = RiskTools.class)
public interface RiskAnalyst {}

package dev.cadre.samples.finance;

import dev.cadre.annotations.Agent;

/** Measures a ticker's price behaviour with real computations on the bundled prices. */
@Agent(
    description =
        "Quantitative analyst: computes a ticker's returns, volatility and maximum drawdown from"
            + " its price history",
    systemMessage =
        "You are a quantitative analyst. Use your tools to compute the ticker's returns, volatility"
            + " and maximum drawdown, then state the figures briefly. Never invent numbers.",
    tools = PriceTools.class)
public interface QuantAnalyst {}

/**
 * The financial analysis sample: a selector team of quantitative, sentiment and risk analysts whose
 * tools compute returns, volatility, drawdown, value-at-risk and headline sentiment from bundled
 * data, and whose answer is a typed {@link dev.cadre.samples.finance.RiskReport}.
 */
package dev.cadre.samples.finance;

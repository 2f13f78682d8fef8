package dev.cadre.samples.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bundled data as the tools read it, and the sentiment scorer. */
class DataAndToolsTest {

  @Test
  void theBundledPricesHoldThreeTickersOfSixtyDays() {
    PriceHistory prices = PriceHistory.bundled();

    assertThat(prices.tickers()).containsExactly("ACME", "BLWR", "CRXB");
    for (String ticker : prices.tickers()) {
      assertThat(prices.closes(ticker)).hasSize(60);
    }
    assertThat(prices.closes("crxb").get(0)).isEqualTo(new PriceHistory.Close("2025-01-02", 23.10));
  }

  @Test
  void anUnknownTickerNamesTheOnesThereAre() {
    assertThatThrownBy(() -> new PriceTools(PriceHistory.bundled()).volatility("ZZZ"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no prices for ticker 'ZZZ'; the tickers are [ACME, BLWR, CRXB]");
    assertThatThrownBy(() -> HeadlineSentiment.bundled().scoreHeadlines("ZZZ"))
        .hasMessageContaining("no headlines for ticker 'ZZZ'")
        .hasMessageContaining("[ACME, BLWR, CRXB]");
  }

  @Test
  void aBadPriceRowNamesItsLine() {
    String csv = "date,ticker,close\n2025-01-02,ACME,84.2\n2025-01-03,ACME,n/a\n";

    assertThatThrownBy(
            () ->
                PriceHistory.read(
                    new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "test.csv"))
        .hasMessage("test.csv line 3: close 'n/a' is not a number");
  }

  @Test
  void aHeadlineScoresPositiveLessNegativeOverMatchedWords() {
    HeadlineSentiment scorer =
        new HeadlineSentiment(
            List.of(
                new HeadlineSentiment.Headline(
                    "d1", "XYZ", "XYZ beats estimates, but warns of weak demand"),
                new HeadlineSentiment.Headline("d2", "XYZ", "XYZ holds its annual meeting"),
                new HeadlineSentiment.Headline("d3", "XYZ", "Record profit at XYZ")),
            Set.of("beats", "record", "profit"),
            Set.of("warns", "weak"));

    HeadlineSentiment.Sentiment sentiment = scorer.scoreHeadlines("xyz");

    assertThat(sentiment.headlines())
        .extracting(HeadlineSentiment.Scored::score)
        .containsExactly(-0.333333, 0.0, 1.0);
    assertThat(sentiment.headlines().get(0).negative()).containsExactly("warns", "weak");
    assertThat(sentiment.average()).isEqualTo(0.222222);
  }
}

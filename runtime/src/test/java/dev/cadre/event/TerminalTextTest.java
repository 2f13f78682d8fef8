package dev.cadre.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

  @Test
  void eachEscapeOfTheCorpusIsRemovedAndItsTextKept() {
    for (TerminalEscapes.Entry entry : TerminalEscapes.CORPUS) {
      String cleaned = TerminalText.clean(entry.hostile());

      assertThat(cleaned).as(entry.name()).isEqualTo(entry.visible());
      assertThat(TerminalEscapes.forbidden(cleaned)).as(entry.name()).isNull();
    }
  }

  @Test
  void cleanTextIsLeftAsItIs() {
    for (TerminalEscapes.Entry entry : TerminalEscapes.CORPUS) {
      assertThat(TerminalText.clean(entry.visible())).as(entry.name()).isEqualTo(entry.visible());
    }
    assertThat(TerminalText.clean(null)).isEmpty();
  }

  @Test
  void textInThreePiecesCleansAsTheWhole() {
    for (TerminalEscapes.Entry entry : TerminalEscapes.CORPUS) {
      String hostile = entry.hostile();
      for (int first = 0; first <= hostile.length(); first++) {
        for (int second = first; second <= hostile.length(); second++) {
          TerminalText stream = new TerminalText();
          String shown =
              stream.next(hostile.substring(0, first))
                  + stream.next(hostile.substring(first, second))
                  + stream.next(hostile.substring(second))
                  + stream.end();

          assertThat(shown)
              .as("%s, cut at %d and %d", entry.name(), first, second)
              .isEqualTo(entry.visible());
        }
      }
    }
  }

  @Test
  void aPieceThatIsAllSequenceShowsNothingAndTheNextPieceIsText() {
    TerminalText stream = new TerminalText();

    assertThat(stream.next("Hello \u001b]8;;https://evil.example/")).isEqualTo("Hello ");
    assertThat(stream.next("path?q=1")).isEmpty();
    assertThat(stream.next("\u001b\\world")).isEqualTo("world");
  }

  @Test
  void aHalfPairWaitsForItsOtherHalfAndEndsAsAReplacementCharacter() {
    TerminalText stream = new TerminalText();

    assertThat(stream.next("smile \ud83d")).isEqualTo("smile ");
    assertThat(stream.next("\ude00 and half \ud83d")).isEqualTo("\ud83d\ude00 and half ");
    assertThat(stream.end()).isEqualTo("\ufffd");
    assertThat(stream.end()).isEmpty();
  }

  @Test
  void endForgetsAnUnfinishedSequence() {
    TerminalText stream = new TerminalText();

    assertThat(stream.next("a\u001b]0;title never ended")).isEqualTo("a");
    assertThat(stream.end()).isEmpty();
    assertThat(stream.next("next text")).isEqualTo("next text");
  }

  @Test
  void anEscapeInsideAStringEndsItAndStartsASequenceOfItsOwn() {
    assertThat(TerminalText.clean("\u001b]0;title\u001b[31mred")).isEqualTo("red");
    assertThat(TerminalText.clean("\u001bP\u001b\u001b[2Jx")).isEqualTo("x");
  }

  @Test
  void aControlCharacterInsideACsiEndsItAndIsDropped() {
    // A terminal would act on the control at once and read "31m" as text: so do we, minus the CR.
    assertThat(TerminalText.clean("\u001b[3\r1mx")).isEqualTo("1mx");
    assertThat(TerminalText.clean("\u001b[3\n1mx")).isEqualTo("\n1mx");
  }
}

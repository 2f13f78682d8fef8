package dev.cadre.event;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A corpus of text that tries to drive a terminal: each entry is what a model (or a tool, or a
 * task) might write and what a person must see of it. None of the entries uses an escape Cadre
 * itself prints (its colours, bold, dim, reset, the indicator's line clearing), so any such escape
 * found in the output is Cadre's own. The last entry never ends its sequence, so text after the
 * whole corpus is hidden.
 */
public final class TerminalEscapes {

  /** One hostile text and what is left of it to show. */
  public record Entry(String name, String hostile, String visible) {}

  public static final List<Entry> CORPUS =
      List.of(
          new Entry("window title, OSC 0 ended by BEL", "a\u001b]0;pwned\u0007b", "ab"),
          new Entry("window title, OSC 2 ended by ST", "a\u001b]2;pwned\u001b\\b", "ab"),
          new Entry(
              "OSC 8 hyperlink to any URL",
              "\u001b]8;;https://evil.example/x\u001b\\click here\u001b]8;;\u001b\\",
              "click here"),
          new Entry("OSC 52 clipboard write", "x\u001b]52;c;cm0gLXJmIH4K\u0007y", "xy"),
          new Entry("clear screen and home", "\u001b[2J\u001b[3J\u001b[Hclean", "clean"),
          new Entry("full reset", "\u001bcreset", "reset"),
          new Entry(
              "cursor moves, save and restore",
              "up\u001b[5Adown\u001b[10;20Hsave\u001b7restore\u001b8",
              "updownsaverestore"),
          new Entry("bell", "ding\u0007dong", "dingdong"),
          new Entry("bare CR", "APPROVED\rREJECTED", "APPROVEDREJECTED"),
          new Entry("CRLF", "one\r\ntwo", "one\ntwo"),
          new Entry(
              "backspace overwrite",
              "REJECTED\b\b\b\b\b\b\b\bAPPROVED",
              "REJECTEDAPPROVED"),
          new Entry("C1 CSI U+009B", "a\u009b2Jb", "ab"),
          new Entry("C1 OSC U+009D ended by C1 ST", "a\u009d0;pwned\u009cb", "ab"),
          new Entry("C1 NEL and a lone C1", "a\u0085b\u0084c", "abc"),
          new Entry("DEL and NUL", "a\u007fb\u0000c", "abc"),
          new Entry("DCS string", "a\u001bP1$r0m\u001b\\b", "ab"),
          new Entry("APC and PM strings", "a\u001b_hidden\u001b\\b\u001b^hidden\u0007c", "abc"),
          new Entry("charset designation", "a\u001b(0qqq\u001b(Bb", "aqqqb"),
          new Entry("256-colour foreground", "\u001b[38;5;196mred\u001b[49m", "red"),
          new Entry("private mode: hide cursor, alt screen", "\u001b[?25l\u001b[?1049hx", "x"),
          new Entry("vertical tab, form feed, SUB", "a\u000bb\u000cc\u001ad", "abcd"),
          new Entry("bidi override", "\u202eDEVORPPA\u202c", "DEVORPPA"),
          new Entry("bidi isolates", "a\u2066b\u2067c\u2068d\u2069e", "abcde"),
          new Entry("lone high surrogate", "half \ud83d", "half \ufffd"),
          new Entry("lone low surrogate", "\udc00x", "\ufffdx"),
          new Entry("ESC before a non-ASCII letter", "a\u001bé", "aé"),
          new Entry(
              "tabs, newlines, accents and emoji are kept",
              "tab\there\nnext line, ünïcödé, emoji \ud83d\ude00",
              "tab\there\nnext line, ünïcödé, emoji \ud83d\ude00"),
          // Last: a string that never ends hides whatever follows it, as on a terminal.
          new Entry("unterminated OSC", "ok\u001b]0;never ends", "ok"));

  private TerminalEscapes() {}

  /** Every hostile text of the corpus, one after the other, separated by {@code " | "}. */
  public static String hostile() {
    return CORPUS.stream().map(Entry::hostile).collect(Collectors.joining(" | "));
  }

  /** What must be shown of {@link #hostile()}. */
  public static String visible() {
    return CORPUS.stream().map(Entry::visible).collect(Collectors.joining(" | "));
  }

  /**
   * The first code point of {@code text} that must never reach a terminal, described, or null:
   * C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides and isolates,
   * and surrogates that are not half of a pair.
   */
  public static String forbidden(String text) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      boolean bad =
          (c < 0x20 && c != '\n' && c != '\t')
              || (c >= 0x7f && c <= 0x9f)
              || (c >= 0x202a && c <= 0x202e)
              || (c >= 0x2066 && c <= 0x2069)
              // codePointAt gives a surrogate's own value only when it is not half of a pair.
              || (c >= 0xd800 && c <= 0xdfff);
      if (bad) {
        return String.format("U+%04X at index %d", c, i);
      }
      i += Character.charCount(c);
    }
    return null;
  }
}

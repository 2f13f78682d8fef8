package dev.cadre.event;

import dev.cadre.core.Unicode;

/**
 * Text from outside Cadre (a model's reply, tool arguments and results, the task, agent names,
 * error messages) made safe to print on a terminal: nothing in it can move the cursor, clear the
 * screen, set the window title, write the clipboard, open a hyperlink, ring the bell, or make one
 * word look like another.
 *
 * <p>Removed: whole escape sequences (CSI {@code ESC [ ... final}; OSC, DCS, SOS, PM and APC
 * strings up to their BEL or ST; two-character {@code ESC} sequences; their 8-bit C1 forms, such
 * as U+009B and U+009D), every other C0 and C1 control character and DEL, and the bidirectional
 * embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which reorder what is
 * shown. A
 * carriage return is removed too, so {@code "\r\n"} becomes {@code "\n"} and {@code
 * "APPROVED\rREJECTED"} shows both words. Kept: newline, tab and every printable character. A lone
 * surrogate becomes U+FFFD. A sequence that never ends hides the rest of the text, as it would on
 * a terminal, but reaches none of it.
 *
 * <p>{@link #clean(String)} cleans a whole text. For text that arrives in pieces (a streamed
 * reply), one instance cleans piece after piece with {@link #next(String)}, so a sequence split
 * across two pieces is removed whole: the pieces' output is the clean form of the whole text.
 */
public final class TerminalText {

  private static final char ESC = '\u001b';
  private static final char BEL = '\u0007';
  private static final char C1_CSI = '\u009b';
  private static final char C1_ST = '\u009c';

  private enum State {
    TEXT,
    /** After ESC. */
    ESCAPE,
    /** After ESC and intermediate characters, waiting for the final one. */
    ESCAPE_INTERMEDIATE,
    /** Inside a control sequence: parameters and intermediates, up to a final character. */
    CSI,
    /** Inside a control string (OSC, DCS, SOS, PM, APC), up to BEL or ST. */
    STRING,
    /** After ESC inside a control string: {@code \} ends it. */
    STRING_ESCAPE
  }

  private State state = State.TEXT;
  private char pendingHigh; // a high surrogate at the end of the last piece, 0 if none

  /** A cleaner for text that arrives in pieces; see {@link #next(String)}. */
  public TerminalText() {}

  /** {@code text} without anything a terminal would act on; null gives the empty string. */
  public static String clean(String text) {
    TerminalText cleaner = new TerminalText();
    String cleaned = cleaner.next(text);
    String rest = cleaner.end();
    return rest.isEmpty() ? cleaned : cleaned + rest;
  }

  /**
   * The next piece of a text, cleaned: what is left of {@code piece} to print, given the pieces
   * before it. A high surrogate at the end of a piece waits for the next one.
   */
  public String next(String piece) {
    if (piece == null || piece.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(piece.length());
    if (pendingHigh != 0) {
      char high = pendingHigh;
      pendingHigh = 0;
      if (Character.isLowSurrogate(piece.charAt(0))) {
        out.append(high).append(piece.charAt(0));
        piece = piece.substring(1);
      } else {
        out.append(Unicode.REPLACEMENT);
      }
    }
    for (int i = 0; i < piece.length(); i++) {
      char c = piece.charAt(i);
      if (!consumed(c)) {
        i = text(piece, i, out);
      }
    }
    return out.toString();
  }

  /**
   * Ends the text: what is left to print (U+FFFD for a high surrogate whose pair never came, else
   * nothing), and forgets any unfinished sequence, so the next piece starts a new text.
   */
  public String end() {
    state = State.TEXT;
    if (pendingHigh == 0) {
      return "";
    }
    pendingHigh = 0;
    return String.valueOf(Unicode.REPLACEMENT);
  }

  /**
   * Feeds {@code c} to an escape sequence in progress; false when it is not part of one (then it
   * is text, and the sequence, if any, has ended).
   */
  private boolean consumed(char c) {
    switch (state) {
      case TEXT:
        return false;
      case ESCAPE:
        if (c == ESC) {
          return true; // a second ESC starts over
        }
        if (c == '[') {
          state = State.CSI;
        } else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
          state = State.STRING;
        } else if (c >= 0x20 && c <= 0x2f) {
          state = State.ESCAPE_INTERMEDIATE;
        } else if (c >= 0x30 && c <= 0x7e) {
          state = State.TEXT; // a two-character sequence: reset, save cursor...
        } else {
          state = State.TEXT; // not a sequence: the ESC alone goes, the character is text
          return false;
        }
        return true;
      case ESCAPE_INTERMEDIATE:
        if (c >= 0x20 && c <= 0x2f) {
          return true;
        }
        state = State.TEXT;
        return c >= 0x30 && c <= 0x7e;
      case CSI:
        if (c >= 0x20 && c <= 0x3f) {
          return true;
        }
        state = State.TEXT;
        return c >= 0x40 && c <= 0x7e;
      case STRING:
        if (c == ESC) {
          state = State.STRING_ESCAPE;
        } else if (c == BEL || c == C1_ST) {
          state = State.TEXT;
        }
        return true;
      case STRING_ESCAPE:
        if (c == '\\') {
          state = State.TEXT;
          return true;
        }
        // An ESC inside a string ends it and starts a sequence of its own.
        state = State.ESCAPE;
        return consumed(c);
      default:
        throw new IllegalStateException(state.name());
    }
  }

  /**
   * Appends text character {@code piece[i]} to {@code out} if it may be shown; returns the index
   * of the last character used (a surrogate pair uses two).
   */
  private int text(String piece, int i, StringBuilder out) {
    char c = piece.charAt(i);
    if (c == '\n' || c == '\t') {
      out.append(c);
    } else if (c == ESC) {
      state = State.ESCAPE;
    } else if (c == C1_CSI) {
      state = State.CSI;
    } else if (c == '\u009d' || c == '\u0090' || c == '\u0098' || c == '\u009e' || c == '\u009f') {
      state = State.STRING; // OSC, DCS, SOS, PM, APC in their 8-bit forms
    } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      // Any other control character, CR included: dropped.
    } else if ((c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
      // Bidi embeddings, overrides and isolates: dropped.
    } else if (Character.isHighSurrogate(c)) {
      if (i + 1 == piece.length()) {
        pendingHigh = c;
      } else if (Character.isLowSurrogate(piece.charAt(i + 1))) {
        out.append(c).append(piece.charAt(i + 1));
        return i + 1;
      } else {
        out.append(Unicode.REPLACEMENT);
      }
    } else if (Character.isLowSurrogate(c)) {
      out.append(Unicode.REPLACEMENT);
    } else {
      out.append(c);
    }
    return i;
  }
}

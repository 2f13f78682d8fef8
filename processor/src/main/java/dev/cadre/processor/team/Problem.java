package dev.cadre.processor.team;

/**
 * A finding only the processor can make (the element-level checks), kept until the whole team is
 * modelled so that a nested team's problems can be reported on the outer team too.
 *
 * @param tag the stable tag, e.g. {@code Cadre/NotAParticipant}
 * @param error whether it is an error (else a warning)
 * @param message what is wrong and how to mend it
 * @param origin where it is printed
 */
record Problem(String tag, boolean error, String message, Origin origin) {

  static Problem error(String tag, Origin origin, String message) {
    return new Problem(tag, true, message, origin);
  }

  static Problem warning(String tag, Origin origin, String message) {
    return new Problem(tag, false, message, origin);
  }
}

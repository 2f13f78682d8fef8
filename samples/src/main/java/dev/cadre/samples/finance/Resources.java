package dev.cadre.samples.finance;

import java.io.InputStream;

/** The sample's bundled files, beside its classes on the class path. */
final class Resources {

  private Resources() {}

  static InputStream open(String name) {
    InputStream in = Resources.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          "the finance sample's "
              + name
              + " is missing from the class path (dev/cadre/samples/finance/)");
    }
    return in;
  }
}

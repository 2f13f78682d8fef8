package dev.cadre.spec;

/**
 * Where something is in a spec file, as editors and compilers print it.
 *
 * @param file the file as it was named when loading, or {@code <spec>} for text with no file
 * @param line the line, from 1
 * @param column the column, from 1
 */
public record SpecLocation(String file, int line, int column) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}

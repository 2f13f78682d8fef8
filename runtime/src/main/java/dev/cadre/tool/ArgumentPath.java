package dev.cadre.tool;

/**
 * Where a value sits in a tool's arguments, e.g. {@code order.items[2].price}: a link per step
 * taken as a walk goes down, written out only when a message needs it. Names are cut to {@link
 * Excerpts#NAME} characters and the whole path to {@link #MAX} as it is written, so a megabyte of
 * map key neither floods a message nor is copied at every step below it.
 */
final class ArgumentPath {

  /** The longest a written path gets. */
  static final int MAX = 200;

  /** The arguments themselves. */
  static final ArgumentPath ROOT = new ArgumentPath(null, null, -1);

  private final ArgumentPath parent;
  private final String name; // null for an array element
  private final int index;

  private ArgumentPath(ArgumentPath parent, String name, int index) {
    this.parent = parent;
    this.name = name;
    this.index = index;
  }

  /** Property {@code name} of the object here. */
  ArgumentPath field(String name) {
    return new ArgumentPath(this, name, -1);
  }

  /** Element {@code index} of the array here. */
  ArgumentPath index(int index) {
    return new ArgumentPath(this, null, index);
  }

  boolean isRoot() {
    return parent == null;
  }

  /** A property name as paths show it. */
  static String name(String name) {
    return Excerpts.cut(name, Excerpts.NAME);
  }

  /** {@code order.items[2].price}; empty for the root. */
  @Override
  public String toString() {
    int depth = 0;
    for (ArgumentPath at = this; !at.isRoot(); at = at.parent) {
      depth++;
    }
    ArgumentPath[] steps = new ArgumentPath[depth];
    for (ArgumentPath at = this; !at.isRoot(); at = at.parent) {
      steps[--depth] = at;
    }
    StringBuilder out = new StringBuilder();
    for (ArgumentPath step : steps) {
      if (step.name == null) {
        out.append('[').append(step.index).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(name(step.name));
      }
      if (out.length() > MAX) {
        break;
      }
    }
    return Excerpts.cut(out.toString(), MAX);
  }
}

package dev.cadre.tool;

import java.util.List;

/**
 * Tools found by name: a declarative team spec names its agents' tools, and the libraries listed in
 * {@code META-INF/services/dev.cadre.tool.ToolLibrary} supply them. The annotation processor writes
 * one for every class of {@code @Tool} methods it can make without arguments (a {@code
 * Foo_ToolLibrary} beside {@code Foo_Tools}) and lists it there, so no class path is scanned and
 * nothing is reflected upon.
 */
public interface ToolLibrary {

  /** Where the tools come from, for messages: the tool holder's qualified name. */
  String name();

  /** The names of its tools, in declaration order, without making them. */
  List<String> toolNames();

  /** Its tools, made anew (a new holder instance), for one agent. */
  List<Tool> tools();
}

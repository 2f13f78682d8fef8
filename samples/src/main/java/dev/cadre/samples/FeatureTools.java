package dev.cadre.samples;

import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolLibrary;
import java.util.List;

/**
 * The feature team's tool ({@code search_docs}) by name, for its spec ({@code
 * samples/specs/feature.yaml}); listed in {@code META-INF/services/dev.cadre.tool.ToolLibrary}. Its
 * tool is a lambda, so no processor writes this for it.
 */
public final class FeatureTools implements ToolLibrary {

  /** Made by the ServiceLoader. */
  public FeatureTools() {}

  @Override
  public String name() {
    return FeatureTools.class.getName();
  }

  @Override
  public List<String> toolNames() {
    return List.of("search_docs");
  }

  @Override
  public List<Tool> tools() {
    return List.of(FeatureTeam.searchDocs());
  }
}

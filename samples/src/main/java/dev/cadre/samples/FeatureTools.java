package dev.cadre.samples;

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;
import dev.cadre.core.Json;
import dev.cadre.tool.ToolContext;

/**
 * The feature team's tool, {@code search_docs}, as a {@code @Tool} holder, so that the processor
 * offers it by name to the team's spec ({@code samples/specs/feature.yaml}) through a generated
 * {@code FeatureTools_ToolLibrary}. It calls the very tool {@link FeatureTeam#searchDocs()} makes,
 * which the Java sample (and the README) write as a lambda.
 */
public final class FeatureTools {

  private FeatureTools() {}

  /** Searches the project's developer notes. */
  @Tool(name = "search_docs")
  public static String searchDocs(
      @Param("What to look for, in a few words") String query, ToolContext context)
      throws Exception {
    return String.valueOf(
        FeatureTeam.searchDocs().function().call(Json.object().put("query", query), context));
  }
}

package ${package};

import dev.cadre.annotations.GroupChat;
import dev.cadre.annotations.GroupChat.Edge;
import dev.cadre.annotations.Prompt;
import dev.cadre.team.TaskResult;

/**
 * A team: the forecaster looks up the weather, then the packer says what to take. The processor
 * checks the graph when the code compiles and writes {@code CadreTripDesk}.
 */
@GroupChat(
    participants = {Forecaster.class, Packer.class},
    pattern = GroupChat.Pattern.GRAPH,
    entry = Forecaster.class,
    edges = @Edge(from = Forecaster.class, to = Packer.class))
public interface TripDesk {

  /** Plans a day out in a city. */
  @Prompt("Plan a day out in {{city}}.")
  TaskResult plan(String city);
}

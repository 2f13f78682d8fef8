package dev.cadre.samples.process;

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;
import java.util.Objects;

/** The annotated process sample's {@code schedule_reshipment} tool on an {@link OrderDesk}. */
public final class Reshipping {

  private final OrderDesk desk;

  /**
   * The reshipment tool on a fresh copy of the bundled orders; the no-argument constructor lets a team spec name
   * the tools (the generated tool library makes the instance only when a spec uses them).
   */
  public Reshipping() {
    this(OrderDesk.bundled());
  }

  /** The reshipment tool on {@code desk}. */
  public Reshipping(OrderDesk desk) {
    this.desk = Objects.requireNonNull(desk, "desk");
  }

  @Tool(
      name = "schedule_reshipment",
      value =
          "Sends a replacement parcel for a lost order, or a delivered one that arrived damaged"
              + " or wrong; once per order")
  public OrderDesk.Reshipment scheduleReshipment(
      @Param("The order id, such as A-1042") String order_id,
      @Param("Why, in a few words") String reason) {
    return desk.scheduleReshipment(order_id, reason);
  }
}

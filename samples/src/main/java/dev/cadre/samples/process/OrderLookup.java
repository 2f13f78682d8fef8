package dev.cadre.samples.process;

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;
import java.util.Objects;

/**
 * The annotated process sample's {@code lookup_order} tool on an {@link OrderDesk}. Parameter names
 * are the JSON names the model sends ({@code order_id}), the same as the DSL's {@link OrderTools}
 * and the offline replay script use.
 */
public final class OrderLookup {

  private final OrderDesk desk;

  /**
   * The lookup on a fresh copy of the bundled orders; the no-argument constructor lets a team spec name
   * the tools (the generated tool library makes the instance only when a spec uses them).
   */
  public OrderLookup() {
    this(OrderDesk.bundled());
  }

  /** The lookup on {@code desk}. */
  public OrderLookup(OrderDesk desk) {
    this.desk = Objects.requireNonNull(desk, "desk");
  }

  @Tool(
      name = "lookup_order",
      value =
          "Looks an order up: its items and total, the customer, the parcel's status and delivery"
              + " date, days since delivery, and what was refunded already")
  public OrderDesk.OrderView lookupOrder(@Param("The order id, such as A-1042") String order_id) {
    return desk.lookupOrder(order_id);
  }
}

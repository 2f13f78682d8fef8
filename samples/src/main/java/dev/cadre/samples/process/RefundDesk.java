package dev.cadre.samples.process;

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The annotated process sample's refund tools on an {@link OrderDesk}; {@code issue_refund} is the
 * one {@link Refunds} has a person approve. Parameter names are the JSON names the model sends.
 */
public final class RefundDesk {

  private final OrderDesk desk;

  /**
   * The refund tools on a fresh copy of the bundled orders; the no-argument constructor lets a team spec name
   * the tools (the generated tool library makes the instance only when a spec uses them).
   */
  public RefundDesk() {
    this(OrderDesk.bundled());
  }

  /** The refund tools on {@code desk}. */
  public RefundDesk(OrderDesk desk) {
    this.desk = Objects.requireNonNull(desk, "desk");
  }

  @Tool(
      name = "check_refund_eligibility",
      value =
          "Applies the refund rules to an order (delivered, within 30 days of delivery, total at"
              + " most 500.00) and says whether it may be refunded and how much")
  public OrderDesk.Eligibility checkRefundEligibility(
      @Param("The order id, such as A-1042") String order_id) {
    return desk.checkRefundEligibility(order_id);
  }

  @Tool(
      name = OrderTools.ISSUE_REFUND,
      value =
          "Refunds money to the customer and records it in the ledger. A person approves each"
              + " refund first; check eligibility before asking")
  public OrderDesk.Refund issueRefund(
      @Param("The order id, such as A-1042") String order_id,
      @Param("How much to refund, in the order's currency") BigDecimal amount,
      @Param("Why, in a few words, for the ledger") String reason) {
    return desk.issueRefund(order_id, amount, reason);
  }
}

package dev.cadre.samples.process;

import dev.cadre.dsl.Cadre;
import dev.cadre.tool.Tool;
import java.math.BigDecimal;

/** The process sample's tools: each one a call on an {@link OrderDesk}. */
public final class OrderTools {

  /** The tool that moves money, which a person approves. */
  public static final String ISSUE_REFUND = "issue_refund";

  private static final String ORDER_ID = "The order id, such as A-1042";

  private OrderTools() {}

  public static Tool lookupOrder(OrderDesk desk) {
    return Cadre.tool("lookup_order")
        .description(
            "Looks an order up: its items and total, the customer, the parcel's status and"
                + " delivery date, days since delivery, and what was refunded already")
        .parameter("order_id", String.class, ORDER_ID)
        .function((args, context) -> desk.lookupOrder(args.get("order_id").asText()))
        .build();
  }

  public static Tool checkRefundEligibility(OrderDesk desk) {
    return Cadre.tool("check_refund_eligibility")
        .description(
            "Applies the refund rules to an order (delivered, within "
                + OrderDesk.REFUND_WINDOW_DAYS
                + " days of delivery, total at most "
                + OrderDesk.AGENT_REFUND_LIMIT
                + ") and says whether it may be refunded and how much")
        .parameter("order_id", String.class, ORDER_ID)
        .function((args, context) -> desk.checkRefundEligibility(args.get("order_id").asText()))
        .build();
  }

  public static Tool issueRefund(OrderDesk desk) {
    return Cadre.tool(ISSUE_REFUND)
        .description(
            "Refunds money to the customer and records it in the ledger. A person approves each"
                + " refund first; check eligibility before asking")
        .parameter("order_id", String.class, ORDER_ID)
        .parameter("amount", BigDecimal.class, "How much to refund, in the order's currency")
        .parameter("reason", String.class, "Why, in a few words, for the ledger")
        .function(
            (args, context) ->
                desk.issueRefund(
                    args.get("order_id").asText(),
                    args.get("amount").decimalValue(),
                    args.get("reason").asText()))
        .build();
  }

  public static Tool scheduleReshipment(OrderDesk desk) {
    return Cadre.tool("schedule_reshipment")
        .description(
            "Sends a replacement parcel for a lost order, or a delivered one that arrived damaged"
                + " or wrong; once per order")
        .parameter("order_id", String.class, ORDER_ID)
        .parameter("reason", String.class, "Why, in a few words")
        .function(
            (args, context) ->
                desk.scheduleReshipment(args.get("order_id").asText(), args.get("reason").asText()))
        .build();
  }
}

package dev.cadre.samples.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cadre.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A small shop's orders database (customers, orders, shipments) with the rules its customer service
 * works by, and an in-memory ledger of the refunds and reshipments it has made. The process
 * sample's tools call it; everything it answers comes from the bundled {@code orders.json}.
 *
 * <p>The data is a snapshot taken on {@link #today() its as-of date}, and the rules count days from
 * that date rather than the clock's, so that the sample answers the same on any day.
 *
 * <p>Safe to share between threads.
 */
public final class OrderDesk {

  /** How many days after delivery a refund may be given. */
  public static final int REFUND_WINDOW_DAYS = 30;

  /** The largest refund an agent may issue; above it, a supervisor handles the case. */
  public static final BigDecimal AGENT_REFUND_LIMIT = new BigDecimal("500.00");

  /** Where a shipment is. */
  public enum ShipmentStatus {
    IN_TRANSIT,
    DELIVERED,
    LOST
  }

  /** A customer. */
  public record Customer(String id, String name, String email, String tier) {}

  /** One line of an order. */
  public record Item(String sku, String name, int quantity, BigDecimal unitPrice) {}

  /** An order as placed; {@code placed} is an ISO date. */
  public record Order(
      String id, String customerId, String placed, String currency, List<Item> items) {
    public Order {
      items = List.copyOf(items);
    }

    /** What the customer paid. */
    public BigDecimal total() {
      return items.stream()
          .map(item -> item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())))
          .reduce(BigDecimal.ZERO, BigDecimal::add)
          .setScale(2, RoundingMode.HALF_UP);
    }
  }

  /** An order's parcel; {@code delivered} is null until it is. */
  public record Shipment(
      String orderId,
      String carrier,
      String tracking,
      ShipmentStatus status,
      String shipped,
      String delivered) {}

  /** What {@code lookup_order} answers: the order with its customer, parcel and refunds so far. */
  public record OrderView(
      Order order,
      BigDecimal total,
      Customer customer,
      Shipment shipment,
      Integer daysSinceDelivery,
      BigDecimal refunded) {}

  /**
   * Whether an order may be refunded, and how much.
   *
   * @param refundable what may still be refunded (the total less earlier refunds); zero when not
   *     eligible
   * @param reason why, in words for the customer
   */
  public record Eligibility(
      String orderId,
      boolean eligible,
      BigDecimal refundable,
      String currency,
      Integer daysSinceDelivery,
      String reason) {}

  /** A refund in the ledger. */
  public record Refund(
      String refundId,
      String orderId,
      String customerId,
      BigDecimal amount,
      String currency,
      String reason,
      String issued) {}

  /** A replacement parcel booked for an order. */
  public record Reshipment(
      String reshipmentId,
      String orderId,
      String carrier,
      String ships,
      String expectedDelivery,
      String reason) {}

  /** The shape of {@code orders.json}. */
  private record Snapshot(
      String asOf, List<Customer> customers, List<Order> orders, List<Shipment> shipments) {}

  private final LocalDate today;
  private final Map<String, Customer> customers;
  private final Map<String, Order> orders;
  private final Map<String, Shipment> shipments;
  private final List<Refund> refunds = new ArrayList<>();
  private final List<Reshipment> reshipments = new ArrayList<>();

  private OrderDesk(Snapshot snapshot) {
    this.today = LocalDate.parse(snapshot.asOf());
    this.customers = index(snapshot.customers(), Customer::id);
    this.orders = index(snapshot.orders(), Order::id);
    this.shipments = index(snapshot.shipments(), Shipment::orderId);
  }

  /** The bundled database, with an empty ledger. */
  public static OrderDesk bundled() {
    try (InputStream in = OrderDesk.class.getResourceAsStream("orders.json")) {
      if (in == null) {
        throw new IllegalStateException(
            "orders.json is missing from the class path beside " + OrderDesk.class.getName());
      }
      return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A database read from JSON text shaped like the bundled {@code orders.json}. */
  public static OrderDesk of(String json) {
    try {
      return new OrderDesk(Json.read(json, Snapshot.class));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the orders database is not valid: " + e.getOriginalMessage(), e);
    }
  }

  /** The snapshot's date, which the rules count days from. */
  public LocalDate today() {
    return today;
  }

  /** The order {@code orderId} with its customer, its parcel and what was refunded already. */
  public OrderView lookupOrder(String orderId) {
    Order order = order(orderId);
    Shipment shipment = shipments.get(order.id());
    return new OrderView(
        order,
        order.total(),
        customers.get(order.customerId()),
        shipment,
        daysSinceDelivery(shipment),
        refunded(order.id()));
  }

  /**
   * Applies the refund rules to {@code orderId}: the parcel was delivered, no more than {@link
   * #REFUND_WINDOW_DAYS} days ago, the order's total is within {@link #AGENT_REFUND_LIMIT}, and
   * something is left to refund.
   */
  public Eligibility checkRefundEligibility(String orderId) {
    Order order = order(orderId);
    Shipment shipment = shipments.get(order.id());
    Integer days = daysSinceDelivery(shipment);
    BigDecimal left = order.total().subtract(refunded(order.id()));
    String refusal;
    if (days == null) {
      refusal =
          "the parcel has not been delivered ("
              + (shipment == null ? "not shipped" : shipment.status())
              + "); offer a reshipment instead";
    } else if (days > REFUND_WINDOW_DAYS) {
      refusal =
          "delivered "
              + days
              + " days ago, outside the "
              + REFUND_WINDOW_DAYS
              + "-day refund window";
    } else if (order.total().compareTo(AGENT_REFUND_LIMIT) > 0) {
      refusal =
          "the order total "
              + order.total()
              + " "
              + order.currency()
              + " is above the agent limit of "
              + AGENT_REFUND_LIMIT
              + "; a supervisor must handle it";
    } else if (left.signum() <= 0) {
      refusal = "the order was refunded in full already";
    } else {
      return new Eligibility(
          order.id(),
          true,
          left,
          order.currency(),
          days,
          "delivered " + days + " days ago, within the " + REFUND_WINDOW_DAYS + "-day window");
    }
    return new Eligibility(
        order.id(), false, BigDecimal.ZERO.setScale(2), order.currency(), days, refusal);
  }

  /**
   * Refunds {@code amount} of {@code orderId}, recording it in the ledger.
   *
   * @throws IllegalArgumentException when the order is not eligible or the amount is not between
   *     zero and what is refundable; the message says which
   */
  public synchronized Refund issueRefund(String orderId, BigDecimal amount, String reason) {
    Objects.requireNonNull(amount, "amount");
    Eligibility eligibility = checkRefundEligibility(orderId);
    if (!eligibility.eligible()) {
      throw new IllegalArgumentException(
          "order " + eligibility.orderId() + " cannot be refunded: " + eligibility.reason());
    }
    if (amount.signum() <= 0 || amount.compareTo(eligibility.refundable()) > 0) {
      throw new IllegalArgumentException(
          "amount "
              + amount.toPlainString()
              + " for order "
              + eligibility.orderId()
              + " must be more than 0 and at most "
              + eligibility.refundable()
              + " "
              + eligibility.currency()
              + "; check_refund_eligibility gives what is refundable");
    }
    Order order = orders.get(eligibility.orderId());
    Refund refund =
        new Refund(
            String.format(Locale.ROOT, "RF-%04d", refunds.size() + 1),
            order.id(),
            order.customerId(),
            amount.setScale(2, RoundingMode.HALF_UP),
            order.currency(),
            reason,
            today.toString());
    refunds.add(refund);
    return refund;
  }

  /**
   * Books a replacement parcel for {@code orderId} with the original carrier: it ships the next day
   * and arrives three days later. Allowed for a lost parcel, or a delivered one (damaged, wrong
   * item) within the refund window; once per order.
   *
   * @throws IllegalArgumentException when the parcel is still on its way, was delivered too long
   *     ago, or was reshipped already
   */
  public synchronized Reshipment scheduleReshipment(String orderId, String reason) {
    Order order = order(orderId);
    Shipment shipment = shipments.get(order.id());
    if (shipment == null || shipment.status() == ShipmentStatus.IN_TRANSIT) {
      throw new IllegalArgumentException(
          "order "
              + order.id()
              + " is still on its way"
              + (shipment == null
                  ? ""
                  : " with " + shipment.carrier() + " (" + shipment.tracking() + ")")
              + "; a reshipment is only for lost or delivered parcels");
    }
    Integer days = daysSinceDelivery(shipment);
    if (days != null && days > REFUND_WINDOW_DAYS) {
      throw new IllegalArgumentException(
          "order "
              + order.id()
              + " was delivered "
              + days
              + " days ago, outside the "
              + REFUND_WINDOW_DAYS
              + "-day window for replacements");
    }
    for (Reshipment earlier : reshipments) {
      if (earlier.orderId().equals(order.id())) {
        throw new IllegalArgumentException(
            "order " + order.id() + " was reshipped already as " + earlier.reshipmentId());
      }
    }
    Reshipment reshipment =
        new Reshipment(
            String.format(Locale.ROOT, "RS-%04d", reshipments.size() + 1),
            order.id(),
            shipment.carrier(),
            today.plusDays(1).toString(),
            today.plusDays(4).toString(),
            reason);
    reshipments.add(reshipment);
    return reshipment;
  }

  /** The refunds issued so far, oldest first. */
  public synchronized List<Refund> refunds() {
    return List.copyOf(refunds);
  }

  /** The reshipments booked so far, oldest first. */
  public synchronized List<Reshipment> reshipments() {
    return List.copyOf(reshipments);
  }

  private Order order(String orderId) {
    String id = orderId == null ? "" : orderId.strip().toUpperCase(Locale.ROOT);
    Order order = orders.get(id);
    if (order == null) {
      throw new IllegalArgumentException(
          "no order '"
              + orderId
              + "'; order ids look like A-1042 (known: "
              + orders.keySet()
              + ")");
    }
    return order;
  }

  private Integer daysSinceDelivery(Shipment shipment) {
    if (shipment == null || shipment.delivered() == null) {
      return null;
    }
    return Math.toIntExact(ChronoUnit.DAYS.between(LocalDate.parse(shipment.delivered()), today));
  }

  private synchronized BigDecimal refunded(String orderId) {
    return refunds.stream()
        .filter(refund -> refund.orderId().equals(orderId))
        .map(Refund::amount)
        .reduce(BigDecimal.ZERO, BigDecimal::add)
        .setScale(2, RoundingMode.HALF_UP);
  }

  private static <T> Map<String, T> index(List<T> rows, Function<T, String> key) {
    return rows.stream()
        .collect(Collectors.toMap(key, row -> row, (a, b) -> a, LinkedHashMap::new));
  }
}

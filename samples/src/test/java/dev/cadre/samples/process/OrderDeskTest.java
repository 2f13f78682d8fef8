package dev.cadre.samples.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The refund and reshipment rules on the bundled orders, as of the snapshot's date. */
class OrderDeskTest {

  private final OrderDesk desk = OrderDesk.bundled();

  @Test
  void refundsOnlyDeliveredOrdersWithinTheWindowAndTheLimit() {
    assertThat(desk.checkRefundEligibility("a-1042").eligible()).isTrue();
    assertThat(desk.checkRefundEligibility("A-1043").reason()).contains("above the agent limit");
    assertThat(desk.checkRefundEligibility("A-1044").reason())
        .isEqualTo("delivered 56 days ago, outside the 30-day refund window");
    assertThat(desk.checkRefundEligibility("A-1045").reason()).contains("not been delivered (LOST)");
    assertThat(desk.checkRefundEligibility("A-1046").eligible()).isFalse();
  }

  @Test
  void refundsNoMoreThanIsLeftToRefund() {
    desk.issueRefund("A-1042", new BigDecimal("50"), "partial");

    assertThat(desk.checkRefundEligibility("A-1042").refundable()).isEqualByComparingTo("39.90");
    assertThatThrownBy(() -> desk.issueRefund("A-1042", new BigDecimal("40.00"), "rest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 39.90 EUR");
    assertThat(desk.lookupOrder("A-1042").refunded()).isEqualByComparingTo("50.00");
    assertThat(desk.refunds()).extracting(OrderDesk.Refund::refundId).containsExactly("RF-0001");
  }

  @Test
  void reshipsLostOrDeliveredParcelsOnce() {
    OrderDesk.Reshipment reshipment = desk.scheduleReshipment("A-1045", "lost by the carrier");

    assertThat(reshipment)
        .isEqualTo(
            new OrderDesk.Reshipment(
                "RS-0001", "A-1045", "GLS", "2024-06-15", "2024-06-18", "lost by the carrier"));
    assertThatThrownBy(() -> desk.scheduleReshipment("A-1045", "again"))
        .hasMessageContaining("reshipped already as RS-0001");
    assertThatThrownBy(() -> desk.scheduleReshipment("A-1046", "where is it"))
        .hasMessageContaining("still on its way with DHL (DHL-7790455)");
    assertThatThrownBy(() -> desk.lookupOrder("B-1"))
        .hasMessageContaining("no order 'B-1'; order ids look like A-1042");
  }
}

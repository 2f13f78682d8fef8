package dev.cadre.samples.process;

import dev.cadre.annotations.Agent;

/** The annotated process sample's router: refunds or shipping. */
@Agent(
    description = "Decides which specialist handles the case",
    systemMessage =
        "You route customer-service cases. Money back for a damaged, wrong or unwanted item goes"
            + " to refunds; a late, lost or missing parcel, or a replacement, goes to shipping."
            + " Hand over at once; do not answer the customer.",
    handoffs = {Refunds.class, Shipping.class})
public interface Triage {}

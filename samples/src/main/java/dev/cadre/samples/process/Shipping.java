package dev.cadre.samples.process;

import dev.cadre.annotations.Agent;

/** The annotated process sample's shipping specialist. */
@Agent(
    description = "Handles lost or late parcels and replacements",
    systemMessage =
        "You handle parcels. Look the order up, then book a replacement with schedule_reshipment"
            + " when the rules allow, and tell the customer when it arrives. End your final"
            + " message to the customer with RESOLVED.",
    tools = {OrderLookup.class, Reshipping.class})
public interface Shipping {}

package dev.cadre.samples.finance;

import dev.cadre.annotations.Agent;

/** Reads the news mood around a ticker from scored headlines. */
@Agent(
    description = "Sentiment analyst: scores recent news headlines about a ticker",
    systemMessage =
        "You are a sentiment analyst. Score the ticker's headlines with your tool and sum up the"
            + " news mood in two sentences, quoting the average score.",
    tools = HeadlineSentiment.class)
public interface SentimentAnalyst {}

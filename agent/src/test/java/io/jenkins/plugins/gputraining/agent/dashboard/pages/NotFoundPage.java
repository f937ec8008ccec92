package io.jenkins.plugins.gputraining.agent.dashboard.pages;

import io.jenkins.plugins.gputraining.agent.dashboard.Browser;

/** What the dashboard shows at a route it does not have. */
public final class NotFoundPage extends Page {
    NotFoundPage(final Browser browser) {
        super(browser);
    }

    public NotFoundPage awaitLoaded() {
        await(10, "the not-found page", () -> exists("#view .page h1"));
        return this;
    }

    public String heading() {
        return text("#view .page h1");
    }
}

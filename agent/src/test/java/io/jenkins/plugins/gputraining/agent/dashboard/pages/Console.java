package io.jenkins.plugins.gputraining.agent.dashboard.pages;

import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.logging.LogEntry;

/** What the browser console logged over a stretch of the test: errors, warnings, Content-Security-Policy reports. */
public record Console(List<LogEntry> entries) {
    /** The Content-Security-Policy violations reported. */
    public List<String> cspViolations() {
        return entries.stream().map(LogEntry::getMessage).filter(Console::isCspViolation).toList();
    }

    /** The errors logged, except those containing one of {@code allowed} (e.g. a 404 the test provoked). */
    public List<String> errorsExcept(final String... allowed) {
        return entries.stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> Arrays.stream(allowed).noneMatch(message::contains))
                .toList();
    }

    static boolean isCspViolation(final String message) {
        return message.contains("Content Security Policy") || message.contains("Content-Security-Policy");
    }
}

package org.bitcoinfx.gui.feedback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A logback appender that keeps the app's last {@value #MAX} log lines in memory, for the
 * feedback bundle ({@code logback.xml} registers it).
 */
public final class RecentLogAppender extends AppenderBase<ILoggingEvent> {
    /** Lines kept. */
    public static final int MAX = 500;
    private static final Deque<String> LINES = new ArrayDeque<>();

    @Override
    protected void append(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder()
                .append(Instant.ofEpochMilli(e.getTimeStamp())).append(' ')
                .append(e.getLevel()).append(" [").append(e.getThreadName()).append("] ")
                .append(e.getLoggerName()).append(" - ").append(e.getFormattedMessage());
        if (e.getThrowableProxy() != null) {
            sb.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
        }
        synchronized (LINES) {
            LINES.addLast(sb.toString());
            while (LINES.size() > MAX) {
                LINES.removeFirst();
            }
        }
    }

    /** @return the kept lines, oldest first */
    public static List<String> lines() {
        synchronized (LINES) {
            return new ArrayList<>(LINES);
        }
    }
}

package org.bitcoinfx.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Test helper: captures every log event of this JVM (all loggers, TRACE and up) while open, as
 * formatted lines {@code LEVEL logger - message} followed by any exception's stack trace, so a test
 * can assert what was (or was not) logged. Open with try-with-resources; {@link #close()} restores
 * the root level and detaches.
 */
public final class CapturedLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level rootLevel = root.getLevel();
    private final Logger ours = (Logger) LoggerFactory.getLogger("org.bitcoinfx");
    private final Level oursLevel = ours.getLevel();

    private CapturedLog() {
    }

    /** @return a capture (named open: start is logback's), attached to the root logger, with levels lowered to TRACE */
    public static CapturedLog open() {
        CapturedLog c = new CapturedLog();
        c.setContext(c.root.getLoggerContext());
        c.start0();
        return c;
    }

    private void start0() {
        super.start();
        root.addAppender(this);
        root.setLevel(Level.TRACE);
        ours.setLevel(Level.TRACE);
    }

    @Override
    protected void append(ILoggingEvent e) {
        String line = e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage();
        if (e.getThrowableProxy() != null) {
            line += "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy());
        }
        lines.add(line);
    }

    /** @return the lines captured so far */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** @return all captured lines joined by newlines */
    public String text() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        root.detachAppender(this);
        root.setLevel(rootLevel);
        ours.setLevel(oursLevel);
        stop();
    }
}

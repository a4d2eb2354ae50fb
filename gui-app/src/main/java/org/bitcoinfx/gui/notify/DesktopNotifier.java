package org.bitcoinfx.gui.notify;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Desktop notifications through the session bus's {@code org.freedesktop.Notifications} server (GNOME, KDE,
 * XFCE, dunst, mako…), with dbus-java. The bus is reached on a thread of its own, never the JavaFX thread; a
 * notice the server does not take goes to the fallback (the in-window toast), and after a failure to connect
 * every later one does.
 */
public final class DesktopNotifier implements Notifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopNotifier.class);
    /** The application name sent with each notice. */
    public static final String APP_NAME = "Bitcoin FX";
    /** The icon name sent ({@code Icon=} of the desktop entry, installed by the package). */
    public static final String ICON = "bitcoinfx-experimental";

    private final String busAddress;
    private final Notifier fallback;
    private final ExecutorService bus = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bitcoinfx-notifications");
        t.setDaemon(true);
        return t;
    });
    private DBusConnection connection;
    private FreedesktopNotifications server;
    private boolean broken;

    /**
     * @param busAddress the session bus's address ({@code DBUS_SESSION_BUS_ADDRESS}); connected at the first notice
     * @param fallback   shows what the server does not
     */
    public DesktopNotifier(String busAddress, Notifier fallback) {
        this.busAddress = busAddress;
        this.fallback = fallback;
    }

    /**
     * @param env      the environment
     * @param fallback the in-window notifier
     * @return a DesktopNotifier when {@code DBUS_SESSION_BUS_ADDRESS} is set (and {@value #MODE_PROPERTY} is not
     *         {@code window}), else {@code fallback}
     */
    public static Notifier choose(Map<String, String> env, Notifier fallback) {
        String address = env.get("DBUS_SESSION_BUS_ADDRESS");
        if ("window".equals(System.getProperty(MODE_PROPERTY))) {
            return fallback;
        }
        return address == null || address.isBlank() ? fallback : new DesktopNotifier(address, fallback);
    }

    /** {@code -Dbitcoinfx.notifications=window}: notices in the window only, even with a session bus (tests, demos). */
    public static final String MODE_PROPERTY = "bitcoinfx.notifications";

    @Override
    public void show(String title, String body) {
        bus.execute(() -> {
            try {
                if (broken) {
                    fallback.show(title, body);
                    return;
                }
                if (server == null) {
                    connection = DBusConnectionBuilder.forAddress(busAddress).withShared(false).build();
                    server = connection.getRemoteObject(FreedesktopNotifications.BUS_NAME, FreedesktopNotifications.PATH,
                            FreedesktopNotifications.class);
                }
                server.Notify(APP_NAME, new UInt32(0), ICON, title, body, List.of(),
                        Map.of("category", new Variant<>("transfer.complete"), "desktop-entry", new Variant<>(ICON)), -1);
            } catch (DBusException | RuntimeException e) {
                if (!broken) {
                    LOG.warn("Desktop notifications unavailable ({}): notices show in the window instead", e.toString());
                }
                broken = true;
                closeConnection();
                fallback.show(title, body);
            }
        });
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                LOG.debug("closing the session bus connection: {}", e.toString());
            }
        }
        connection = null;
        server = null;
    }

    /** Disconnects from the bus (after the notices already given). */
    @Override
    public void close() {
        bus.execute(this::closeConnection);
        bus.shutdown();
    }
}

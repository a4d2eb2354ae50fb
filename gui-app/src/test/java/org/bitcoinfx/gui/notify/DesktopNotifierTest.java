package org.bitcoinfx.gui.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DesktopNotifier} against a private D-Bus daemon ({@code dbus-daemon --session}, skipped saying why
 * without it) on which a recording notification server of ours owns {@code org.freedesktop.Notifications}: a
 * notice arrives as {@code Notify} with the app's name, icon, summary and body; a bus that cannot be reached
 * sends every notice to the fallback.
 */
class DesktopNotifierTest {
    @TempDir
    Path tmp;

    /** A notification server that records what it is told (test double). */
    static final class RecordingNotificationServer implements FreedesktopNotifications {
        final LinkedBlockingQueue<List<Object>> calls = new LinkedBlockingQueue<>();

        @Override
        public UInt32 Notify(String appName, UInt32 replacesId, String appIcon, String summary, String body, List<String> actions,
                Map<String, Variant<?>> hints, int expireTimeout) {
            calls.add(List.of(appName, replacesId.intValue(), appIcon, summary, body, actions, hints.get("category").getValue(), expireTimeout));
            return new UInt32(calls.size());
        }

        @Override
        public List<String> GetCapabilities() {
            return List.of("body");
        }

        @Override
        public String getObjectPath() {
            return PATH;
        }
    }

    /** A notifier that records (test double for the fallback). */
    static final class RecordingNotifier implements Notifier {
        final LinkedBlockingQueue<String> shown = new LinkedBlockingQueue<>();

        @Override
        public void show(String title, String body) {
            shown.add(title + "|" + body);
        }
    }

    @Test
    void aNoticeReachesTheSessionBusNotificationServer() throws Exception {
        Path daemon = Path.of("/usr/bin/dbus-daemon");
        Assumptions.assumeTrue(Files.isExecutable(daemon), "no dbus-daemon (Debian package dbus): no session bus to check notifications on");
        Path socket = tmp.resolve("bus");
        Process bus = new ProcessBuilder(daemon.toString(), "--session", "--nofork", "--nopidfile", "--print-address=1",
                "--address=unix:path=" + socket).redirectErrorStream(true).start();
        try {
            String address = new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(address != null && address.startsWith("unix:path=" + socket), "the bus's address: " + address);
            RecordingNotificationServer server = new RecordingNotificationServer();
            try (DBusConnection serverSide = DBusConnectionBuilder.forAddress(address).withShared(false).build()) {
                serverSide.requestBusName(FreedesktopNotifications.BUS_NAME);
                serverSide.exportObject(FreedesktopNotifications.PATH, server);
                java.util.concurrent.CountDownLatch notifierLeft = new java.util.concurrent.CountDownLatch(1);
                String own = serverSide.getUniqueName();
                serverSide.addSigHandler(org.freedesktop.dbus.interfaces.DBus.NameOwnerChanged.class, sig -> {
                    if (sig.name.startsWith(":") && !sig.name.equals(own) && sig.newOwner.isEmpty()) {
                        notifierLeft.countDown();
                    }
                });
                RecordingNotifier fallback = new RecordingNotifier();
                DesktopNotifier n = new DesktopNotifier(address, fallback);
                try {
                    n.show("Payment received", "0.10000000 BTC to wallet spending (Alice), unconfirmed");
                    n.show("300 payments received", "3.00000000 BTC in total to wallet shop");
                    assertEquals(List.of("Bitcoin FX", 0, "bitcoinfx-experimental", "Payment received",
                            "0.10000000 BTC to wallet spending (Alice), unconfirmed", List.of(), "transfer.complete", -1),
                            server.calls.poll(30, TimeUnit.SECONDS));
                    assertEquals("300 payments received", server.calls.poll(30, TimeUnit.SECONDS).get(3));
                    assertTrue(fallback.shown.isEmpty(), "nothing fell back: " + fallback.shown);
                } finally {
                    n.close();
                }
                // the notifier leaves the bus only once the server has answered its last Notify (its calls and its
                // close run in order on its one thread). Closing the server's side before that made its receiver
                // thread fail to send that answer: an uncaught NotConnected on a dbus-java thread, which an earlier
                // app test's uncaught-exception handler turned into an error dialog (found by a stress round)
                assertTrue(notifierLeft.await(30, TimeUnit.SECONDS), "the notifier left the bus");
            }
        } finally {
            bus.destroy();
            bus.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBusThatCannotBeReachedSendsEveryNoticeToTheFallback() throws Exception {
        RecordingNotifier fallback = new RecordingNotifier();
        DesktopNotifier n = new DesktopNotifier("unix:path=" + tmp.resolve("no-bus-here"), fallback);
        try {
            n.show("Payment received", "a");
            n.show("Payment received", "b");
            assertEquals("Payment received|a", fallback.shown.poll(30, TimeUnit.SECONDS));
            assertEquals("Payment received|b", fallback.shown.poll(30, TimeUnit.SECONDS));
        } finally {
            n.close();
        }
        assertEquals(fallbackOf(Map.of()), "fallback", "no DBUS_SESSION_BUS_ADDRESS: the window's notices");
    }

    private static String fallbackOf(Map<String, String> env) {
        Notifier f = (t, b) -> { };
        return DesktopNotifier.choose(env, f) == f ? "fallback" : "desktop";
    }
}

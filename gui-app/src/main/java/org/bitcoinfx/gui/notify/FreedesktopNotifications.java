package org.bitcoinfx.gui.notify;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The freedesktop.org Desktop Notifications interface, as much of it as the app uses (Desktop Notifications
 * Specification 1.2: object {@value #PATH} of bus name {@value #BUS_NAME}). Method names are the spec's.
 */
@DBusInterfaceName("org.freedesktop.Notifications")
public interface FreedesktopNotifications extends DBusInterface {
    /** The well-known bus name of the notification server. */
    String BUS_NAME = "org.freedesktop.Notifications";
    /** Its object path. */
    String PATH = "/org/freedesktop/Notifications";

    /**
     * {@code Notify(STRING app_name, UINT32 replaces_id, STRING app_icon, STRING summary, STRING body, as actions,
     * a{sv} hints, INT32 expire_timeout) → UINT32 id}.
     *
     * @param expireTimeout ms; -1 for the server's default
     * @return the notification's id
     */
    UInt32 Notify(String appName, UInt32 replacesId, String appIcon, String summary, String body, List<String> actions,
            Map<String, Variant<?>> hints, int expireTimeout);

    /** {@code GetCapabilities() → as}: what the server supports ("body", "actions", …). */
    List<String> GetCapabilities();
}

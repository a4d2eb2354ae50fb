package org.bitcoinfx.gui.shell;

import javafx.scene.Node;
import org.kordamp.ikonli.Ikon;

/** One page of the main window's sidebar. */
public interface Page {
    /** @return the sidebar and header title */
    String title();

    /** @return the sidebar icon */
    Ikon icon();

    /** @return the page's view (built once) */
    Node view();

    /** Told when the page becomes visible or hidden; pages poll only while visible. */
    default void setShowing(boolean showing) {
    }

    /**
     * Releases what the page holds beyond its connection scope: timelines, listeners on the session.
     * Called once, when the main window goes away; the page is not used afterwards.
     */
    default void dispose() {
    }
}

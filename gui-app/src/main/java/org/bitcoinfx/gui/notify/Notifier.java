package org.bitcoinfx.gui.notify;

/** Shows a short notice to the user outside the page they are on: a desktop notification, or a toast in the window. */
public interface Notifier {
    /**
     * Shows one notice. Returns at once; never throws for a notice that could not be shown (it is logged).
     *
     * @param title one line, e.g. "Payment received"
     * @param body  a line or two under it
     */
    void show(String title, String body);
}

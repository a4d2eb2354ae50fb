package org.bitcoinfx.gui.settings;

/** The AtlantaFX themes the app switches between. */
public enum Theme {
    /** Primer Light. */
    LIGHT,
    /** Primer Dark. */
    DARK;

    @Override
    public String toString() {
        return this == LIGHT ? "Light" : "Dark";
    }
}

package org.bitcoinfx.gui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import org.bitcoinfx.gui.settings.Theme;

/** Applies the AtlantaFX Primer themes. */
public final class ThemeManager {
    private ThemeManager() {
    }

    /** Sets the user-agent stylesheet for {@code theme}; call on the JavaFX Application Thread. */
    public static void apply(Theme theme) {
        String css = theme == Theme.DARK ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet();
        Application.setUserAgentStylesheet(css);
    }
}

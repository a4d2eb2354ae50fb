package org.bitcoinfx.gui.wallet;

import atlantafx.base.theme.Styles;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Small building blocks shared by the wallet views: labelled rows, inline errors, copy buttons, passphrase fields. */
final class Forms {
    private Forms() {
    }

    /** @return a two-column grid: labels on the left, growing fields on the right */
    static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(14);
        g.setVgap(10);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(110);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(c0, c1);
        return g;
    }

    /** Adds "name | field (+ hint below)" at row {@code r}. */
    static void row(GridPane g, int r, String name, Node field, Node below) {
        Label l = new Label(name);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        g.add(l, 0, r);
        g.add(below == null ? field : new VBox(4, field, below), 1, r);
        GridPane.setValignment(l, javafx.geometry.VPos.TOP);
        l.setPadding(new javafx.geometry.Insets(6, 0, 0, 0));
    }

    /** @return an inline error label bound to {@code text}, hidden while empty */
    static Label error(String id, javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        l.textProperty().bind(text);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** @return a plain inline error label, hidden while empty */
    static Label error(String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        return l;
    }

    /** @return a small flat button that copies {@code text.get()} to the clipboard */
    static Button copy(String id, java.util.function.Supplier<String> text) {
        Button b = new Button("", new FontIcon(Feather.COPY));
        b.setId(id);
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setTooltip(new Tooltip("Copy"));
        b.setOnAction(e -> {
            String t = text.get();
            if (t == null || t.isEmpty()) {
                return;
            }
            ClipboardContent cc = new ClipboardContent();
            cc.putString(t);
            Clipboard.getSystemClipboard().setContent(cc);
            b.setGraphic(new FontIcon(Feather.CHECK));
            javafx.animation.PauseTransition p = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(1.2));
            p.setOnFinished(x -> b.setGraphic(new FontIcon(Feather.COPY)));
            p.play();
        });
        return b;
    }

    /**
     * Takes the characters out of a password field into a {@link Passphrase} and clears the
     * field. (JavaFX keeps the field's text in its own content; clearing it is what we can do.)
     */
    static Passphrase take(PasswordField f) {
        CharSequence cs = f.getCharacters();
        char[] c = new char[cs.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = cs.charAt(i);
        }
        f.clear();
        return new Passphrase(c);
    }
}

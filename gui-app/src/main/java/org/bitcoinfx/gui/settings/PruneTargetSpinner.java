package org.bitcoinfx.gui.settings;

import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.beans.property.DoubleProperty;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.util.StringConverter;
import org.bitcoinfx.node.NodeConfig;

/**
 * The prune target's editable spinner, in GB (10^9 bytes), shared by the Settings page and onboarding,
 * and the label beside it that names what the node gets: {@code GB (-prune=1907 MiB)}.
 * Typed text that is not a number (or is empty) is refused: the field shows the last good value again
 * (JavaFX's own converter would throw on the FX thread); a number below {@link Settings#MIN_PRUNE_GB}
 * becomes that minimum, Bitcoin Core's {@value NodeConfig#MIN_PRUNE_TARGET_MIB} MiB, as the label says.
 */
public final class PruneTargetSpinner {
    /** Largest target offered, GB. */
    static final double MAX_GB = 10_000;

    private PruneTargetSpinner() {
    }

    /**
     * @param gb the prune target, GB; follows the spinner and the spinner follows it
     * @return an editable spinner from {@link Settings#MIN_PRUNE_GB} to {@value #MAX_GB} GB in steps of 1
     */
    public static Spinner<Double> create(DoubleProperty gb) {
        SpinnerValueFactory.DoubleSpinnerValueFactory f = new SpinnerValueFactory.DoubleSpinnerValueFactory(Settings.MIN_PRUNE_GB, MAX_GB,
                clamp(gb.get()), 1);
        f.setConverter(converter(f::getValue, Locale.getDefault(Locale.Category.FORMAT)));
        Spinner<Double> s = new Spinner<>(f);
        s.setEditable(true);
        s.setPrefWidth(110);
        gb.addListener((o, a, b) -> f.setValue(clamp(b.doubleValue())));
        f.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                gb.set(b);
            }
        });
        // a text the converter refused leaves the value unchanged: show that value again (Enter, or leaving the field)
        Runnable commit = () -> {
            s.commitValue();
            s.getEditor().setText(f.getConverter().toString(f.getValue()));
        };
        s.getEditor().addEventHandler(javafx.event.ActionEvent.ACTION, e -> commit.run());
        s.getEditor().focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                commit.run();
            }
        });
        return s;
    }

    /**
     * @param gb the prune target, GB
     * @return a label reading {@code GB (-prune=N MiB)}, N as {@link Settings#pruneMiB(double)} maps it, kept up to date
     */
    public static Label unitLabel(DoubleProperty gb) {
        Label l = new Label();
        Runnable text = () -> l.setText("GB (-prune=" + Settings.pruneMiB(gb.get()) + " MiB)");
        gb.addListener(o -> text.run());
        text.run();
        return l;
    }

    /**
     * A converter that never throws: text that is not a whole locale number (e.g. {@code abc}, {@code 2x},
     * empty, not finite) gives {@code current}'s value.
     */
    static StringConverter<Double> converter(Supplier<Double> current, Locale locale) {
        return new StringConverter<>() {
            @Override
            public String toString(Double v) {
                if (v == null) {
                    return "";
                }
                NumberFormat nf = NumberFormat.getNumberInstance(locale);
                nf.setMaximumFractionDigits(2);
                nf.setGroupingUsed(false);
                return nf.format(v);
            }

            @Override
            public Double fromString(String text) {
                String t = text == null ? "" : text.trim();
                ParsePosition pos = new ParsePosition(0);
                Number n = NumberFormat.getNumberInstance(locale).parse(t, pos);
                if (t.isEmpty() || n == null || pos.getIndex() != t.length() || !Double.isFinite(n.doubleValue())) {
                    return current.get();
                }
                return n.doubleValue();
            }
        };
    }

    private static double clamp(double gb) {
        return Double.isFinite(gb) ? Math.max(Settings.MIN_PRUNE_GB, Math.min(MAX_GB, gb)) : Settings.DEFAULT_PRUNE_GB;
    }
}

package org.bitcoinfx.gui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import javafx.util.StringConverter;
import org.bitcoinfx.node.Chain;
import org.junit.jupiter.api.Test;

/** The prune setting: GB to {@code -prune=} MiB, the spinner's text, and the clash with a {@code -prune} in the extra arguments. */
class PruneSettingsTest {

    private static Settings settings(boolean prune, double gb, String extra) {
        Settings s = new Settings();
        s.chainProperty().set(Chain.REGTEST);
        s.dataDirProperty().set(Path.of("/tmp/bitcoinfx-prune-test"));
        s.pruneProperty().set(prune);
        s.pruneGbProperty().set(gb);
        s.extraArgsProperty().set(extra);
        return s;
    }

    @Test
    void theTargetInGbBecomesMibAndNeverGoesBelowBitcoinCoresMinimum() {
        assertEquals(1907, Settings.pruneMiB(2), "2 GB = 2e9 / 2^20 MiB, rounded down");
        assertEquals(572, Settings.pruneMiB(Settings.MIN_PRUNE_GB));
        assertEquals(550, Settings.pruneMiB(0.1), "Bitcoin Core's minimum");
        assertEquals(OptionalInt.of(1907), settings(true, 2, "").toNodeSettings().config().pruneMiB());
        assertEquals(List.of("-chain=regtest", "-datadir=/tmp/bitcoinfx-prune-test", "-prune=1907"), settings(true, 2, "").toNodeSettings().toArgs());
        assertEquals(OptionalInt.empty(), settings(false, 2, "").toNodeSettings().config().pruneMiB());
    }

    @Test
    void aPruneInTheExtraArgumentsWorksOnlyWithPruningOffAndWithAValueCoreTakes() {
        // the real-node tests prune by hand this way: -prune=1 (pruneblockchain) and regtest's -fastprune
        Settings manual = settings(false, 2, "-prune=1 -fastprune");
        assertEquals("", manual.nodeOptionsProblem());
        assertEquals(List.of("-prune=1", "-fastprune"), manual.toNodeSettings().extraArgs());

        Settings clash = settings(true, 2, "-prune=1 -fastprune");
        assertEquals("Cannot use the arguments: extra argument '-prune=1' clashes with the prune setting (-prune=1907): "
                + "set the prune target in one place.", clash.nodeOptionsProblem());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, clash::toNodeSettings);
        assertTrue(e.getMessage().startsWith("Extra node arguments: extra argument '-prune=1' clashes") && e.getMessage().endsWith(
                "Fix them on the Settings page."), e.getMessage());

        assertEquals("Cannot use the arguments: -prune=300 is below Bitcoin Core's minimum prune target of 550 MiB (0 turns pruning off, "
                + "1 allows manual pruning with pruneblockchain).", settings(false, 2, "-prune=300").nodeOptionsProblem());
        assertTrue(settings(false, 2, "-server").nodeOptionsProblem().startsWith("Cannot use the arguments: extra argument '-server' is not allowed"));
        assertTrue(settings(false, 2, "-uacomment='a").nodeOptionsProblem().startsWith("Cannot read the arguments: unbalanced ' quote"));
    }

    @Test
    void theSpinnersTextNeverThrowsAndKeepsTheLastValueForWhatIsNotANumber() {
        StringConverter<Double> c = PruneTargetSpinner.converter(() -> 2.0, Locale.US);
        assertEquals(12.5, c.fromString(" 12.5 "));
        assertEquals(0.1, c.fromString("0.1"), "the value factory then raises it to the minimum");
        for (String bad : new String[] {"abc", "", "  ", "2x", "1e", null, "∞"}) {
            assertEquals(2.0, c.fromString(bad), "'" + bad + "'");
        }
        assertEquals("2.5", c.toString(2.5));
        assertEquals("1000", c.toString(1000.0), "no grouping: the text reads back");
        assertEquals(1000.0, c.fromString(c.toString(1000.0)));
        StringConverter<Double> de = PruneTargetSpinner.converter(() -> 2.0, Locale.GERMANY);
        assertEquals(2.5, de.fromString("2,5"));
        assertEquals("2,5", de.toString(2.5));
    }
}

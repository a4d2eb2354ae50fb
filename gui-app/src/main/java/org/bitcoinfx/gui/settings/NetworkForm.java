package org.bitcoinfx.gui.settings;

import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import org.bitcoinfx.node.NetworkOptions;

/**
 * The Settings page's connection options ({@link NetworkOptions}): proxy, onion proxy, listening, Tor onion service,
 * P2P port, maximum connections, blocks only, database cache and mempool size. Each edit makes a new
 * {@link NetworkOptions}; one Bitcoin Core would refuse is not taken into the draft, and the form shows why in
 * {@code error} (the page then disables Save). A blank field leaves the option to the node's default.
 */
final class NetworkForm {
    /** The choices for an on/off option that may be left to the node. */
    static final List<String> TRISTATE = List.of("Default", "On", "Off");

    private NetworkForm() {
    }

    static Node build(Settings draft, Label error) {
        TextField proxy = text("settings-proxy", "none (host:port)");
        TextField onion = text("settings-onion", "the proxy (host:port)");
        ChoiceBox<String> listen = choice("settings-listen");
        ChoiceBox<String> listenOnion = choice("settings-listenonion");
        TextField port = text("settings-port", "default");
        TextField maxConn = text("settings-maxconnections", NetworkOptions.DEFAULT_MAX_CONNECTIONS + " (default)");
        CheckBox blocksOnly = new CheckBox("Blocks only (-blocksonly: no loose transactions)");
        blocksOnly.setId("settings-blocksonly");
        TextField dbcache = text("settings-dbcache", "default; at least " + NetworkOptions.MIN_DBCACHE_MIB);
        TextField maxMempool = text("settings-maxmempool", "300; at least " + NetworkOptions.MIN_MAXMEMPOOL_MB);

        boolean[] filling = {false, false}; // [0] the form is being filled from the draft, [1] the draft from the form
        Runnable fill = () -> {
            filling[0] = true;
            NetworkOptions n = draft.networkProperty().get() == null ? NetworkOptions.DEFAULTS : draft.networkProperty().get();
            proxy.setText(n.proxy() == null ? "" : n.proxy());
            onion.setText(n.onion() == null ? "" : n.onion());
            listen.setValue(tri(n.listen()));
            listenOnion.setValue(tri(n.listenOnion()));
            port.setText(num(n.port()));
            maxConn.setText(num(n.maxConnections()));
            blocksOnly.setSelected(n.blocksOnly());
            dbcache.setText(num(n.dbcacheMiB()));
            maxMempool.setText(num(n.maxMempoolMB()));
            error.setText("");
            filling[0] = false;
        };
        Runnable take = () -> {
            if (filling[0]) {
                return;
            }
            try {
                NetworkOptions n = new NetworkOptions(proxy.getText(), onion.getText(), bool(listen.getValue()), bool(listenOnion.getValue()),
                        parse("-port", port.getText()), parse("-maxconnections", maxConn.getText()), blocksOnly.isSelected(),
                        parse("-dbcache", dbcache.getText()), parse("-maxmempool", maxMempool.getText()));
                error.setText("");
                filling[1] = true;
                draft.networkProperty().set(n);
                filling[1] = false;
            } catch (IllegalArgumentException e) {
                error.setText(e.getMessage());
            }
        };
        fill.run();
        draft.networkProperty().addListener((o, a, b) -> {
            if (!filling[0] && !filling[1]) {
                fill.run(); // Revert, or the page shown again
            }
        });
        for (TextField t : List.of(proxy, onion, port, maxConn, dbcache, maxMempool)) {
            t.textProperty().addListener(o -> take.run());
        }
        listen.valueProperty().addListener(o -> take.run());
        listenOnion.valueProperty().addListener(o -> take.run());
        blocksOnly.selectedProperty().addListener(o -> take.run());

        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.addRow(0, l("Proxy"), proxy, l("Onion proxy"), onion);
        g.addRow(1, l("Listen"), listen, l("Tor onion service"), listenOnion);
        g.addRow(2, l("P2P port"), port, l("Max connections"), maxConn);
        g.addRow(3, l("Database cache, MiB"), dbcache, l("Max mempool, MB"), maxMempool);
        for (TextField t : List.of(proxy, onion, port, maxConn, dbcache, maxMempool)) {
            javafx.scene.layout.GridPane.setHgrow(t, javafx.scene.layout.Priority.ALWAYS);
        }
        proxy.setTooltip(new javafx.scene.control.Tooltip("-proxy: a SOCKS5 proxy for every network"));
        onion.setTooltip(new javafx.scene.control.Tooltip("-onion: a separate SOCKS5 proxy for Tor onion peers"));
        listenOnion.setTooltip(new javafx.scene.control.Tooltip("-listenonion: an onion service through Tor's control port "
                + "(Default is off on regtest)"));
        g.add(blocksOnly, 0, 4, 4, 1);
        g.setAlignment(Pos.CENTER_LEFT);
        return g;
    }

    private static Label l(String text) {
        Label l = new Label(text);
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }

    private static TextField text(String id, String prompt) {
        TextField t = new TextField();
        t.setId(id);
        t.setPromptText(prompt);
        t.setPrefColumnCount(11);
        return t;
    }

    private static ChoiceBox<String> choice(String id) {
        ChoiceBox<String> c = new ChoiceBox<>(javafx.collections.FXCollections.observableArrayList(TRISTATE));
        c.setId(id);
        c.setValue("Default");
        return c;
    }

    private static String tri(Boolean b) {
        return b == null ? "Default" : b ? "On" : "Off";
    }

    private static Boolean bool(String s) {
        return "On".equals(s) ? Boolean.TRUE : "Off".equals(s) ? Boolean.FALSE : null;
    }

    private static String num(Integer i) {
        return i == null ? "" : i.toString();
    }

    /** A whole number, or null for a blank field. @throws IllegalArgumentException naming the option for anything else */
    static Integer parse(String option, String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + "=" + t + " is not a whole number");
        }
    }
}

package org.bitcoinfx.gui.about;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The About dialog's content: version, the experimental notice, the bundled node's version and SHA-256, paths. */
public final class AboutView extends VBox {
    /** The experimental notice, as in onboarding. */
    public static final String NOTICE = "Bitcoin FX is experimental. It has had far less review than Bitcoin Core releases: "
            + "do not use it with funds you cannot lose on mainnet.";
    /** What the app does not do on its own. */
    public static final String NO_NETWORK = "Bitcoin FX never updates itself and makes no network connection of its own: "
            + "only bitcoin-node talks to the Bitcoin network. It talks to the node over a private IPC socket; "
            + "the node's RPC port stays closed.";

    /** @param info what to show (from {@link AboutInfo#collect}) */
    public AboutView(AboutInfo info) {
        super(14);
        getStyleClass().add("about-view");
        setPadding(new Insets(4, 4, 4, 4));
        setPrefWidth(780);
        setMinWidth(780);

        Label title = new Label("Bitcoin FX (experimental)");
        title.getStyleClass().add(Styles.TITLE_3);
        Label version = new Label("Version " + info.appVersion());
        version.setId("about-version");
        Node logo = logo();
        HBox head = new HBox(14, logo, new VBox(2, title, version));
        head.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        Label notice = wrap(NOTICE);
        notice.setId("about-notice");
        HBox warn = new HBox(10, new FontIcon(Feather.ALERT_TRIANGLE), notice);
        warn.getStyleClass().add("notice-warning");
        warn.setPadding(new Insets(10));
        notice.setMaxWidth(700);
        Label noNetwork = wrap(NO_NETWORK);
        noNetwork.setId("about-no-network");

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(6);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(120);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setMaxWidth(620);
        grid.getColumnConstraints().addAll(keys, values);
        int row = 0;
        AboutInfo.BundledNode n = info.bundledNode();
        switch (n.status()) {
            case NOT_PACKAGED -> grid.addRow(row++, key("Bundled node"), value("about-node-version",
                    "None: not running from a package (the node comes from BITCOIN_NODE, PATH or Settings)"));
            case MISSING, UNREADABLE -> {
                grid.addRow(row++, key("Bundled node"), value("about-node-version", "Cannot be checked"));
                Label why = value("about-node-check", n.detail());
                why.getStyleClass().add(Styles.DANGER);
                grid.addRow(row++, key(""), why);
            }
            case MATCHES, DIFFERS -> {
                grid.addRow(row++, key("Bundled node"), value("about-node-version", n.manifest().versionLine()));
                grid.addRow(row++, key("SHA-256"), copyable("about-node-sha256", n.actualSha256()));
                Label check;
                if (n.status() == AboutInfo.Status.MATCHES) {
                    check = value("about-node-check", "Matches the SHA-256 recorded when the package was built");
                    check.getStyleClass().add(Styles.SUCCESS);
                } else {
                    check = value("about-node-check", "DIFFERS from the SHA-256 recorded when the package was built ("
                            + n.manifest().sha256() + "): the bundled node was changed after packaging");
                    check.getStyleClass().add(Styles.DANGER);
                }
                grid.addRow(row++, key(""), check);
                boolean fromBinary = n.manifest().source().equals(org.bitcoinfx.node.BundledNodeManifest.SOURCE_BINARY);
                grid.addRow(row++, key("From"), value("about-node-source", fromBinary
                        ? "A bitcoin-node binary supplied by the packager"
                        : n.manifest().source() + ", checked against its SHA256SUMS when packaged"));
                if (!fromBinary) {
                    grid.addRow(row++, key("Tarball SHA-256"), value("about-node-source-sha256", n.manifest().sourceSha256()));
                }
                grid.addRow(row++, key("Path"), value("about-node-path", n.path().toString()));
            }
            default -> throw new IllegalStateException("unknown status " + n.status());
        }
        grid.addRow(row++, key("Data directory"), value("about-datadir", info.dataDir() == null ? "the node's default" : info.dataDir().toString()));
        grid.addRow(row++, key("Settings"), value("about-settings", String.valueOf(info.settingsFile())));
        grid.addRow(row++, key("Runtime"), value("about-runtime", info.runtime()));

        getChildren().addAll(head, warn, noNetwork, grid);
    }

    private static Node logo() {
        var url = AboutView.class.getResource("/org/bitcoinfx/gui/icons/bitcoinfx-64.png");
        if (url == null) {
            FontIcon hex = new FontIcon(Feather.HEXAGON);
            hex.getStyleClass().add("brand-logo");
            return hex;
        }
        ImageView v = new ImageView(new Image(url.toExternalForm(), 56, 56, true, true));
        v.setId("about-logo");
        return v;
    }

    private static Label wrap(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrap instead of eliding with "…"
        return l;
    }

    private static Label key(String s) {
        Label l = new Label(s);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        return l;
    }

    private static Label value(String id, String s) {
        Label l = wrap(s);
        l.setId(id);
        return l;
    }

    /** A read-only field, so that the hash can be selected and copied. */
    private static TextField copyable(String id, String s) {
        TextField f = new TextField(s);
        f.setId(id);
        f.setEditable(false);
        f.getStyleClass().add("monospace");
        f.setPrefColumnCount(64);
        f.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return f;
    }
}

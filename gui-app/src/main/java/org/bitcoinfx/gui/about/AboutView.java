package org.bitcoinfx.gui.about;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.image.ImageView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
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

    /** Space around the content, as the pages have (px). */
    static final double PADDING = 24;

    /** @param info what to show (from {@link AboutInfo#collect}) */
    public AboutView(AboutInfo info) {
        super(16);
        getStyleClass().add("about-view");
        setPadding(new Insets(PADDING));
        setPrefWidth(820);
        setMinWidth(820);

        Label title = new Label("Bitcoin FX (experimental)");
        title.getStyleClass().add(Styles.TITLE_3);
        Label version = new Label("Version " + info.appVersion());
        version.setId("about-version");
        version.getStyleClass().add(Styles.TEXT_MUTED);
        Node logo = logo();
        HBox head = new HBox(14, logo, new VBox(2, title, version));
        head.setAlignment(Pos.CENTER_LEFT);

        Label notice = wrap(NOTICE);
        notice.setId("about-notice");
        HBox warn = new HBox(10, new FontIcon(Feather.ALERT_TRIANGLE), notice);
        warn.getStyleClass().add("notice-warning");
        warn.setPadding(new Insets(10, 12, 10, 12));
        HBox.setHgrow(notice, Priority.ALWAYS);
        Label noNetwork = wrap(NO_NETWORK);
        noNetwork.setId("about-no-network");

        GridPane node = grid();
        int row = 0;
        AboutInfo.BundledNode n = info.bundledNode();
        switch (n.status()) {
            case NOT_PACKAGED -> node.addRow(row++, key("Bundled node"), value("about-node-version",
                    "None: not running from a package (the node comes from BITCOIN_NODE, PATH or Settings)"));
            case MISSING, UNREADABLE -> {
                node.addRow(row++, key("Bundled node"), value("about-node-version", "Cannot be checked"));
                Label why = value("about-node-check", n.detail());
                why.getStyleClass().add(Styles.DANGER);
                node.addRow(row++, key(""), why);
            }
            case MATCHES, DIFFERS -> {
                node.addRow(row++, key("Version"), value("about-node-version", n.manifest().versionLine()));
                node.addRow(row++, key("SHA-256"), copyable("about-node-sha256", n.actualSha256()));
                Label check;
                if (n.status() == AboutInfo.Status.MATCHES) {
                    check = value("about-node-check", "Matches the SHA-256 recorded when the package was built");
                    check.setGraphic(new FontIcon(Feather.CHECK_CIRCLE));
                    check.getStyleClass().add(Styles.SUCCESS);
                } else {
                    check = value("about-node-check", "DIFFERS from the SHA-256 recorded when the package was built ("
                            + n.manifest().sha256() + "): the bundled node was changed after packaging");
                    check.setGraphic(new FontIcon(Feather.X_CIRCLE));
                    check.getStyleClass().add(Styles.DANGER);
                }
                node.addRow(row++, key(""), check);
                boolean fromBinary = n.manifest().source().equals(org.bitcoinfx.node.BundledNodeManifest.SOURCE_BINARY);
                node.addRow(row++, key("From"), value("about-node-source", fromBinary
                        ? "A bitcoin-node binary supplied by the packager"
                        : n.manifest().source() + ", checked against its SHA256SUMS when packaged"));
                if (!fromBinary) {
                    node.addRow(row++, key("Tarball SHA-256"), copyable("about-node-source-sha256", n.manifest().sourceSha256()));
                }
                node.addRow(row++, key("Path"), path("about-node-path", n.path().toString()));
            }
            default -> throw new IllegalStateException("unknown status " + n.status());
        }
        GridPane app = grid();
        row = 0;
        app.addRow(row++, key("Data directory"), info.dataDir() == null
                ? value("about-datadir", "the node's default") : path("about-datadir", info.dataDir().toString()));
        app.addRow(row++, key("Settings"), path("about-settings", String.valueOf(info.settingsFile())));
        app.addRow(row++, key("Runtime"), value("about-runtime", info.runtime()));

        getChildren().addAll(head, warn, noNetwork, card("Bundled node", Feather.SERVER, node), card("This app", Feather.MONITOR, app));
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(8);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE); // labels never cut
        keys.setPrefWidth(120);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        grid.getColumnConstraints().addAll(keys, values);
        return grid;
    }

    /** A titled card, as on the Status page. */
    private static VBox card(String title, Feather icon, Node content) {
        Label t = new Label(title.toUpperCase(java.util.Locale.ROOT), new FontIcon(icon));
        t.getStyleClass().add("card-title");
        VBox box = new VBox(10, t, content);
        box.getStyleClass().add("card");
        box.setPadding(new Insets(16));
        return box;
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
        l.setMinHeight(Region.USE_PREF_SIZE); // wrap instead of eliding with "…"
        return l;
    }

    private static Label key(String s) {
        Label l = new Label(s);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setMinWidth(Region.USE_PREF_SIZE);
        GridPane.setValignment(l, VPos.TOP);
        return l;
    }

    private static Label value(String id, String s) {
        Label l = wrap(s);
        l.setId(id);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    /** A path on one line: elided in the middle when too long (the file name stays), the whole path in a tooltip. */
    private static Label path(String id, String s) {
        Label l = new Label(s);
        l.setId(id);
        l.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        l.setMinWidth(0);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setTooltip(new Tooltip(s));
        return l;
    }

    /** A hash in a read-only field (selectable) with a copy button that puts it on the clipboard. */
    private static HBox copyable(String id, String s) {
        TextField f = new TextField(s);
        f.setId(id);
        f.setEditable(false);
        f.getStyleClass().add("monospace");
        f.setPrefColumnCount(64);
        f.setMinWidth(Region.USE_PREF_SIZE);
        Button copy = new Button(null, new FontIcon(Feather.COPY));
        copy.setId(id + "-copy");
        copy.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        copy.setTooltip(new Tooltip("Copy"));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(s);
            Clipboard.getSystemClipboard().setContent(c);
        });
        HBox box = new HBox(4, f, copy);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }
}

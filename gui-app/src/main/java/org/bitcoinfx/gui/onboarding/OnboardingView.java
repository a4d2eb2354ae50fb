package org.bitcoinfx.gui.onboarding;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.bitcoinfx.gui.settings.PruneTargetSpinner;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.snapshot.SnapshotMetadata;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.node.Chain;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * First-run onboarding: welcome with the experimental notice, chain, data directory and storage
 * (free space checked against the chain's estimate), an optional UTXO snapshot to start from (AssumeUTXO:
 * loaded once the node's headers reach its block, {@link org.bitcoinfx.gui.snapshot.SnapshotViewModel#loadWhenHeadersArrive}),
 * node binary. Writes into the settings.
 */
public final class OnboardingView extends StackPane {
    private final AppContext ctx;
    private final Settings s;
    private final Runnable onFinish;
    private final StackPane stepPane = new StackPane();
    private final Label stepLabel = new Label();
    private final Button back = new Button("Back");
    private final Button next = new Button("Next");
    private final List<Node> steps;
    private int step;

    private final Label spaceLabel = new Label();
    private final Label nodeLabel = new Label();
    private final Label snapshotLabel = new Label();
    /** The snapshot chosen to start from, or null. */
    private Path snapshotFile;
    /** Its header as the app reads it, or null (not read, or not a snapshot). */
    private SnapshotMetadata snapshotMetadata;
    private String snapshotProblem = "";

    /** @param ctx the app; @param onFinish run when the user finishes (settings filled in) */
    public OnboardingView(AppContext ctx, Runnable onFinish) {
        this.ctx = ctx;
        this.s = ctx.settings();
        this.onFinish = onFinish;
        setId("onboarding");
        getStyleClass().add("onboarding");
        steps = List.of(welcome(), chain(), storage(), snapshot(), node());

        back.setId("onboarding-back");
        back.setOnAction(e -> go(step - 1));
        next.setId("onboarding-next");
        next.getStyleClass().add(Styles.ACCENT);
        next.setDefaultButton(true);
        next.setOnAction(e -> {
            if (step == steps.size() - 1) {
                if (snapshotFile != null) {
                    ctx.snapshots().loadWhenHeadersArrive(snapshotFile);
                }
                onFinish.run();
            } else {
                go(step + 1);
            }
        });
        stepLabel.getStyleClass().add(Styles.TEXT_MUTED);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox buttons = new HBox(8, stepLabel, grow, back, next);
        buttons.setAlignment(Pos.CENTER_LEFT);

        VBox card = new VBox(20, stepPane, buttons);
        card.getStyleClass().add("onboarding-card");
        card.setMaxSize(640, 520);
        card.setPadding(new Insets(32));
        VBox.setVgrow(stepPane, Priority.ALWAYS);
        stepPane.setAlignment(Pos.TOP_LEFT);
        getChildren().add(card);
        go(0);
    }

    private void go(int i) {
        step = Math.max(0, Math.min(steps.size() - 1, i));
        stepPane.getChildren().setAll(steps.get(step));
        back.setDisable(step == 0);
        next.setText(step == steps.size() - 1 ? "Start Bitcoin FX" : step == 0 ? "Get started" : "Next");
        next.setId(step == steps.size() - 1 ? "onboarding-finish" : "onboarding-next");
        stepLabel.setText("Step " + (step + 1) + " of " + steps.size());
        if (step == 2) {
            checkSpace();
        }
        if (step == 3) {
            showSnapshot();
        }
        if (step == 4) {
            findNode();
        }
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TITLE_2);
        l.setWrapText(true);
        return l;
    }

    private static Label text(String t) {
        Label l = new Label(t);
        l.setWrapText(true);
        return l;
    }

    private Node welcome() {
        FontIcon logo = new FontIcon(Feather.HEXAGON);
        logo.getStyleClass().add("onboarding-logo");
        Label notice = text("Bitcoin FX is experimental. It has had far less review than Bitcoin Core releases: "
                + "do not use it with funds you cannot lose on mainnet.");
        notice.setId("experimental-notice");
        HBox warn = new HBox(10, new FontIcon(Feather.ALERT_TRIANGLE), notice);
        warn.getStyleClass().add("notice-warning");
        warn.setPadding(new Insets(12));
        return new VBox(16, logo, title("Welcome to Bitcoin FX"),
                text("Bitcoin FX runs its own Bitcoin Core node (bitcoin-node) and shows it to you live, "
                        + "talking to it only over its IPC socket. It downloads and verifies the whole block chain itself."),
                warn);
    }

    private Node chain() {
        ToggleGroup g = new ToggleGroup();
        VBox box = new VBox(12, title("Choose a network"),
                text("Mainnet is the real Bitcoin network. The test networks use coins without value."));
        for (Chain c : Chain.APP_CHAINS) {
            RadioButton rb = new RadioButton(c.displayName());
            rb.setId("chain-" + c.cliName());
            rb.setToggleGroup(g);
            rb.setUserData(c);
            rb.setSelected(s.chainProperty().get() == c);
            Label hint = new Label(switch (c) {
                case MAIN -> "The Bitcoin network. About " + c.fullNodeGb() + " GB for a full node.";
                case TESTNET4 -> "Public test network (BIP94). About " + c.fullNodeGb() + " GB.";
                case SIGNET -> "Public test network with signed blocks. About " + c.fullNodeGb() + " GB.";
                case REGTEST -> "A private chain on this computer, for development. About " + c.fullNodeGb() + " GB.";
                case TEST -> "The old public test network (testnet3). About " + c.fullNodeGb() + " GB."; // not in APP_CHAINS
            });
            hint.getStyleClass().add(Styles.TEXT_MUTED);
            hint.setPadding(new Insets(0, 0, 0, 27));
            VBox opt = new VBox(2, rb, hint);
            opt.setPadding(new Insets(0, 0, 0, 4));
            box.getChildren().add(opt);
        }
        g.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                Chain c = (Chain) b.getUserData();
                s.chainProperty().set(c);
                // mainnet defaults to pruned 2 GB; small chains fit in full
                s.pruneProperty().set(c == Chain.MAIN);
            }
        });
        return box;
    }

    private Node storage() {
        TextField dir = new TextField();
        dir.setId("datadir-field");
        dir.textProperty().bindBidirectional(s.dataDirProperty(), new javafx.util.StringConverter<>() {
            @Override
            public String toString(Path p) {
                return p == null ? "" : p.toString();
            }

            @Override
            public Path fromString(String t) {
                return t == null || t.isBlank() ? Settings.defaultDataDir() : Path.of(t.trim());
            }
        });
        HBox.setHgrow(dir, Priority.ALWAYS);
        Button choose = new Button("Choose…", new FontIcon(Feather.FOLDER));
        choose.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Data directory");
            var f = dc.showDialog(getScene().getWindow());
            if (f != null) {
                s.dataDirProperty().set(f.toPath());
            }
        });
        RadioButton full = new RadioButton("Full node: keep all blocks");
        full.setId("storage-full");
        RadioButton pruned = new RadioButton("Pruned: keep only recent blocks");
        pruned.setId("storage-pruned");
        ToggleGroup g = new ToggleGroup();
        full.setToggleGroup(g);
        pruned.setToggleGroup(g);
        (s.pruneProperty().get() ? pruned : full).setSelected(true);
        g.selectedToggleProperty().addListener((o, a, b) -> s.pruneProperty().set(b == pruned));
        s.pruneProperty().addListener((o, a, b) -> (b ? pruned : full).setSelected(true));
        Spinner<Double> gb = PruneTargetSpinner.create(s.pruneGbProperty());
        gb.setId("storage-prune-gb");
        gb.disableProperty().bind(s.pruneProperty().not());
        // the target on a line of its own, under the choice's text: on one line with it, the card's width cut the
        // words short ("up…", "(-prune=1907 M…")
        Label upTo = new Label("up to");
        upTo.disableProperty().bind(gb.disableProperty());
        Label unit = PruneTargetSpinner.unitLabel(s.pruneGbProperty());
        unit.disableProperty().bind(gb.disableProperty());
        HBox pruneTarget = new HBox(8, upTo, gb, unit);
        pruneTarget.setAlignment(Pos.CENTER_LEFT);
        pruneTarget.setPadding(new Insets(0, 0, 0, 24));
        VBox pruneRow = new VBox(6, pruned, pruneTarget);
        spaceLabel.setId("space-check");
        spaceLabel.setWrapText(true);
        s.dataDirProperty().addListener((o, a, b) -> checkSpace());
        s.pruneProperty().addListener((o, a, b) -> checkSpace());
        s.pruneGbProperty().addListener((o, a, b) -> checkSpace());
        return new VBox(12, title("Where to keep the block chain"),
                text("Bitcoin FX stores blocks and the chainstate in the data directory."),
                new HBox(8, dir, choose), full, pruneRow, spaceLabel);
    }

    private void checkSpace() {
        Chain c = s.chainProperty().get();
        double needGb = c.estimateGb(s.pruneProperty().get(), s.pruneGbProperty().get());
        Path dir = s.dataDirProperty().get();
        spaceLabel.setText("Checking free space…");
        Fx.deliver(CompletableFuture.supplyAsync(() -> {
            try {
                return DiskSpace.usableBytes(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), free -> {
            String needText = "about " + Units.bytes((long) (needGb * 1e9)) + " on " + c.displayName();
            if (free >= needGb * 1e9) {
                spaceLabel.setText("✓ " + Units.bytes(free) + " free; needs " + needText + ".");
                spaceLabel.getStyleClass().setAll("label", Styles.SUCCESS);
            } else {
                spaceLabel.setText("⚠ Only " + Units.bytes(free) + " free; needs " + needText
                        + ". Choose another directory or prune.");
                spaceLabel.getStyleClass().setAll("label", Styles.DANGER);
            }
        }, e -> {
            spaceLabel.setText("Cannot check free space: " + Fx.message(e));
            spaceLabel.getStyleClass().setAll("label", Styles.WARNING);
        });
    }

    private Node snapshot() {
        snapshotLabel.setId("onboarding-snapshot-file");
        snapshotLabel.setWrapText(true);
        Button choose = new Button("Choose a snapshot file…", new FontIcon(Feather.FAST_FORWARD));
        choose.setId("onboarding-snapshot-choose");
        choose.setOnAction(e -> {
            javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
            fc.setTitle("Choose a UTXO snapshot");
            fc.getExtensionFilters().addAll(new javafx.stage.FileChooser.ExtensionFilter("UTXO snapshots (*.dat)", "*.dat"),
                    new javafx.stage.FileChooser.ExtensionFilter("All files", "*"));
            var f = fc.showOpenDialog(getScene().getWindow());
            if (f != null) {
                chooseSnapshot(f.toPath());
            }
        });
        Button none = new Button("No snapshot");
        none.setId("onboarding-snapshot-none");
        none.setOnAction(e -> chooseSnapshot(null));
        showSnapshot();
        return new VBox(12, title("Start faster from a snapshot (optional)"),
                text("With AssumeUTXO the node loads a snapshot of the coins (UTXO set) at a recent block — made with "
                        + "dumptxoutset — and is usable at the tip within minutes. It still downloads and verifies every block "
                        + "before the snapshot in the background, and then checks the snapshot against the hash built into "
                        + "Bitcoin Core: it accepts only snapshots Bitcoin Core knows."),
                text("It loads once the node's block headers reach the snapshot's block. You can also load one later in Settings."),
                new HBox(8, choose, none), snapshotLabel);
    }

    /**
     * Sets (or, with null, clears) the snapshot to start from — what the step's file chooser does — and reads its
     * header off the JavaFX thread, to say what it is. A file the app cannot read as a snapshot is kept: the node will
     * say what is wrong with it. Finishing onboarding hands it to {@link org.bitcoinfx.gui.snapshot.SnapshotViewModel#loadWhenHeadersArrive}.
     */
    public void chooseSnapshot(Path f) {
        snapshotFile = f;
        snapshotMetadata = null;
        snapshotProblem = "";
        showSnapshot();
        if (f == null) {
            return;
        }
        Fx.deliver(CompletableFuture.supplyAsync(() -> {
            try {
                return SnapshotMetadata.read(f);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), m -> {
            if (f.equals(snapshotFile)) {
                snapshotMetadata = m;
                showSnapshot();
            }
        }, e -> {
            if (f.equals(snapshotFile)) {
                snapshotProblem = Fx.message(e);
                showSnapshot();
            }
        });
    }

    private void showSnapshot() {
        if (snapshotFile == null) {
            snapshotLabel.setText("No snapshot: the node verifies the chain from its first block.");
            snapshotLabel.getStyleClass().setAll("label", Styles.TEXT_MUTED);
            return;
        }
        String name = snapshotFile.getFileName() == null ? snapshotFile.toString() : snapshotFile.getFileName().toString();
        if (!snapshotProblem.isEmpty()) {
            snapshotLabel.setText("⚠ " + name + ": " + snapshotProblem + ". The node will say whether it can load it.");
            snapshotLabel.getStyleClass().setAll("label", Styles.WARNING);
            return;
        }
        if (snapshotMetadata == null) {
            snapshotLabel.setText(name);
            snapshotLabel.getStyleClass().setAll("label");
            return;
        }
        String made = snapshotMetadata.network().orElse("an unknown network");
        String chosen = s.chainProperty().get().cliName();
        String what = String.format("%s: the coins at block %s, %s coins, made on %s.", name, Units.shortHash(snapshotMetadata.baseBlockHash()),
                Units.number(snapshotMetadata.coins()), made);
        if (!made.equals(chosen)) {
            snapshotLabel.setText("⚠ " + what + " You chose " + s.chainProperty().get().displayName() + ": the node will refuse it.");
            snapshotLabel.getStyleClass().setAll("label", Styles.WARNING);
        } else {
            snapshotLabel.setText("✓ " + what + " It loads once the headers reach that block.");
            snapshotLabel.getStyleClass().setAll("label", Styles.SUCCESS);
        }
    }

    /** @return the snapshot chosen to start from, or null */
    public Path snapshotFile() {
        return snapshotFile;
    }

    private Node node() {
        nodeLabel.setId("node-binary");
        nodeLabel.setWrapText(true);
        Button choose = new Button("Choose bitcoin-node…", new FontIcon(Feather.FOLDER));
        choose.setId("onboarding-choose-node");
        choose.setOnAction(e -> {
            if (ctx.chooseNodeBinary() != null) {
                findNode();
            }
        });
        return new VBox(12, title("Bitcoin Core node"),
                text("Bitcoin FX runs bitcoin-node from Bitcoin Core v32 or newer (or a v31.99 master build), built with IPC support."),
                nodeLabel, choose);
    }

    private void findNode() {
        Path configured = s.nodeBinaryProperty().get();
        nodeLabel.setText("Looking for bitcoin-node…");
        Fx.deliver(CompletableFuture.supplyAsync(() -> {
            var b = ctx.session().backend();
            return new Search(b.findNodeBinary(configured), b.notFoundReason());
        }), found -> {
            if (found.path().isPresent()) {
                nodeLabel.setText("✓ Found " + found.path().get());
                nodeLabel.getStyleClass().setAll("label", Styles.SUCCESS);
            } else {
                StringBuilder text = new StringBuilder("No bitcoin-node found. Choose one, or start now and choose it later.");
                boolean places = false;
                for (String line : found.reason().split("\n")) {
                    if (line.equals("Places tried:")) {
                        places = true;
                        text.append("\nPlaces tried:");
                    } else if (places) {
                        text.append("\n  • ").append(line);
                    }
                }
                nodeLabel.setText(text.toString());
                nodeLabel.getStyleClass().setAll("label", Styles.WARNING);
            }
        }, e -> {
            nodeLabel.setText("Cannot look for bitcoin-node: " + Fx.message(e));
            nodeLabel.getStyleClass().setAll("label", Styles.DANGER);
        });
    }

    /** The outcome of a search for bitcoin-node: the binary, or why none was usable. */
    private record Search(java.util.Optional<Path> path, String reason) {
    }
}

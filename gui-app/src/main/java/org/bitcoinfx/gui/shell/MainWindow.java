package org.bitcoinfx.gui.shell;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.node.NodeResponsiveness;
import org.bitcoinfx.gui.node.NodeStatus;
import org.bitcoinfx.gui.settings.Theme;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeState;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The main window's content: sidebar of pages, header with chain badge and theme switch, problem banner. */
public final class MainWindow extends BorderPane {
    private final StackPane content = new StackPane();
    private final Label pageTitle = new Label();
    private final ToggleGroup nav = new ToggleGroup();
    private final List<Page> pages;
    private Page current;

    /**
     * @param ctx    the app
     * @param pages  the sidebar's pages, in order
     * @param banner the node problem banner
     * @param extraSidebar nodes added at the sidebar's foot (e.g. Send feedback)
     */
    public MainWindow(AppContext ctx, List<Page> pages, ProblemBanner banner, List<Node> extraSidebar) {
        this.pages = pages;
        getStyleClass().add("main-window");

        Label brand = new Label("Bitcoin FX");
        brand.getStyleClass().addAll(Styles.TITLE_3, "brand");
        FontIcon logo = new FontIcon(Feather.HEXAGON);
        logo.getStyleClass().add("brand-logo");
        HBox brandBox = new HBox(8, logo, brand);
        brandBox.setAlignment(Pos.CENTER_LEFT);
        brandBox.setPadding(new Insets(4, 8, 16, 8));
        Label experimental = new Label("EXPERIMENTAL");
        experimental.getStyleClass().add("experimental-tag");

        VBox sidebar = new VBox(4);
        sidebar.getStyleClass().add("sidebar");
        sidebar.getChildren().addAll(brandBox);
        for (Page p : pages) {
            ToggleButton b = new ToggleButton(p.title(), new FontIcon(p.icon()));
            b.setId("nav-" + p.title().toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
            b.setToggleGroup(nav);
            b.setUserData(p);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.getStyleClass().add("nav-button");
            sidebar.getChildren().add(b);
        }
        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        sidebar.getChildren().add(grow);
        sidebar.getChildren().addAll(extraSidebar);
        sidebar.getChildren().add(experimental);
        nav.selectedToggleProperty().addListener((o, old, sel) -> {
            if (sel == null) {
                old.setSelected(true); // always one page
                return;
            }
            show((Page) sel.getUserData());
        });

        pageTitle.getStyleClass().add(Styles.TITLE_2);
        pageTitle.setId("page-title");
        Label chainBadge = new Label();
        chainBadge.setId("chain-badge");
        Runnable updateBadge = () -> {
            Chain c = ctx.settings().chainProperty().get();
            chainBadge.setText(c.displayName().toUpperCase(java.util.Locale.ROOT));
            chainBadge.getStyleClass().setAll("label", "chain-badge", "chain-" + c.cliName());
            chainBadge.setVisible(c.isTest());
            chainBadge.setManaged(c.isTest());
        };
        ctx.settings().chainProperty().addListener((o, a, b) -> updateBadge.run());
        updateBadge.run();

        Label nodeState = new Label();
        nodeState.setId("node-state");
        nodeState.getStyleClass().add("node-state");
        NodeResponsiveness responsiveness = new NodeResponsiveness(ctx.session());
        Runnable updateState = () -> {
            NodeStatus s = ctx.session().statusProperty().get();
            boolean hung = s.state() == NodeState.READY && !responsiveness.respondingProperty().get();
            nodeState.setText(hung ? "● Node not responding" : stateText(s.state()));
            nodeState.getStyleClass().setAll("label", "node-state",
                    hung ? "node-state-not-responding" : "node-state-" + s.state().name().toLowerCase(java.util.Locale.ROOT));
            nodeState.setTooltip(hung ? new Tooltip("bitcoin-node has not answered for " + NodeResponsiveness.deadline().toSeconds()
                    + " s; it may be stopped or stuck. Calls wait until it answers.") : null);
            banner.show(s);
        };
        ctx.session().statusProperty().addListener((o, a, b) -> updateState.run());
        responsiveness.respondingProperty().addListener((o, a, b) -> updateState.run());
        updateState.run();

        Button theme = new Button();
        theme.setId("theme-toggle");
        theme.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        Runnable updateTheme = () -> {
            boolean dark = ctx.settings().themeProperty().get() == Theme.DARK;
            theme.setGraphic(new FontIcon(dark ? Feather.SUN : Feather.MOON));
            theme.setTooltip(new Tooltip(dark ? "Light theme" : "Dark theme"));
        };
        theme.setOnAction(e -> {
            Theme t = ctx.settings().themeProperty().get() == Theme.DARK ? Theme.LIGHT : Theme.DARK;
            ctx.settings().themeProperty().set(t);
            ctx.saveSettings();
        });
        ctx.settings().themeProperty().addListener((o, a, b) -> updateTheme.run());
        updateTheme.run();

        Region hgrow = new Region();
        HBox.setHgrow(hgrow, Priority.ALWAYS);
        HBox header = new HBox(12, pageTitle, chainBadge, hgrow, nodeState, theme);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("page-header");

        content.getStyleClass().add("page-content");
        VBox.setVgrow(content, Priority.ALWAYS);
        VBox center = new VBox(banner, header, content);
        setLeft(sidebar);
        setCenter(center);
        if (!pages.isEmpty()) {
            nav.getToggles().get(0).setSelected(true);
        }
        // Ctrl+1 … Ctrl+9 (Cmd on macOS) switch pages
        sceneProperty().addListener((o, old, scene) -> {
            if (scene == null) {
                return;
            }
            for (int i = 0; i < Math.min(9, nav.getToggles().size()); i++) {
                var toggle = nav.getToggles().get(i);
                scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(
                        javafx.scene.input.KeyCode.getKeyCode(String.valueOf(i + 1)),
                        javafx.scene.input.KeyCombination.SHORTCUT_DOWN), () -> toggle.setSelected(true));
            }
        });
        for (int i = 0; i < nav.getToggles().size(); i++) {
            if (i < 9) {
                String keys = new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.getKeyCode(String.valueOf(i + 1)),
                        javafx.scene.input.KeyCombination.SHORTCUT_DOWN).getDisplayText();
                ((ToggleButton) nav.getToggles().get(i)).setTooltip(new Tooltip(keys));
            }
        }
    }

    /** Shows the page with this title (as in the sidebar). */
    public void showPage(String title) {
        nav.getToggles().stream().filter(t -> ((Page) t.getUserData()).title().equals(title)).findFirst()
                .ifPresent(t -> t.setSelected(true));
    }

    /** @return the page shown now */
    public Page currentPage() {
        return current;
    }

    private void show(Page p) {
        if (current != null) {
            current.setShowing(false);
        }
        current = p;
        pageTitle.setText(p.title());
        content.getChildren().setAll(p.view());
        p.setShowing(true);
    }

    /** @return the pages */
    public List<Page> pages() {
        return pages;
    }

    private static String stateText(NodeState s) {
        return switch (s) {
            case STOPPED -> "● Node stopped";
            case STARTING -> "● Node starting";
            case CONNECTING -> "● Connecting";
            case READY -> "● Connected";
            case STOPPING -> "● Stopping";
            case CRASHED -> "● Node crashed";
            case ERROR -> "● Node not running";
        };
    }
}

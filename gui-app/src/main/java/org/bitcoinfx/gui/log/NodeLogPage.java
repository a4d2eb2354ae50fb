package org.bitcoinfx.gui.log;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.gui.util.Units;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Node log page: the tail of bitcoin-node's log with search, a level and a category filter (read from each line's
 * {@code [category:level]} prefix, {@link NodeLogLine}), and the node's debug categories switched on and off at run time
 * through the {@code logging} RPC ({@link NodeLogViewModel}); follows new lines unless paused.
 */
public final class NodeLogPage implements Page {
    /** The level filter's choices: the least level shown. */
    static final List<String> LEVEL_CHOICES = List.of("All levels", "Debug and above", "Info and above", "Warnings and errors", "Errors");
    /** The category filter's "show all" choice; then {@link #NO_CATEGORY}, then each category seen. */
    public static final String ALL_CATEGORIES = "All categories";
    /** The category filter's choice for lines without a category. */
    public static final String NO_CATEGORY = "No category";

    private final AppContext ctx;
    private final NodeLogViewModel vm = new NodeLogViewModel();
    private final javafx.beans.value.ChangeListener<org.bitcoinfx.gui.node.ConnectionScope> scopeListener = (o, a, sc) -> vm.setScope(sc);
    private final Node view;

    /** @param ctx the app */
    public NodeLogPage(AppContext ctx) {
        this.ctx = ctx;
        ctx.session().scopeProperty().addListener(scopeListener);
        vm.setScope(ctx.session().scopeProperty().get());
        view = build();
    }

    /** @return the debug categories' model */
    public NodeLogViewModel viewModel() {
        return vm;
    }

    @Override
    public void dispose() {
        ctx.session().scopeProperty().removeListener(scopeListener);
    }

    @Override
    public String title() {
        return "Node log";
    }

    @Override
    public Ikon icon() {
        return Feather.FILE_TEXT;
    }

    @Override
    public Node view() {
        return view;
    }

    private Node build() {
        FilteredList<String> lines = new FilteredList<>(ctx.session().log());
        ListView<String> list = new ListView<>(lines);
        list.setId("node-log");
        list.getStyleClass().addAll("log-view", Styles.DENSE);
        list.setPlaceholder(new Label("No log lines yet."));
        TextField search = new TextField();
        search.setId("log-search");
        search.setPromptText("Search the log");
        search.setPrefWidth(280);
        list.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                getStyleClass().removeAll("log-error", "log-warning");
                if (!empty && item != null) {
                    String l = item.toLowerCase(Locale.ROOT);
                    if (l.contains("error") || l.contains("fatal")) {
                        getStyleClass().add("log-error");
                    } else if (l.contains("warning")) {
                        getStyleClass().add("log-warning");
                    }
                }
            }
        });
        CheckBox follow = new CheckBox("Follow");
        follow.setSelected(true);
        Label count = new Label();
        count.getStyleClass().add(Styles.TEXT_MUTED);
        Runnable updateCount = () -> count.setText(Units.number(lines.size()) + " of " + Units.number(ctx.session().log().size()) + " lines");
        ComboBox<String> level = new ComboBox<>(FXCollections.observableArrayList(LEVEL_CHOICES));
        level.setId("log-level");
        level.getSelectionModel().select(0);
        ComboBox<String> category = new ComboBox<>(FXCollections.observableArrayList(ALL_CATEGORIES, NO_CATEGORY));
        category.setId("log-category");
        category.getSelectionModel().select(0);
        level.setMinWidth(Region.USE_PREF_SIZE);
        category.setMinWidth(150);
        // the categories offered: those the node names, and any seen in a line
        java.util.SortedSet<String> known = new java.util.TreeSet<>();
        Runnable offer = () -> {
            List<String> items = new java.util.ArrayList<>(List.of(ALL_CATEGORIES, NO_CATEGORY));
            items.addAll(known);
            if (!category.getItems().equals(items)) {
                String sel = category.getValue();
                category.getItems().setAll(items);
                category.setValue(sel);
            }
        };
        java.util.function.Consumer<List<? extends String>> see = ls -> {
            boolean more = false;
            for (String l : ls) {
                String c = NodeLogLine.parse(l).category();
                more |= !c.isEmpty() && known.add(c);
            }
            if (more) {
                offer.run();
            }
        };
        see.accept(ctx.session().log());
        ctx.session().log().addListener((ListChangeListener<String>) c -> {
            while (c.next()) {
                if (c.wasAdded()) {
                    see.accept(c.getAddedSubList());
                }
            }
        });
        vm.categories().addListener((javafx.collections.MapChangeListener<String, Boolean>) c -> {
            if (c.wasAdded() && known.add(c.getKey())) {
                offer.run();
            }
        });
        Runnable applyFilter = () -> {
            String q = search.getText();
            String needle = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
            int minRank = Math.max(0, LEVEL_CHOICES.indexOf(level.getValue())); // All 0 (trace) … Errors 4
            String cat = category.getValue() == null ? ALL_CATEGORIES : category.getValue();
            boolean any = needle.isEmpty() && minRank == 0 && cat.equals(ALL_CATEGORIES);
            lines.setPredicate(any ? null : l -> {
                if (!needle.isEmpty() && !l.toLowerCase(Locale.ROOT).contains(needle)) {
                    return false;
                }
                NodeLogLine p = NodeLogLine.parse(l);
                if (p.levelRank() < minRank) {
                    return false;
                }
                return cat.equals(ALL_CATEGORIES) || (cat.equals(NO_CATEGORY) ? p.category().isEmpty() : cat.equals(p.category()));
            });
            updateCount.run();
        };
        search.textProperty().addListener(o -> applyFilter.run());
        level.valueProperty().addListener(o -> applyFilter.run());
        category.valueProperty().addListener(o -> applyFilter.run());
        MenuButton debug = new MenuButton("Debug categories");
        debug.setId("log-debug-categories");
        debug.setMinWidth(Region.USE_PREF_SIZE);
        Runnable menu = () -> {
            debug.getItems().clear();
            if (vm.categories().isEmpty()) {
                MenuItem none = new MenuItem("(the node is not connected)");
                none.setDisable(true);
                debug.getItems().add(none);
            }
            vm.categories().forEach((name, on) -> {
                CheckMenuItem item = new CheckMenuItem(name);
                item.setId("log-debug-" + name);
                item.setSelected(on);
                item.setOnAction(e -> vm.setCategory(name, item.isSelected()));
                debug.getItems().add(item);
            });
            MenuItem note = new MenuItem("ipc: the IPC call lines need -debug=ipc when the node starts");
            note.setDisable(true);
            debug.getItems().addAll(new SeparatorMenuItem(), note);
        };
        vm.categories().addListener((javafx.collections.MapChangeListener<String, Boolean>) c -> menu.run());
        menu.run();
        Label problem = new Label();
        problem.setId("log-problem");
        problem.getStyleClass().add(Styles.DANGER);
        problem.textProperty().bind(vm.problemProperty());
        problem.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        lines.addListener((ListChangeListener<String>) c -> {
            updateCount.run();
            if (follow.isSelected() && !lines.isEmpty()) {
                list.scrollTo(lines.size() - 1);
            }
        });
        updateCount.run();
        Label path = new Label();
        path.getStyleClass().add(Styles.TEXT_MUTED);
        path.setId("log-node-path");
        // on a line of its own under the filters (in their row the window's default width left "…f860f)" of it); in a
        // narrower window it gives way keeping its end, the file name and version. Follow and the count never truncate
        path.setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
        path.setMinWidth(0);
        follow.setMinWidth(Region.USE_PREF_SIZE);
        count.setMinWidth(Region.USE_PREF_SIZE);
        search.setMinWidth(120);
        javafx.scene.control.Tooltip pathTip = new javafx.scene.control.Tooltip();
        Runnable pathText = () -> {
            path.setText(ctx.session().backend().nodePath().map(Object::toString).orElse("")
                    + ctx.session().backend().nodeVersion().map(v -> " (" + v + ")").orElse(""));
            pathTip.setText(path.getText());
            path.setTooltip(path.getText().isEmpty() ? null : pathTip);
        };
        ctx.session().statusProperty().addListener(o -> pathText.run());
        pathText.run();
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(10, search, level, category, debug, follow, grow, count);
        top.setAlignment(Pos.CENTER_LEFT);
        path.managedProperty().bind(path.textProperty().isNotEmpty());
        VBox box = new VBox(10, top, path, problem, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        box.setPadding(new Insets(16, 20, 20, 20));
        return box;
    }
}

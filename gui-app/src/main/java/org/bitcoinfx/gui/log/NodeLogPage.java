package org.bitcoinfx.gui.log;

import atlantafx.base.theme.Styles;
import java.util.Locale;
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

/** The Node log page: the tail of bitcoin-node's log with search; follows new lines unless paused. */
public final class NodeLogPage implements Page {
    private final AppContext ctx;
    private final Node view;

    /** @param ctx the app */
    public NodeLogPage(AppContext ctx) {
        this.ctx = ctx;
        view = build();
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
        search.textProperty().addListener((o, a, q) -> {
            String needle = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
            lines.setPredicate(needle.isEmpty() ? null : l -> l.toLowerCase(Locale.ROOT).contains(needle));
            updateCount.run();
        });
        lines.addListener((ListChangeListener<String>) c -> {
            updateCount.run();
            if (follow.isSelected() && !lines.isEmpty()) {
                list.scrollTo(lines.size() - 1);
            }
        });
        updateCount.run();
        Label path = new Label();
        path.getStyleClass().add(Styles.TEXT_MUTED);
        // the path gives way first (keeping its end, the file name); Follow and the count never truncate
        path.setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
        path.setMinWidth(0);
        follow.setMinWidth(Region.USE_PREF_SIZE);
        count.setMinWidth(Region.USE_PREF_SIZE);
        search.setMinWidth(160);
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
        HBox top = new HBox(10, search, follow, grow, path, count);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(10, top, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        box.setPadding(new Insets(16, 20, 20, 20));
        return box;
    }
}

package org.bitcoinfx.gui.wallet;

import atlantafx.base.theme.Styles;
import java.io.File;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.bitcoinfx.gui.util.Tables;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Wallet page's "Addresses" tab: the address book (label, address, yours or a contact), searchable; a label is
 * edited in place (Enter saves, an empty label takes the address out of the book); a contact is added with an
 * address and a name; labels are exported and imported as BIP 329 JSON lines.
 */
final class AddressBookView extends VBox {
    AddressBookView(AddressBookViewModel m, java.util.function.Supplier<Window> owner) {
        super(10);
        setId("wallet-addresses");
        setPadding(new Insets(14, 0, 0, 0));
        TextField search = new TextField();
        search.setId("book-search");
        search.setPromptText("Search labels and addresses");
        HBox.setHgrow(search, Priority.ALWAYS);
        Button export = new Button("Export labels…", new FontIcon(Feather.DOWNLOAD));
        export.setId("book-export");
        export.disableProperty().bind(m.busyProperty());
        export.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Export labels (BIP 329)");
            fc.setInitialFileName("labels.jsonl");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("BIP 329 labels", "*.jsonl", "*.json"));
            File f = fc.showSaveDialog(owner.get());
            if (f != null) {
                m.exportTo(f.toPath());
            }
        });
        Button importButton = new Button("Import labels…", new FontIcon(Feather.UPLOAD));
        importButton.setId("book-import");
        importButton.disableProperty().bind(m.busyProperty());
        importButton.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Import labels (BIP 329)");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("BIP 329 labels", "*.jsonl", "*.json", "*"));
            File f = fc.showOpenDialog(owner.get());
            if (f != null) {
                m.importFrom(f.toPath());
            }
        });
        HBox bar = new HBox(8, search, export, importButton);
        bar.setAlignment(Pos.CENTER_LEFT);

        TextField newAddress = new TextField();
        newAddress.setId("book-new-address");
        newAddress.setPromptText("a contact's address");
        newAddress.getStyleClass().add("monospace");
        HBox.setHgrow(newAddress, Priority.ALWAYS);
        TextField newLabel = new TextField();
        newLabel.setId("book-new-label");
        newLabel.setPromptText("name");
        newLabel.setPrefWidth(200);
        Button add = new Button("Add contact", new FontIcon(Feather.USER_PLUS));
        add.setId("book-add");
        add.setOnAction(e -> m.addContact(newAddress.getText(), newLabel.getText()).thenRun(() -> org.bitcoinfx.gui.util.Fx.run(() -> {
            newAddress.clear();
            newLabel.clear();
        })));
        HBox addRow = new HBox(8, newAddress, newLabel, add);
        addRow.setAlignment(Pos.CENTER_LEFT);

        Label error = Forms.error("book-error", m.errorProperty());
        Label notice = new Label();
        notice.setId("book-notice");
        notice.setWrapText(true);
        notice.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        notice.textProperty().bind(m.noticeProperty());
        notice.managedProperty().bind(notice.textProperty().isNotEmpty());
        notice.visibleProperty().bind(notice.textProperty().isNotEmpty());

        FilteredList<AddressBookEntry> shown = new FilteredList<>(m.entries());
        search.textProperty().addListener((o, a, q) -> {
            String t = q == null ? "" : q.strip().toLowerCase(java.util.Locale.ROOT);
            shown.setPredicate(t.isEmpty() ? null
                    : x -> x.label().toLowerCase(java.util.Locale.ROOT).contains(t) || x.address().toLowerCase(java.util.Locale.ROOT).contains(t));
        });
        TableView<AddressBookEntry> table = Tables.wholeHeaders(new TableView<>(shown));
        table.setId("book-table");
        table.setEditable(true);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_LAST_COLUMN);
        TableColumn<AddressBookEntry, String> label = new TableColumn<>("Label");
        label.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().label()));
        label.setCellFactory(TextFieldTableCell.forTableColumn());
        label.setOnEditCommit(ev -> m.relabel(ev.getRowValue().address(), ev.getNewValue()));
        label.setPrefWidth(220);
        label.setMaxWidth(320);
        TableColumn<AddressBookEntry, String> kind = new TableColumn<>("Kind");
        kind.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().contact() ? "Contact" : "Yours"));
        kind.setPrefWidth(90);
        kind.setEditable(false);
        TableColumn<AddressBookEntry, String> addr = new TableColumn<>("Address");
        addr.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().address()));
        addr.setEditable(false);
        addr.getStyleClass().add("monospace");
        addr.setPrefWidth(560);
        table.getColumns().add(label);
        table.getColumns().add(kind);
        table.getColumns().add(addr);
        table.setPlaceholder(new Label("No labelled addresses yet: label an address in Receive, or add a contact above."));
        VBox.setVgrow(table, Priority.ALWAYS);
        Region spacer = new Region();
        spacer.setMinHeight(0);
        getChildren().addAll(bar, addRow, error, notice, table);
    }
}

package org.bitcoinfx.gui.mining;

import org.bitcoinfx.ipc.BlockTemplate;

/**
 * A template held by the node together with what it said when fetched. Close {@link #template()}
 * (off the JavaFX thread: {@code destroy} waits for its answer) when it is replaced.
 *
 * @param template the node's BlockTemplate capability
 * @param snapshot its contents
 */
public record LiveTemplate(BlockTemplate template, TemplateSnapshot snapshot) {
}

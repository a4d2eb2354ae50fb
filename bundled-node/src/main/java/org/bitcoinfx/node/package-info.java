/**
 * Finds, launches, supervises and stops the bitcoin-node that Bitcoin FX drives over IPC.
 *
 * <pre>{@code
 * NodeBinary node = NodeLocator.system().locate(Optional.ofNullable(nodeArg));    // --node PATH
 * NodeConfig cfg = NodeConfig.of(datadir, Chain.SIGNET).withPrune(2000);
 * NodeSupervisor sup = NodeSupervisor.spawning(new NodeLauncher(node, connector), cfg);
 * // or, for --connect unix:/path/node.sock:
 * // NodeSupervisor sup = NodeSupervisor.attaching(ConnectAddress.parse(arg), connector);
 * sup.addListener(new NodeEvents() { ... });    // called on "bitcoinfx-node-events"
 * NodeClient client = sup.start();               // blocks until ready; off the FX thread
 * ...
 * sup.stop();                                    // stop RPC, then SIGTERM, then SIGKILL
 * }</pre>
 *
 * The {@link org.bitcoinfx.node.NodeConnector} is where the Cap'n Proto client of ipc-bindings is
 * plugged in. The node gets {@code -ipcbind=unix:<private 0700 dir>/node.sock -server=0}: no TCP RPC
 * port is ever opened.
 */
package org.bitcoinfx.node;

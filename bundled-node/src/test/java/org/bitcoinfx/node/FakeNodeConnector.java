package org.bitcoinfx.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bitcoinfx.ipc.NodeClient;

/** Test double of {@link NodeConnector}: opens {@link FakePythonNodeClient}s and remembers them. */
final class FakeNodeConnector implements NodeConnector {
    final List<FakePythonNodeClient> clients = new CopyOnWriteArrayList<>();
    final List<Path> sockets = new CopyOnWriteArrayList<>();

    @Override
    public NodeClient connect(Path socket) throws IOException {
        sockets.add(socket);
        FakePythonNodeClient c = new FakePythonNodeClient(socket);
        clients.add(c);
        return c;
    }
}

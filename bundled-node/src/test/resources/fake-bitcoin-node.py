# A stand-in for bitcoin-node in tests (FakeNode writes it with a shebang and MODE/VERSION lines on top).
# Speaks a line protocol instead of Cap'n Proto, understood by FakePythonNodeClient:
#   "echo TEXT" -> "TEXT";  "rpc METHOD" -> JSON reply ("stop" makes the node shut down).
# Modes: normal, exit1 (fails at startup), nosocket (never binds), ignorestop (ignores stop and SIGTERM),
#        foreign (a forked child serves the socket, so its pid is not the node's),
#        slowstop (a long flush: after stop or SIGTERM it shuts down only once <netdir>/release-shutdown exists),
#        heldbyclient (an init error after the socket was bound: Bitcoin Core's Shutdown() drops the connections open
#        then, but its socket still accepts, and the process exits only once every connection made after that is
#        closed, whatever signal it gets; here the first client connects after the drop, "Shutdown done" is logged at
#        its first request, before the answer, and the node exits with code 1 when no client is left),
#        donelate (with heldbyclient: "Shutdown done" is logged at the client's first rpc instead, after its echo).
# Several modes separated by commas combine, e.g. nosocket,slowstop.
# "init message: Done loading" is written before the socket is bound (RPC warm-up is over once it answers).
import fcntl, os, signal, socket, sys, threading, time

MODES = set(MODE.split(','))
args = sys.argv[1:]
if '-version' in args:
    print(VERSION)
    print('Copyright (C) 2009-2026 The Bitcoin Core developers')
    sys.exit(0)

opts = {}
for a in args:
    k, _, v = a.lstrip('-').partition('=')
    opts[k] = v
datadir = opts['datadir']
chain = opts.get('chain', 'main')
sub = {'main': '', 'test': 'testnet3', 'testnet4': 'testnet4', 'signet': 'signet', 'regtest': 'regtest'}[chain]
netdir = os.path.join(datadir, sub) if sub else datadir
os.makedirs(netdir, exist_ok=True)
with open(os.path.join(netdir, 'args.txt'), 'w') as f:
    f.write('\n'.join(args) + '\n')


def log(msg):
    with open(os.path.join(netdir, 'debug.log'), 'a') as f:
        f.write(time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()) + ' ' + msg + '\n')


log('Bitcoin Core version v31.99.0-fake (release build)')
print('fake bitcoin-node starting, pid %d' % os.getpid(), flush=True)
if 'exit1' in MODES:
    print('Error: Cannot obtain a lock on directory %s. Bitcoin Core is probably already running.' % netdir,
          file=sys.stderr, flush=True)
    sys.exit(1)

lockfile = open(os.path.join(netdir, '.lock'), 'a')
try:
    fcntl.lockf(lockfile, fcntl.LOCK_EX | fcntl.LOCK_NB)
except OSError:
    print('Error: Cannot obtain a lock on directory %s. Bitcoin Core is probably already running.' % netdir,
          file=sys.stderr, flush=True)
    sys.exit(1)

# A plain flag, not a threading.Event: the SIGTERM handler runs in the main thread between bytecodes, and
# Event.set() there takes the Event's lock, which the main thread may already hold inside Event.wait()
# (re-acquiring it after a timeout): the handler then waits on itself forever and the node never stops.
stopping = [False]
why = ['']


def on_term(signum, frame):
    if not stopping[0]:  # the first request is the one the node logs, as Bitcoin Core's does
        why[0] = 'SIGTERM'
    stopping[0] = True


signal.signal(signal.SIGTERM, signal.SIG_IGN if 'ignorestop' in MODES else on_term)

ipc = opts.get('ipcbind', 'unix')
sockpath = ipc[5:] if ipc.startswith('unix:') else 'node.sock'
if not os.path.isabs(sockpath):
    sockpath = os.path.join(netdir, sockpath)


def handle(conn):
    rfile = conn.makefile('r', encoding='utf-8')
    for line in rfile:
        cmd, _, arg = line.rstrip('\n').partition(' ')
        if cmd == 'echo':
            reply = arg
        elif cmd == 'rpc' and arg == 'stop':
            reply = '"Bitcoin Core stopping"'
            if 'ignorestop' not in MODES:
                if not stopping[0]:
                    why[0] = 'stop RPC'
                stopping[0] = True
        elif cmd == 'rpc' and arg == 'getblockcount':
            reply = '0'
        else:
            reply = 'null'
        conn.sendall((reply + '\n').encode('utf-8'))
    conn.close()


def listening():
    if os.path.exists(sockpath):
        os.unlink(sockpath)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # bound and listening under a temporary name, then renamed: the socket's path appears only once it
    # accepts (a client that finds it never gets "connection refused" between bind and listen)
    tmppath = os.path.join(os.path.dirname(sockpath), '.s%d' % os.getpid())
    srv.bind(tmppath)
    srv.listen(5)
    os.rename(tmppath, sockpath)
    return srv


def serve():
    srv = listening()
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


if 'heldbyclient' in MODES:
    log('init message: Loading block index…')
    log('[error] Unable to bind to 127.0.0.1:18444 on this computer. Bitcoin Core is probably already running.')
    log('Shutdown in progress...')
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # past Shutdown(): a signal changes nothing
    conns = [0, 0]  # open, ever
    cond = threading.Condition()
    done = [False]

    def shutdown_done():
        with cond:
            if not done[0]:
                done[0] = True
                log('Shutdown done')

    def held(conn):
        # a connection counts once it asks something (the test connector's peer check connects and closes first)
        counted = False
        rfile = conn.makefile('r', encoding='utf-8')
        for line in rfile:
            cmd, _, arg = line.rstrip('\n').partition(' ')
            if not counted:
                counted = True
                with cond:
                    conns[0] += 1
                    conns[1] += 1
                if 'donelate' not in MODES:
                    shutdown_done()
            if cmd == 'rpc' and 'donelate' in MODES:
                shutdown_done()
            conn.sendall(((arg if cmd == 'echo' else 'null') + '\n').encode('utf-8'))
        conn.close()
        if counted:
            with cond:
                conns[0] -= 1
                cond.notify_all()

    def accept_held():
        srv = listening()
        while True:
            conn, _ = srv.accept()
            log('ipc: IPC server: socket connected.')
            threading.Thread(target=held, args=(conn,), daemon=True).start()

    threading.Thread(target=accept_held, daemon=True).start()
    with cond:
        while conns[1] == 0 or conns[0] > 0:
            cond.wait()
    log('ipc: EventLoop::loop bye.')
    sys.exit(1)

log('init message: Loading block index…')
log('Verifying blocks…')
log('init message: Verifying blocks…')
log('init message: Done loading')
child = 0
if 'foreign' in MODES:
    child = os.fork()
    if child == 0:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        serve()
        os._exit(0)
elif 'nosocket' not in MODES:
    threading.Thread(target=serve, daemon=True).start()

while not stopping[0]:
    time.sleep(0.05)
log('Shutdown: requested by ' + why[0])
if 'slowstop' in MODES:
    log('Shutdown: flushing until release-shutdown exists')
    while not os.path.exists(os.path.join(netdir, 'release-shutdown')):
        time.sleep(0.05)
if child:
    os.kill(child, signal.SIGKILL)
if os.path.exists(sockpath):
    os.unlink(sockpath)
log('Shutdown: done')
sys.exit(0)

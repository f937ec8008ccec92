package io.jenkins.plugins.gputraining.agent.server;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One WebSocket client of a run's stream, with a bounded queue of outgoing messages. {@link #offer} never blocks and
 * never calls into Jetty: it appends to the queue, and a sender thread hands one message at a time to Jetty's
 * asynchronous send, the next one when the previous has been written. A client whose queue outgrows its limits (it
 * reads slower than the run writes) is closed with 1008 (policy violation) and a reason, and disconnected shortly
 * after if it does not even read up to the close frame: the watcher and the run never wait for it.
 */
final class StreamClient {
    /** WebSocket close code 1008: the client broke the policy (here: it fell too far behind). */
    static final int POLICY_VIOLATION = 1008;
    static final int NORMAL_CLOSURE = 1000;
    /** WebSocket close code 1013: the server is at capacity; the client may try again later. */
    static final int TRY_AGAIN_LATER = 1013;
    /** How long a dropped client has to read up to the close frame before its connection is cut. */
    static final long DISCONNECT_GRACE_MILLIS = 10_000;

    private final Session session;
    private final int maxMessages;
    private final long maxBytes;
    private final Executor sender;
    private final ScheduledExecutorService timer;
    private final Runnable onDropped;
    private final Deque<String> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean started;
    private boolean sending;
    private boolean pumpScheduled;
    private boolean closed;
    private boolean closeWhenDrained;
    private String closeReason;

    StreamClient(final Session session, final int maxMessages, final long maxBytes, final Executor sender,
                 final ScheduledExecutorService timer, final Runnable onDropped) {
        this.session = session;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.sender = sender;
        this.timer = timer;
        this.onDropped = onDropped;
    }

    /** Queues a message for this client; drops the client when it has fallen too far behind. Never blocks. */
    void offer(final String message) {
        String dropReason = null;
        synchronized (this) {
            if (closed || closeWhenDrained) {
                return;
            }
            if (queue.size() >= maxMessages || queuedBytes + message.length() > maxBytes) {
                dropReason = "client too slow: more than " + (queue.size() >= maxMessages ? maxMessages + " messages"
                        : maxBytes + " bytes") + " waiting to be sent; reconnect for a fresh snapshot";
                closed = true;
                queue.clear();
                queuedBytes = 0;
            }
            else {
                queue.addLast(message);
                queuedBytes += message.length();
                schedulePump();
            }
        }
        if (dropReason != null) {
            drop(dropReason);
        }
    }

    /**
     * Sends the snapshot ahead of everything queued since the client joined, and starts sending. Messages broadcast
     * between joining and this call wait behind the snapshot, so nothing appended after the snapshot is missed.
     */
    synchronized void start(final String snapshot) {
        if (closed) {
            return;
        }
        queue.addFirst(snapshot);
        queuedBytes += snapshot.length();
        started = true;
        schedulePump();
    }

    /** Sends what is queued, then closes normally (after the run's {@code end} message). */
    synchronized void closeWhenDrained(final String reason) {
        if (closed) {
            return;
        }
        closeWhenDrained = true;
        closeReason = reason;
        schedulePump();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** The session ended (closed by either side, or failed). */
    synchronized void closed() {
        closed = true;
        queue.clear();
        queuedBytes = 0;
    }

    /** Sends a ping (outside the queue), so idle connections stay open through proxies. */
    void ping() {
        if (!isClosed() && session.isOpen()) {
            sender.execute(() -> {
                try {
                    session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
                }
                catch (RuntimeException e) {
                    // The session is closing.
                }
            });
        }
    }

    private void drop(final String reason) {
        onDropped.run();
        sender.execute(() -> {
            try {
                session.close(POLICY_VIOLATION, reason, Callback.NOOP);
            }
            catch (RuntimeException e) {
                session.disconnect();
            }
        });
        // A client that does not read cannot read the close frame either: cut it off after a grace period.
        timer.schedule(() -> {
            if (session.isOpen()) {
                session.disconnect();
            }
        }, DISCONNECT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Holding the lock: makes sure a sender will look at the queue. */
    private void schedulePump() {
        if (started && !sending && !pumpScheduled) {
            pumpScheduled = true;
            sender.execute(this::pump);
        }
    }

    /** On a sender thread: hands messages to Jetty one at a time, without holding the lock while calling it. */
    private void pump() {
        while (true) {
            String next;
            boolean closeNow = false;
            synchronized (this) {
                if (closed || sending) {
                    pumpScheduled = false;
                    return;
                }
                next = queue.pollFirst();
                if (next == null) {
                    pumpScheduled = false;
                    if (!closeWhenDrained) {
                        return;
                    }
                    closed = true;
                    closeNow = true;
                }
                else {
                    queuedBytes -= next.length();
                    sending = true;
                }
            }
            try {
                if (closeNow) {
                    session.close(NORMAL_CLOSURE, closeReason, Callback.NOOP);
                    return;
                }
                session.sendText(next, Callback.from(this::sent, this::failed));
            }
            catch (RuntimeException e) {
                closed();
                session.disconnect();
                return;
            }
            // A send that completed at once leaves sending false and the loop goes on; otherwise its callback
            // schedules the next round.
        }
    }

    private synchronized void sent() {
        sending = false;
        schedulePump();
    }

    private synchronized void failed(final Throwable failure) {
        sending = false;
        closed = true;
        queue.clear();
        queuedBytes = 0;
    }
}

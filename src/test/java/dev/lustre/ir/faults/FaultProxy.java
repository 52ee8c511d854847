package dev.lustre.ir.faults;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A fault-injecting proxy in front of the real kube-apiserver, independent of the client behind it:
 * clients speak plain HTTP/1.1 to it on loopback, and it holds the TLS connection to the API server
 * with the identity of the kubeconfig it was given (so it is the TLS end for both sides). Each
 * connection carries one request (the proxy answers {@code Connection: close}); a WebSocket upgrade
 * (a watch) is piped both ways until either side closes. {@link ApiFaults} decides per request:
 * a 409 or a 5xx without forwarding, a 504 after forwarding (the write landed), a delay, or a watch
 * stream closed mid-way.
 */
public final class FaultProxy implements AutoCloseable {
    private static final int MAX_HEAD = 64 * 1024;
    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final SSLContext tls;
    private final ApiFaults faults;
    private final ExecutorService connections = Executors.newCachedThreadPool(daemon("fault-proxy"));
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, daemon("fault-proxy-timer"));
    private volatile boolean closed;

    private FaultProxy(ServerSocket server, URI upstream, SSLContext tls, ApiFaults faults) {
        this.server = server;
        this.upstreamHost = upstream.getHost();
        this.upstreamPort = upstream.getPort() < 0 ? 443 : upstream.getPort();
        this.tls = tls;
        this.faults = faults;
    }

    /** Starts a proxy to the API server of {@code upstream} (its URL, CA and client identity). */
    public static FaultProxy start(Config upstream, ApiFaults faults) throws Exception {
        SSLContext tls = SSLUtils.sslContext(SSLUtils.keyManagers(upstream), SSLUtils.trustManagers(upstream));
        ServerSocket s = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        FaultProxy p = new FaultProxy(s, URI.create(upstream.getMasterUrl()), tls, faults);
        Thread accept = new Thread(p::acceptLoop, "fault-proxy-accept");
        accept.setDaemon(true);
        accept.start();
        return p;
    }

    /** The URL clients use instead of the API server's. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public ApiFaults faults() {
        return faults;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket c = server.accept();
                connections.execute(() -> handle(c));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("fault proxy: accept failed: " + e);
                }
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            Request req = Request.parse(new String(head, StandardCharsets.ISO_8859_1));
            ApiFaults.Fault f = faults.next(req.namespace(), req.method, req.watch(), req.method.equals("PUT") || req.method.equals("PATCH"));
            if (f.kind() == ApiFaults.Kind.ERROR_AFTER && req.header("Transfer-Encoding") != null) {
                f = new ApiFaults.Fault(ApiFaults.Kind.NONE, java.time.Duration.ZERO, 0); // a chunked body: forwarded whole
            }
            switch (f.kind()) {
                case CONFLICT, ERROR_BEFORE -> {
                    drainBody(in, req.contentLength());
                    answer(client.getOutputStream(), f.status(), req);
                    return;
                }
                case SLOW -> Thread.sleep(f.delay().toMillis());
                default -> { }
            }
            forward(client, in, req, f);
        } catch (IOException e) {
            // either side went away: the client sees a broken connection, as it would from a real one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(Socket client, InputStream in, Request req, ApiFaults.Fault f) throws IOException {
        try (SSLSocket up = (SSLSocket) tls.getSocketFactory().createSocket(upstreamHost, upstreamPort)) {
            up.setTcpNoDelay(true);
            up.startHandshake();
            OutputStream upOut = up.getOutputStream();
            upOut.write(req.rewritten(upstreamHost + ":" + upstreamPort).getBytes(StandardCharsets.ISO_8859_1));
            upOut.flush();
            if (f.kind() == ApiFaults.Kind.ERROR_AFTER) {
                copyBody(in, upOut, req.contentLength());
                // The API server's answer is read and dropped: the write landed, the client is told it failed.
                readHead(up.getInputStream());
                answer(client.getOutputStream(), f.status(), req);
                return;
            }
            if (f.kind() == ApiFaults.Kind.DROP_WATCH) {
                timers.schedule(() -> {
                    closeQuietly(up);
                    closeQuietly(client);
                }, f.delay().toMillis(), TimeUnit.MILLISECONDS);
            }
            Thread toUpstream = new Thread(() -> pipe(in, upOut, up, client), "fault-proxy-up");
            toUpstream.setDaemon(true);
            toUpstream.start();
            pipe(up.getInputStream(), client.getOutputStream(), up, client);
            try {
                toUpstream.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pipe(InputStream from, OutputStream to, Socket a, Socket b) {
        byte[] buf = new byte[16 * 1024];
        try {
            for (int n; (n = from.read(buf)) >= 0; ) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // closed by the other direction, by a fault, or by either end
        } finally {
            closeQuietly(a);
            closeQuietly(b);
        }
    }

    private static void answer(OutputStream out, int status, Request req) throws IOException {
        String reason = switch (status) {
            case 409 -> "Conflict";
            case 500 -> "InternalError";
            case 503 -> "ServiceUnavailable";
            default -> "Timeout";
        };
        String message = status == 409
                ? "Operation cannot be fulfilled on " + req.path + ": the object has been modified; please apply your changes to the latest version and try again"
                : status == 504 ? "Timeout: request did not complete within requested timeout" : "injected fault: " + reason;
        String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message.replace("\"", "'") + "\",\"reason\":\"" + reason + "\",\"code\":" + status + "}";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String headText = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n";
        out.write(headText.getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
        out.flush();
    }

    /** Bytes up to and including the blank line after the headers; null at end of stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        for (int c; (c = in.read()) >= 0; ) {
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) ? state + 1 : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                return b.toByteArray();
            }
            if (b.size() > MAX_HEAD) {
                throw new IOException("request head too long");
            }
        }
        return null;
    }

    private static void drainBody(InputStream in, long length) throws IOException {
        copyBody(in, OutputStream.nullOutputStream(), length);
    }

    private static void copyBody(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[16 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            left -= n;
        }
        out.flush();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        connections.shutdownNow();
        timers.shutdownNow();
    }

    /** The request line and headers of one request, and the head to send upstream. */
    private static final java.util.regex.Pattern NAMESPACED = java.util.regex.Pattern.compile("/namespaces/([a-z0-9-]+)/");

    private record Request(String method, String path, List<String[]> headers) {
        static Request parse(String head) {
            String[] lines = head.split("\r\n");
            String[] first = lines[0].split(" ");
            List<String[]> h = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    h.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
                }
            }
            return new Request(first[0], first.length > 1 ? first[1] : "/", h);
        }

        String header(String name) {
            return headers.stream().filter(x -> x[0].equalsIgnoreCase(name)).map(x -> x[1]).findFirst().orElse(null);
        }

        boolean websocket() {
            String u = header("Upgrade");
            return u != null && u.toLowerCase(Locale.ROOT).contains("websocket");
        }

        boolean watch() {
            return websocket() || path.contains("watch=true") || path.contains("watch=1");
        }

        /** The namespace the path names ({@code /api/v1/namespaces/N/…}, {@code /apis/G/V/namespaces/N/…}), or null. */
        String namespace() {
            java.util.regex.Matcher m = NAMESPACED.matcher(path);
            return m.find() ? m.group(1) : null;
        }

        long contentLength() {
            String v = header("Content-Length");
            return v == null ? 0 : Long.parseLong(v);
        }

        /**
         * The head as sent upstream: the Host of the API server, and one request per connection
         * (hop-by-hop headers, such as an h2c upgrade offer, are the proxy's and dropped), except for a
         * WebSocket upgrade, which must reach the API server as it was sent.
         */
        String rewritten(String host) {
            StringBuilder b = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
            boolean ws = websocket();
            for (String[] x : headers) {
                String n = x[0].toLowerCase(Locale.ROOT);
                if (n.equals("host") || (!ws && (n.equals("connection") || n.equals("upgrade") || n.equals("http2-settings")
                        || n.equals("keep-alive")))) {
                    continue;
                }
                b.append(x[0]).append(": ").append(x[1]).append("\r\n");
            }
            b.append("Host: ").append(host).append("\r\n");
            if (!ws) {
                b.append("Connection: close\r\n");
            }
            return b.append("\r\n").toString();
        }
    }
}

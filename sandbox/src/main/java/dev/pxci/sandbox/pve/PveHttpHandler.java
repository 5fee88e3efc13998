package dev.pxci.sandbox.pve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.pxci.sandbox.RequestBodies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpRequestHandler;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The HTTP face of the simulator, shaped like pveproxy: {@code /api2/json/...}, the {@code data}
 * envelope, the error text in the reason phrase and in the body's {@code message}, and schema
 * validation before any handler runs. {@code /_sandbox/...} is the admin endpoint for faults
 * and counters. Thread-safe: one instance serves every worker thread.
 */
final class PveHttpHandler implements HttpRequestHandler {
    /** pveproxy's {@code $limit_max_post} (libpve-http-server-perl 5.2.1 and later). */
    static final int MAX_BODY_BYTES = 512 * 1024;

    static final String API_PREFIX = "/api2/json";
    static final String ADMIN_PREFIX = "/_sandbox/";
    private static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    /** The body of {@code POST /_sandbox/faults}. */
    record FaultsRequest(Long latencyMillis, List<PveFaults.ErrorBurst> errorBursts,
            List<PveFaults.TaskFault> taskFaults, List<PveFaults.SlowTask> slowTasks,
            List<PveFaults.ConnectionReset> connectionResets, List<PveFaults.StuckLock> stuckLocks,
            Boolean expireTickets) {
    }

    private final ApiSchema schema;
    private final PveRoutes routes;
    private final Access access;
    private final PermissionChecks permissions;
    private final PveFaults faults;
    private final Duration baseLatency;
    private final Supplier<Map<String, Object>> stats;
    private final ObjectWriter writer;
    private final ObjectReader treeReader;
    private final ObjectReader faultsReader;
    private final Map<String, LongAdder> requestCounts = new ConcurrentHashMap<>();

    PveHttpHandler(ApiSchema schema, PveRoutes routes, Access access, PveFaults faults, Duration baseLatency,
            Supplier<Map<String, Object>> stats, ObjectMapper mapper) {
        this.schema = schema;
        this.routes = routes;
        this.access = access;
        this.permissions = new PermissionChecks(access.control());
        this.faults = faults;
        this.baseLatency = baseLatency;
        this.stats = stats;
        this.writer = mapper.writer();
        this.treeReader = mapper.reader();
        this.faultsReader = mapper.readerFor(FaultsRequest.class);
    }

    Map<String, Long> requestCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        requestCounts.forEach((method, count) -> out.put(method, count.sum()));
        return out;
    }

    void resetCounts() {
        requestCounts.clear();
    }

    @Override
    public void handle(ClassicHttpRequest request, ClassicHttpResponse response, HttpContext context)
            throws IOException {
        String method = request.getMethod();
        String rawPath = request.getPath();
        int question = rawPath.indexOf('?');
        String path = question < 0 ? rawPath : rawPath.substring(0, question);
        String query = question < 0 ? "" : rawPath.substring(question + 1);
        if (path.startsWith(ADMIN_PREFIX)) {
            handleAdmin(request, response, method, path);
            return;
        }
        if (!path.startsWith(API_PREFIX + "/")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("data", nullValue());
            respond(response, 404, "Not Found", body);
            return;
        }
        String apiPath = path.substring(API_PREFIX.length());
        requestCounts.computeIfAbsent(method, m -> new LongAdder()).increment();
        pause(baseLatency.plus(faults.latency()));
        PveFaults.RequestFault fault = faults.onRequest(method, apiPath);
        if (fault.resetConnection()) {
            throw new SocketException("connection reset injected by the pxci sandbox on " + method + " " + apiPath);
        }
        try {
            if (fault.error() != null) {
                throw new PveApiException(fault.error().status(), fault.error().message());
            }
            Object data = dispatch(request, method, apiPath, query);
            Map<String, Object> body = new LinkedHashMap<>();
            if (data instanceof ClusterReads.Paged paged) {
                body.put("data", paged.data());
                body.put("total", paged.total());
            } else {
                body.put("data", data);
            }
            respond(response, 200, "OK", body);
        } catch (PveApiException e) {
            respondError(response, e);
        } catch (RuntimeException e) {
            respondError(response, PveApiException.serverError(String.valueOf(e.getMessage())));
        }
    }

    private Object dispatch(ClassicHttpRequest request, String method, String apiPath, String query)
            throws IOException {
        List<String> segments = pathSegments(apiPath);
        Optional<ApiSchema.Match> match = schema.find(method, segments);
        PveRoutes.Route route = match.map(m -> routes.find(method, m.endpoint().template())).orElse(null);
        if (route == null) {
            throw new PveApiException(501, "Method '" + method + " " + API_PREFIX + apiPath + "' not implemented"
                    + (match.isPresent() ? " by the pxci sandbox" : ""));
        }
        boolean login = match.get().endpoint().template().equals("/access/ticket");
        // as pveproxy: the credentials are checked, and the size, before the body is read
        Access.Identity who = login ? null : authenticate(request, method);
        Map<String, String> params = new LinkedHashMap<>(decodeForm(query));
        if (method.equals("POST") || method.equals("PUT")) {
            params.putAll(bodyParameters(request));
        }
        Map<String, String> all = new LinkedHashMap<>(params);
        for (Map.Entry<String, String> variable : match.get().pathParameters().entrySet()) {
            all.put(variable.getKey(), variable.getValue());
        }
        Map<String, String> valid = ParameterValidator.validate(match.get().endpoint().parameters(), all);
        String template = match.get().endpoint().template();
        permissions.check(who, method, template, valid);
        return permissions.filter(who, method, template, route.handle(new PveRoutes.ApiCall(valid, who)));
    }

    /** Cookie ticket first, then the {@code Authorization} header (ticket or API token), as pveproxy. */
    private Access.Identity authenticate(ClassicHttpRequest request, String method) {
        long now = ClusterState.now();
        String ticket = cookie(request, "PVEAuthCookie");
        Header authorization = request.getFirstHeader("Authorization");
        if (ticket == null && authorization != null && authorization.getValue().startsWith("PVEAuthCookie=")) {
            ticket = authorization.getValue().substring("PVEAuthCookie=".length());
        }
        if (ticket != null) {
            String user = access.ticketUser(ticket, now);
            if (user == null) {
                throw new PveApiException(401, "permission denied - invalid PVE ticket");
            }
            if (!method.equals("GET")) {
                Header csrf = request.getFirstHeader("CSRFPreventionToken");
                if (!access.csrfValid(user, csrf == null ? null : csrf.getValue(), now)) {
                    throw new PveApiException(401, "Permission denied - invalid csrf token");
                }
            }
            return new Access.Identity(user, null);
        }
        if (authorization != null && authorization.getValue().startsWith("PVEAPIToken")) {
            return access.token(authorization.getValue());
        }
        throw new PveApiException(401, "No ticket");
    }

    private static String cookie(ClassicHttpRequest request, String name) {
        for (Header header : request.getHeaders("Cookie")) {
            for (String part : header.getValue().split(";")) {
                String trimmed = part.trim();
                if (trimmed.startsWith(name + "=")) {
                    return percentDecode(trimmed.substring(name.length() + 1), false);
                }
            }
        }
        return null;
    }

    private Map<String, String> bodyParameters(ClassicHttpRequest request) throws IOException {
        HttpEntity entity = request.getEntity();
        if (entity == null) {
            return Map.of();
        }
        byte[] body;
        try {
            body = RequestBodies.read(entity, MAX_BODY_BYTES);
        } catch (RequestBodies.TooLarge e) {
            throw new PveApiException(501, "for data too large");
        }
        if (body.length == 0) {
            return Map.of();
        }
        Header contentType = request.getFirstHeader("Content-Type");
        if (contentType != null && contentType.getValue().toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            JsonNode tree;
            try {
                tree = treeReader.readTree(body);
            } catch (IOException e) {
                throw new PveApiException(400, "malformed JSON body: " + e.getMessage().split("\n")[0]);
            }
            Map<String, String> out = new LinkedHashMap<>();
            if (tree != null && tree.isObject()) {
                for (Map.Entry<String, JsonNode> field : tree.properties()) {
                    JsonNode value = field.getValue();
                    if (value.isNull()) {
                        continue;
                    }
                    if (value.isBoolean()) {
                        out.put(field.getKey(), value.asBoolean() ? "1" : "0");
                    } else {
                        out.put(field.getKey(), value.isValueNode() ? value.asText() : value.toString());
                    }
                }
            }
            return out;
        }
        return decodeForm(new String(body, StandardCharsets.UTF_8));
    }

    static Map<String, String> decodeForm(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = percentDecode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), true);
            out.put(key, value);
        }
        return out;
    }

    static List<String> pathSegments(String apiPath) {
        List<String> out = new ArrayList<>();
        for (String segment : apiPath.split("/")) {
            if (!segment.isEmpty()) {
                out.add(percentDecode(segment, false));
            }
        }
        return out;
    }

    /** Percent-decoding as UTF-8; {@code +} is a space only in form and query encoding. */
    static String percentDecode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()
                    && Character.digit(text.charAt(i + 1), 16) >= 0 && Character.digit(text.charAt(i + 2), 16) >= 0) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void handleAdmin(ClassicHttpRequest request, ClassicHttpResponse response, String method, String path)
            throws IOException {
        try {
            authenticate(request, "GET");
            Object data;
            if (path.equals(ADMIN_PREFIX + "faults") && method.equals("POST")) {
                HttpEntity entity = request.getEntity();
                FaultsRequest body;
                try {
                    body = faultsReader.readValue(RequestBodies.read(entity, MAX_BODY_BYTES));
                } catch (IOException | IllegalArgumentException e) {
                    throw new PveApiException(400, "invalid fault request: " + e.getMessage().split("\n")[0]);
                }
                applyFaults(body);
                data = faults.describe();
            } else if (path.equals(ADMIN_PREFIX + "faults") && method.equals("DELETE")) {
                data = faults.clear().describe();
            } else if (path.equals(ADMIN_PREFIX + "faults") && method.equals("GET")) {
                data = faults.describe();
            } else if (path.equals(ADMIN_PREFIX + "stats") && method.equals("GET")) {
                Map<String, Object> out = new LinkedHashMap<>(stats.get());
                out.put("requests", requestCounts());
                data = out;
            } else {
                throw new PveApiException(501, "Method '" + method + " " + path + "' not implemented");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("data", data);
            respond(response, 200, "OK", body);
        } catch (PveApiException e) {
            respondError(response, e);
        } catch (RuntimeException e) {
            respondError(response, new PveApiException(400, String.valueOf(e.getMessage())));
        }
    }

    private void applyFaults(FaultsRequest body) {
        if (body.latencyMillis() != null) {
            faults.latency(Duration.ofMillis(body.latencyMillis()));
        }
        forEach(body.errorBursts(), faults::errorBurst);
        forEach(body.taskFaults(), faults::taskFault);
        forEach(body.slowTasks(), faults::slowTask);
        forEach(body.connectionResets(), faults::connectionReset);
        forEach(body.stuckLocks(), lock -> faults.stuckLock(lock.vmid(), lock.lock()));
        if (Boolean.TRUE.equals(body.expireTickets())) {
            faults.expireTickets();
        }
    }

    private static <T> void forEach(List<T> items, java.util.function.Consumer<T> action) {
        if (items != null) {
            items.forEach(action);
        }
    }

    private void respondError(ClassicHttpResponse response, PveApiException e) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!e.errors().isEmpty()) {
            body.put("errors", e.errors());
        }
        body.put("data", nullValue());
        String message = e.getMessage();
        body.put("message", message.endsWith("\n") ? message : message + "\n");
        respond(response, e.status(), reasonPhrase(message), body);
    }

    /** The first line of the message, restricted to what a status line may carry. */
    static String reasonPhrase(String message) {
        String first = message.split("\n", 2)[0];
        StringBuilder out = new StringBuilder(first.length());
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    private static Object nullValue() {
        return null;
    }

    private void respond(ClassicHttpResponse response, int status, String reason, Map<String, Object> body)
            throws IOException {
        response.setCode(status);
        response.setReasonPhrase(reason);
        response.setHeader("Content-Type", CONTENT_TYPE);
        response.setHeader("Cache-Control", "max-age=0");
        response.setHeader("Pragma", "no-cache");
        response.setEntity(new ByteArrayEntity(writer.writeValueAsBytes(body), null));
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

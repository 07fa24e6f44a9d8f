import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a headless Chromium over the DevTools protocol (JDK WebSocket, no libraries) to check Driftwatch's page.
 *
 * <pre>java deploy/test/PageCheck.java &lt;devtools http://127.0.0.1:PORT&gt; &lt;page url&gt; &lt;screenshot.png&gt; &lt;step&gt; [expect]</pre>
 *
 * Steps:
 * <ul>
 *   <li>{@code load monitorA,monitorB,...}: opens the page and waits until every monitor name is listed, the series
 *       table has rows, the stream is connected and the selected series' histogram has live and reference bars of
 *       non-zero height; then waits for one live update of the selected series (its window end moves) without reload;
 *   <li>{@code reference <monitor>/<model> <version>}: waits (without reload) until that row shows the reference
 *       version;
 *   <li>{@code firing}: opens the page (no series named in the URL) while an alert fires and waits until the top row
 *       is a firing series and is the one selected, the rows are sorted by alert (firing critical, firing warning,
 *       pending critical, pending warning, ok, thin) and then by drift, largest first, its trend is a drawn KL line whose
 *       every coordinate is a finite number beside a drawn drift line, and every p-value in the table has the one
 *       format ({@code 0.123} or {@code < 0.001}).
 * </ul>
 * Takes the screenshot at the end of every step (also when it fails). Exit status 0 = passed.
 */
public class PageCheck {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Map<Integer, CompletableFuture<String>> PENDING = new ConcurrentHashMap<>();
    private static WebSocket socket;

    public static void main(String[] args) throws Exception {
        String devtools = args[0];
        String url = args[1];
        Path png = Path.of(args[2]);
        String step = args[3];
        connect(devtools, step.equals("load") || step.equals("firing") ? url : null);
        boolean ok = false;
        try {
            if (step.equals("load")) {
                ok = load(args[4].split(","));
            } else if (step.equals("reference")) {
                ok = reference(args[4], args[5]);
            } else if (step.equals("firing")) {
                ok = firing();
            }
        } finally {
            screenshot(png);
        }
        System.out.println(ok ? "[page-check] " + step + ": PASSED" : "[page-check] " + step + ": FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static boolean load(String[] monitors) throws Exception {
        StringBuilder names = new StringBuilder("[");
        for (String m : monitors) {
            names.append(names.length() > 1 ? "," : "").append('"').append(m).append('"');
        }
        names.append(']');
        String check = "(() => { const listed = [...document.querySelectorAll('#series td.monitor')].map(e => e.textContent);"
                + " const missing = " + names + ".filter(m => !listed.includes(m));"
                + " const live = [...document.querySelectorAll('#histogram rect.bar.live')].filter(r => +r.getAttribute('height') > 0).length;"
                + " const ref = [...document.querySelectorAll('#histogram rect.bar.ref')].filter(r => +r.getAttribute('height') > 0).length;"
                + " const rows = document.querySelectorAll('#series tbody tr[data-model]').length;"
                + " const conn = document.getElementById('connection').dataset.state;"
                + " const title = document.getElementById('detail-title').textContent;"
                + " return JSON.stringify({missing, live, ref, rows, conn, title,"
                + " window: document.getElementById('detail-window').textContent}); })()";
        String last = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !shown(last)) {
            Thread.sleep(250);
            last = unescape(evaluate(check));
        }
        System.out.println("[page-check] page shows: " + last);
        if (!shown(last)) {
            System.out.println("[page-check] expected every monitor listed, a connected stream, rows and a histogram");
            return false;
        }
        String window = field(last, "window");
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String now = field(unescape(evaluate(check)), "window");
            if (!now.equals(window)) {
                System.out.println("[page-check] live update without reload: \"" + window + "\" -> \"" + now + "\"");
                return true;
            }
            Thread.sleep(250);
        }
        System.out.println("[page-check] the selected series did not update within 30 s: " + window);
        return false;
    }

    /** Every monitor listed, stream connected, series rows, live and reference bars of non-zero height. */
    private static boolean shown(String state) {
        return state.contains("\"missing\":[]")
                && state.contains("\"conn\":\"live\"")
                && !state.matches(".*\"(live|ref|rows)\":0[,}].*");
    }

    private static boolean firing() throws Exception {
        String check = "(() => { const rows = [...document.querySelectorAll('#series tbody tr[data-model]')];"
                + " const top = rows[0]; const sel = document.querySelector('#series tbody tr.selected');"
                + " const d = (document.querySelector('#trend path.line.kl') || {getAttribute: () => ''}).getAttribute('d') || '';"
                + " const numbers = d.split(/[ML ]+/).filter(x => x !== '');"
                + " const pv = rows.map(r => r.querySelector('td.p').textContent);"
                + " const ranks = ['firing critical', 'firing warning', 'pending critical', 'pending warning', 'ok', 'thin window'];"
                + " const keys = rows.map(r => [ranks.indexOf(r.querySelector('.badge').textContent),"
                + "   Number.isFinite(+r.querySelector('td.drift').textContent) ? +r.querySelector('td.drift').textContent : -1]);"
                + " const unsorted = keys.filter((k, i) => i > 0 && (keys[i - 1][0] > k[0]"
                + "   || (keys[i - 1][0] === k[0] && keys[i - 1][1] < k[1]))).length;"
                + " const drift = (document.querySelector('#trend path.line.drift') || {getAttribute: () => ''}).getAttribute('d') || '';"
                + " return JSON.stringify({"
                + " topFiring: !!(top && top.querySelector('.badge.firing')),"
                + " unsorted, driftLine: drift.length > 0,"
                + " moved: document.getElementById('contributors').textContent.startsWith('moved most'),"
                + " marks: document.querySelectorAll('#histogram rect.bar.contribution').length,"
                + " quality: ((q, t) => /^data quality: \\d+\\.\\d% of the window outside the reference/.test(q)"
                + "   && (!t.startsWith('country') || q.includes('(unseen values: BR ')))("
                + "   document.getElementById('data-quality').textContent, document.getElementById('detail-title').textContent),"
                + " fleet: /^\\S+ [1-9]\\d* of \\d+$/.test((document.querySelector('#models .model-drifting') || {}).textContent || ''),"
                + " clipped: [...document.querySelectorAll('main section')].filter(x => x.scrollWidth > x.clientWidth + 1)"
                + "   .map(x => x.id || x.className),"
                + " topSelected: !!(top && top === sel),"
                + " title: document.getElementById('detail-title').textContent,"
                + " selected: sel ? sel.dataset.monitor + ' / ' + sel.dataset.model : '',"
                + " points: numbers.length / 2,"
                + " finite: numbers.length > 0 && numbers.every(n => Number.isFinite(+n)),"
                + " nan: document.getElementById('trend').textContent.includes('NaN'),"
                + " badP: pv.filter(p => !/^(\\u2013|< 0\\.001|[01]\\.\\d{3})$/.test(p)) }); })()";
        String last = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            last = unescape(evaluate(check));
            if (last.contains("\"topFiring\":true")
                    && last.contains("\"topSelected\":true")
                    && last.contains("\"finite\":true")
                    && last.contains("\"nan\":false")
                    && last.contains("\"badP\":[]")
                    && last.contains("\"unsorted\":0")
                    && last.contains("\"driftLine\":true")
                    && last.contains("\"moved\":true")
                    && last.contains("\"fleet\":true")
                    && !last.contains("\"marks\":0")
                    && last.contains("\"quality\":true")
                    && last.contains("\"clipped\":[]")
                    && !last.matches(".*\"points\":[01][,}].*")
                    && field(last, "title").equals(field(last, "selected"))) {
                System.out.println("[page-check] firing series on top and selected, trend drawn: " + last);
                return true;
            }
            Thread.sleep(250);
        }
        System.out.println("[page-check] expected the top row firing and selected, the rows sorted by alert and drift,"
                + " the bins that moved most named and marked under its histogram, its data quality (the demo's unseen country BR named), a model with drifting monitors in the fleet line,"
                + " nothing clipped at 1280 x 800, its trend (KL and drift) drawn with finite"
                + " values and p-values in one format; the page shows: "
                + last);
        return false;
    }

    private static boolean reference(String series, String version) throws Exception {
        String[] mm = series.split("/", 2);
        String check = "(() => { const tr = [...document.querySelectorAll('#series tbody tr')].find(r =>"
                + " r.dataset.monitor === '" + mm[0] + "' && r.dataset.model === '" + mm[1] + "');"
                + " return tr ? tr.querySelector('td.hash').textContent : 'no row'; })()";
        String last = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            last = unescape(evaluate(check));
            if (last.contains(version)) {
                System.out.println("[page-check] " + series + " shows reference " + version + " without reload");
                return true;
            }
            Thread.sleep(250);
        }
        System.out.println("[page-check] " + series + " shows reference " + last + ", expected " + version);
        return false;
    }

    // ---- DevTools protocol ---------------------------------------------------------------------------------------

    private static void connect(String devtools, String openUrl) throws Exception {
        String target;
        if (openUrl != null) {
            target = HTTP.send(
                            HttpRequest.newBuilder(URI.create(devtools + "/json/new?"
                                            + java.net.URLEncoder.encode(openUrl, java.nio.charset.StandardCharsets.UTF_8)))
                                    .PUT(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } else {
            target = HTTP.send(
                            HttpRequest.newBuilder(URI.create(devtools + "/json/list")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
        String ws = field(target, "webSocketDebuggerUrl");
        socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(ws), new WebSocket.Listener() {
                    private final StringBuilder buffer = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        buffer.append(data);
                        if (last) {
                            String message = buffer.toString();
                            buffer.setLength(0);
                            Matcher id = Pattern.compile("^\\{\"id\":(\\d+)").matcher(message);
                            if (id.find()) {
                                CompletableFuture<String> f = PENDING.remove(Integer.parseInt(id.group(1)));
                                if (f != null) {
                                    f.complete(message);
                                }
                            }
                        }
                        ws.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        call("Page.enable", "{}");
        call("Emulation.setDeviceMetricsOverride",
                "{\"width\":1280,\"height\":800,\"deviceScaleFactor\":1,\"mobile\":false}");
    }

    private static String call(String method, String params) throws Exception {
        int id = IDS.incrementAndGet();
        CompletableFuture<String> f = new CompletableFuture<>();
        PENDING.put(id, f);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
                .get(10, TimeUnit.SECONDS);
        return f.get(30, TimeUnit.SECONDS);
    }

    /** Evaluates an expression that returns a string; returns the raw (still JSON-escaped) value. */
    private static String evaluate(String expression) throws Exception {
        String escaped = expression.replace("\\", "\\\\").replace("\"", "\\\"");
        String reply = call("Runtime.evaluate", "{\"expression\":\"" + escaped + "\",\"returnByValue\":true}");
        return reply.contains("\"value\":\"") ? field(reply, "value") : reply;
    }

    private static void screenshot(Path png) throws Exception {
        String reply = call("Page.captureScreenshot", "{\"format\":\"png\"}");
        String data = field(reply, "data");
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(data));
        System.out.println("[page-check] screenshot: " + png + " (" + Files.size(png) + " bytes)");
    }

    /** The raw (still escaped) text of the first string field {@code name} in {@code json}. */
    private static String field(String json, String name) throws IOException {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"").matcher(json);
        if (!m.find()) {
            throw new IOException("no \"" + name + "\" in " + json.substring(0, Math.min(json.length(), 500)));
        }
        int i = m.end();
        while (json.charAt(i) != '"') {
            i += json.charAt(i) == '\\' ? 2 : 1;
        }
        return json.substring(m.end(), i);
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}

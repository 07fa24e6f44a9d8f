package io.driftwatch.monitor;

import io.driftwatch.core.DriftReport;
import io.driftwatch.core.alert.DriftEvidence;
import io.driftwatch.core.alert.RecentSpans;
import io.driftwatch.core.divergence.Contributions;
import io.driftwatch.core.divergence.Smoothing;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.SlidingWindow;
import io.driftwatch.core.histogram.SlidingWindow.Placement;
import io.driftwatch.core.histogram.VersionedReference;
import io.driftwatch.core.histogram.WindowSnapshot;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One monitored series: a monitor applied to one model. Owns the sliding window and scores it on demand.
 *
 * <p>Thread-safety: the owner's polling thread adds pane deltas ({@link #addPane}); metric scrapes, the API, the page
 * and the alert evaluator read {@link #report()} and its relatives from other threads. The window is guarded by this
 * object's lock (held for one {@code O(bins)} delta or copy); scoring runs outside the lock on the copy. Reports are
 * cached per window version, so a scrape that reads ten gauges scores the window once, and a read always reflects
 * every delta added before it.
 *
 * <p>Idle series: when no event arrived for {@code idleTimeoutMillis} (wall clock), reads move the window end to the
 * wall clock, so the window of a model that stopped sending empties and reports "insufficient data".
 *
 * <p>Events from the future: the window end never runs ahead of the wall clock by more than {@code maxLeadMillis}
 * (rounded up to the pane). An event further ahead is held in its own future pane and enters the window when its
 * time comes ({@link SlidingWindow}), so one producer with a fast clock cannot make everyone else's events late.
 *
 * <p>Reference changes ({@link #setReference}) are applied under the lock: with the same bins the window is kept (and
 * scored against the new reference on the next read); with different bins the window cannot be re-binned exactly and
 * restarts empty in the new bins. Stage 1 stamps every delta with the fingerprint of the bins it counted in; a delta
 * of other bins than the series has now is refused ({@link #addPane} returns {@code null}), so an event is always
 * counted in the bins of the reference it is scored against.
 */
public final class Series {

    private final MonitorDefinition monitor;
    private final String model;
    private final InstantSource clock;
    private final long idleTimeoutMillis;
    private final long maxLeadMillis;
    private SlidingWindow window;
    private volatile VersionedReference reference;
    private long version;
    private volatile boolean removed;
    /** The pane-topic partition its deltas come from (-1 until the first delta). */
    private volatile int partition = -1;

    private long lateEvents;
    private long heldEvents;
    private long droppedEvents;
    private long lastEventWallMillis = Long.MIN_VALUE;
    private DriftReport cached;
    private long cachedVersion = -1;
    /** The last {@link #evidence}: written by whichever reader computed it. */
    private volatile Evidence evidence;

    private WindowSnapshot snapshot;
    private long snapshotVersion = -1;

    /** What a reference change did to the window. */
    public enum ReferenceChange {
        /** The new reference has the same content: nothing changed. */
        UNCHANGED,
        /** Same bins: the window was kept and is scored against the new reference. */
        WINDOW_KEPT,
        /** Different bins: the window restarted empty in the new bins. */
        WINDOW_RESTARTED
    }

    /** A consistent view: the window, the reference it was scored against, and the report. */
    public record View(WindowSnapshot window, VersionedReference reference, DriftReport report) {}

    Series(
            MonitorDefinition monitor,
            String model,
            VersionedReference reference,
            InstantSource clock,
            long idleTimeoutMillis,
            long maxLeadMillis) {
        this.monitor = monitor;
        this.model = model;
        this.reference = reference;
        this.clock = clock;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.maxLeadMillis = maxLeadMillis;
        this.window = newWindow(reference);
    }

    private SlidingWindow newWindow(VersionedReference r) {
        return new SlidingWindow(r.reference().bins().binCount(), monitor.paneMillis(), monitor.paneCount());
    }

    /** The pane-topic partition this series' deltas come from, or -1 before its first delta. */
    public int partition() {
        return partition;
    }

    /** Records the pane-topic partition this series' deltas come from (stage 2, on its first delta). */
    public void partition(int partition) {
        this.partition = partition;
    }

    /** Whether this series was evicted as idle: readers holding it should let it go. */
    public boolean removed() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }

    public MonitorDefinition monitor() {
        return monitor;
    }

    public String model() {
        return model;
    }

    public Reference reference() {
        return reference.reference();
    }

    /** The reference with its version, source and creation time. */
    public VersionedReference versionedReference() {
        return reference;
    }

    /**
     * Replaces the reference; the next read scores the window against it (see the class comment for when the window is
     * kept).
     */
    public synchronized ReferenceChange setReference(VersionedReference next) {
        if (next.version().equals(reference.version()) && next.reference().equals(reference.reference())) {
            reference = next; // same distribution, possibly a new source or time
            return ReferenceChange.UNCHANGED;
        }
        boolean sameBins = next.reference().bins().equals(reference.reference().bins());
        reference = next;
        version++;
        if (sameBins) {
            return ReferenceChange.WINDOW_KEPT;
        }
        window = newWindow(next);
        return ReferenceChange.WINDOW_RESTARTED;
    }

    /** Counts {@code events} that went to {@code placement} in the late, held or dropped counters; holds the lock. */
    private Placement counted(Placement placement, long events) {
        switch (placement) {
            case LATE -> lateEvents += events;
            case HELD -> heldEvents += events;
            case DROPPED -> droppedEvents += events;
            case WINDOW -> {}
        }
        return placement;
    }

    /**
     * The fingerprint of the bins events of this series are counted in now ({@code BinScheme.hashCode()}, which is
     * content-based and the same in every JVM): what stage 1 stamps on a pane delta, so that the owner adds only
     * counts made in its own bins.
     */
    public int binsFingerprint() {
        return reference.reference().bins().hashCode();
    }

    /**
     * Adds a pane delta from stage 1: {@code counts[b]} events in bin {@code b} of pane {@code pane} (pane index:
     * event time / pane length), binned under bins whose fingerprint is {@code binsFingerprint}, published at
     * {@code wallMillis} (the delta record's timestamp: the window end may run up to the lead ahead of it).
     *
     * @return where its events went, or {@code null} when they were binned under other bins than this series'
     *     reference has now (a reference change with new bins crossed the delta): nothing was added
     */
    public synchronized Placement addPane(long pane, int binsFingerprint, int[] counts, long wallMillis) {
        if (binsFingerprint != binsFingerprint() || counts.length != window.bins()) {
            return null;
        }
        long n = 0;
        for (int c : counts) {
            n += c;
        }
        version++;
        lastEventWallMillis = Math.max(lastEventWallMillis, wallMillis);
        return counted(window.addPane(pane, counts, wallMillis + maxLeadMillis), n);
    }

    /** Events dropped because they were older than the window. */
    public synchronized long lateEvents() {
        return lateEvents;
    }

    /** Events that arrived ahead of the window end's bound and were held for their future pane. */
    public synchronized long heldEvents() {
        return heldEvents;
    }

    /** Events dropped because they were ahead of the bound while a window's worth of future panes was held. */
    public synchronized long droppedEarlyEvents() {
        return droppedEvents;
    }

    /** Window end (event time, exclusive), or {@code Long.MIN_VALUE} before the first event. */
    public synchronized long windowEndMillis() {
        catchUp();
        return window.endMillis();
    }

    /** Wall-clock time of the last event, or {@code Long.MIN_VALUE} if none. */
    public synchronized long lastEventWallMillis() {
        return lastEventWallMillis;
    }

    /** Seconds since the last event arrived (wall clock). */
    public double lastEventAgeSeconds() {
        long last = lastEventWallMillis();
        return last == Long.MIN_VALUE ? Double.NaN : (clock.millis() - last) / 1000.0;
    }

    /** The window's counts, copied once per window change however many readers (e.g. bin-share gauges) ask. */
    public synchronized WindowSnapshot snapshot() {
        catchUp();
        if (snapshotVersion != version) {
            snapshot = window.snapshot();
            snapshotVersion = version;
        }
        return snapshot;
    }

    /** Lets held events whose time has come into the window, and moves an idle window with the clock. Holds the lock. */
    private void catchUp() {
        long now = clock.millis();
        long before = window.endMillis();
        window.releaseUpTo(now + maxLeadMillis);
        if (lastEventWallMillis != Long.MIN_VALUE && now - lastEventWallMillis >= idleTimeoutMillis) {
            window.advanceTo(now);
        }
        if (window.endMillis() != before) {
            version++;
        }
    }

    /** The current window scored against the reference (cached until the window or the reference changes). */
    public DriftReport report() {
        return view().report();
    }

    /**
     * The whole window's report followed by those of its newest spans ({@link RecentSpans}), all of the same moment:
     * what a budget alert rule tests. The window's report is cached until the window or the reference changes; the
     * spans' are scored on each call (they are not kept: 400 B a series at 22 bins), and what is derived from them
     * ({@link #evidence}) is cached by window version.
     */
    public List<DriftReport> scales() {
        return scored().reports();
    }

    /** The scales and the window version they belong to. */
    private record Scales(long version, List<DriftReport> reports) {}

    private Scales scored() {
        int[] spans = RecentSpans.of(monitor.paneCount());
        WindowSnapshot[] recent = new WindowSnapshot[spans.length];
        WindowSnapshot current;
        DriftReport full;
        long v;
        VersionedReference ref;
        synchronized (this) {
            current = snapshot(); // catches up first
            v = version;
            ref = reference;
            full = cachedVersion == version ? cached : null;
            for (int i = 0; i < spans.length; i++) {
                recent[i] = window.recent(spans[i]);
            }
        }
        List<DriftReport> all = new ArrayList<>(1 + spans.length);
        all.add(full != null ? full : monitor.analyzer().analyze(current, ref.reference()));
        for (WindowSnapshot span : recent) {
            all.add(monitor.analyzer().analyze(span, ref.reference()));
        }
        if (full == null) {
            synchronized (this) {
                if (v > cachedVersion) { // view() need not score the same window again
                    cached = all.get(0);
                    cachedVersion = v;
                }
            }
        }
        return new Scales(v, List.copyOf(all));
    }

    /** The window version after catching up (held events in, an idle window moved with the clock). */
    private synchronized long currentVersion() {
        catchUp();
        return version;
    }

    /**
     * What the alert rule's budget decision sees at {@code level} ({@link DriftEvidence#assess} of {@link #scales()}):
     * the drift it fires on, the span that drift came from and its lower confidence bound. Cached per window version
     * and level (one scoring of the spans serves scrapes, the page and the alert evaluator per window change).
     */
    public Evidence evidence(double level) {
        Evidence e = evidence;
        if (e != null && e.level() == level && e.version() == currentVersion()) {
            return e;
        }
        Scales scales = scored();
        DriftEvidence.Assessment a = DriftEvidence.assess(
                scales.reports(), level, monitor.alertRule().smallestEffect());
        Evidence now;
        if (a == null) {
            now = new Evidence(scales.version(), level, Double.NaN, 0, Double.NaN);
        } else {
            DriftEvidence.Reading r = a.significant();
            now = new Evidence(scales.version(), level, a.drift(), r == null ? 0 : r.spanMillis(), a.lowerBound());
        }
        Evidence kept = evidence;
        if (kept == null || kept.version() <= now.version()) {
            evidence = now;
        }
        return now;
    }

    /**
     * One window version's budget evidence at one level.
     *
     * @param drift {@link DriftEvidence.Assessment#drift}: the largest estimate (KL scale, nats) among the tests that
     *     are significant, 0 when none is, NaN without data — what a budget rule compares with 60 % of a threshold
     * @param spanMillis the span {@code drift} came from (the whole window's length or a newest span's), 0 when none
     * @param lowerBound {@link DriftEvidence.Assessment#lowerBound}: at most {@code drift}
     */
    public record Evidence(long version, double level, double drift, long spanMillis, double lowerBound) {}

    /**
     * The {@code k} bins that contribute most to the forward KL ({@link Contributions}, smoothed as the report is) of
     * the whole window ({@code scale} 0) or of one of its newest spans (the index in {@link #scales()}), largest first;
     * empty when that span holds no event. {@code O(bins log bins)}, computed on each call.
     */
    public List<Contributor> contributors(int scale, int k) {
        int[] spans = RecentSpans.of(monitor.paneCount());
        WindowSnapshot w;
        Reference ref;
        synchronized (this) {
            w = scale <= 0 || scale > spans.length ? snapshot() : window.recent(spans[scale - 1]);
            ref = reference.reference();
        }
        return contributors(w, ref, k);
    }

    /**
     * {@link #contributors(int, int)} of the whole window of a {@link View} already taken (a scrape, a read of the
     * series' detail): the same numbers, without locking and copying the window again.
     */
    public List<Contributor> contributors(View view, int k) {
        return contributors(view.window(), view.reference().reference(), k);
    }

    private List<Contributor> contributors(WindowSnapshot w, Reference ref, int k) {
        if (w.total() == 0 || ref.total() == 0) {
            return List.of();
        }
        long[] refCounts = ref.counts();
        long[] live = Arrays.copyOf(w.counts(), refCounts.length);
        double a = monitor.analyzer().pseudoCount();
        List<Contributor> out = new ArrayList<>(k);
        for (Contributions.Bin b :
                Contributions.top(Smoothing.additive(live, a), Smoothing.additive(refCounts, a), k)) {
            out.add(new Contributor(
                    ref.bins().label(b.bin()),
                    (double) live[b.bin()] / w.total(),
                    (double) refCounts[b.bin()] / ref.total(),
                    finite(b.forward()),
                    finite(b.reverse()),
                    finite(b.share())));
        }
        return out;
    }

    /**
     * One bin's part in a drift, as shown to people (alert messages, the read API, the page).
     *
     * @param bin the bin's label ({@code [0.1, 0.2)}, a category, {@code (unseen)}, ...)
     * @param liveShare its share of the span's events (raw, unsmoothed)
     * @param referenceShare its share of the reference's events (raw)
     * @param contribution its contribution to the span's forward KL, nats, {@code >= 0} ({@link Contributions});
     *     {@code null} when infinite (no smoothing and a bin empty on one side only)
     * @param reverseContribution its contribution to the reverse KL, nats, {@code >= 0}; {@code null} when infinite
     * @param share {@code contribution} as a share of the span's forward KL, {@code [0, 1]}; {@code null} when the KL
     *     is 0 or infinite (JSON has no NaN)
     */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Contributor(
            String bin,
            double liveShare,
            double referenceShare,
            Double contribution,
            Double reverseContribution,
            Double share) {}

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The window, its reference and its report, all of the same moment. */
    public View view() {
        WindowSnapshot current;
        long v;
        VersionedReference ref;
        synchronized (this) {
            current = snapshot();
            ref = reference;
            if (cachedVersion == version && cached != null) {
                return new View(current, ref, cached);
            }
            v = version;
        }
        DriftReport report = monitor.analyzer().analyze(current, ref.reference());
        synchronized (this) {
            if (v > cachedVersion) {
                cached = report;
                cachedVersion = v;
            }
        }
        return new View(current, ref, report);
    }
}

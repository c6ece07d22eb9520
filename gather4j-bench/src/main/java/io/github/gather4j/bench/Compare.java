package io.github.gather4j.bench;

import com.hazelcast.core.HazelcastInstance;
import io.github.gather4j.Completed;
import io.github.gather4j.Completions;
import io.github.gather4j.Gather;
import io.github.gather4j.hazelcast.LocalCluster;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The side-by-side comparison: the same scenarios for gather4j and the alternatives, interleaved in
 * one run, reported as medians with each alternative's ratio to gather4j.
 *
 * <p>{@code ./bench} runs it in full; {@code ./bench --quick} is the smoke test CI runs (small
 * sizes, one round; it checks results, never timings). {@code --with=structured,bare} keeps only
 * gather4j and the contenders whose names contain one of the words (Python is then left out);
 * {@code --rounds=N} sets the number of measured rounds of every scenario (in (c), a contender that
 * waits out its sleepers instead of cancelling them is measured in three rounds only).
 */
public final class Compare {
  /** One measurement of one contender. */
  record Sample(double seconds, double extra, boolean correct, String note) {}

  /** The measurements of one contender in one scenario and size. */
  record Row(String contender, List<Sample> samples) {
    double median() {
      double[] s = samples.stream().mapToDouble(Sample::seconds).sorted().toArray();
      return s.length == 0 ? Double.NaN : s[s.length / 2];
    }

    double min() {
      return samples.stream().mapToDouble(Sample::seconds).min().orElse(Double.NaN);
    }

    double max() {
      return samples.stream().mapToDouble(Sample::seconds).max().orElse(Double.NaN);
    }

    double extraMedian() {
      double[] s = samples.stream().mapToDouble(Sample::extra).sorted().toArray();
      return s.length == 0 ? Double.NaN : s[s.length / 2];
    }

    boolean correct() {
      return samples.stream().allMatch(Sample::correct);
    }

    /** The note of the median sample (of the last, when the median is not a sample's time). */
    String note() {
      double median = median();
      for (Sample s : samples) {
        if (s.seconds() == median) {
          return s.note();
        }
      }
      return samples.isEmpty() ? "" : samples.get(samples.size() - 1).note();
    }
  }

  /** A scenario at one size, with every contender's row. */
  record Table(String scenario, String title, int n, String extraLabel, List<Row> rows) {}

  interface Measure {
    Sample run(Contender contender, int n) throws Exception;
  }

  private final boolean quick;
  private final PrintStream out;
  private final List<Contender> contenders;
  private final boolean python;
  private final int rounds; // 0: by scenario and size
  private int[] clusterSizes = {1, 3, 5};
  private List<String> with; // --with's words, or null for every contender
  final List<Table> tables = new ArrayList<>();

  Compare(boolean quick, PrintStream out) {
    this(quick, out, Contenders.all(), true, 0);
  }

  private Compare(
      boolean quick, PrintStream out, List<Contender> contenders, boolean python, int rounds) {
    this.quick = quick;
    this.out = out;
    this.contenders = contenders;
    this.python = python;
    this.rounds = rounds;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    List<Contender> contenders = Contenders.all();
    List<String> with = null;
    boolean python = true;
    int rounds = 0;
    int[] members = null;
    List<String> only = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.startsWith("--with=")) {
        with = List.of(arg.substring("--with=".length()).toLowerCase().split(","));
        contenders = chosen(contenders, with);
        python = false;
      } else if (arg.startsWith("--rounds=")) {
        rounds = Integer.parseInt(arg.substring("--rounds=".length()));
      } else if (arg.startsWith("--members=")) {
        members =
            java.util.Arrays.stream(arg.substring("--members=".length()).split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
      } else if (arg.startsWith("--")) {
        System.err.println(
            "bench: unknown option "
                + arg
                + "; the options are --quick, --with=word,word, --rounds=N and --members=N,N");
        System.exit(2);
      } else {
        only.add(arg);
      }
    }
    Compare compare = new Compare(quick, System.out, contenders, python, rounds);
    compare.with = with;
    if (members != null) {
      compare.clusterSizes = members;
    }
    compare.runAll(only);
    boolean ok = compare.tables.stream().flatMap(t -> t.rows().stream()).allMatch(Row::correct);
    System.out.println(
        ok ? "All implementations gave correct results." : "SOME RESULTS WERE WRONG");
    System.exit(ok ? 0 : 1);
  }

  void runAll(List<String> only) throws Exception {
    out.printf(
        "gather4j comparison (%s) on Java %s, %d cores, max heap %d MiB%n%n",
        quick ? "quick smoke run: checks results, timings mean nothing" : "full",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    if (wanted(only, "a")) {
      for (int n : quick ? new int[] {1_000} : new int[] {10_000, 100_000, 1_000_000}) {
        scenario("a", "no-op tasks, all()", n, "", this::noOps, "noop");
      }
    }
    if (wanted(only, "b")) {
      for (int n : quick ? new int[] {1_000} : new int[] {10_000, 100_000}) {
        scenario(
            "b",
            "tasks sleeping " + sleepB().toMillis() + " ms: time over the sleep",
            n,
            "heap/task",
            this::sleepers,
            "sleep");
      }
    }
    if (wanted(only, "c")) {
      int n = quick ? 1_000 : 10_000;
      scenario(
          "c",
          "fail fast: siblings sleep " + sleepC().toSeconds() + " s, one fails at 50 ms",
          n,
          "ended",
          this::failFast,
          "failfast");
    }
    if (wanted(only, "d")) {
      int n = quick ? 500 : 10_000;
      scenario(
          "d",
          "tasks of 10 ms, limit 100 (ideal " + n / 100 * 10 + " ms)",
          n,
          "native",
          this::limited,
          "limit");
    }
    if (wanted(only, "e")) {
      int n = quick ? 10_000 : 1_000_000;
      scenario(
          "e",
          "map over items, limit 64: time and peak heap",
          n,
          "peak MiB",
          this::mapLimited,
          null);
    }
    if (wanted(only, "f")) {
      int n = quick ? 10_000 : 1_000_000;
      streaming(n);
    }
    if (wanted(only, "h")) {
      // Real time: 1,000 tasks at 100 a second take 10 s a round (the quick run: 200 at 1,000).
      int permits = quick ? 1_000 : 100;
      int tasks = quick ? 200 : 1_000;
      sideBySide(
          "h",
          "rate(" + permits + ", 1 s): the most starts in any 1 s window, and the time",
          tasks,
          "",
          RateScenario.ways(permits, Duration.ofSeconds(1)),
          quick ? 1 : 1);
    }
    if (wanted(only, "i")) {
      for (int n : quick ? new int[] {100_000} : new int[] {1_000_000, 10_000_000}) {
        sideBySide(
            "i",
            "lazy stream of no-op items, limit 64, in order: time and live heap at half",
            n,
            "live MiB at half",
            StreamScenarios.ordered(64),
            3);
      }
      Duration headSleep = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
      sideBySide(
          "i",
          "stream, limit 64: item 5,000 fails while item 4,990 sleeps "
              + headSleep.toSeconds()
              + " s: time from the failure to the throw",
          10_000,
          "",
          StreamScenarios.failBehindSlowHead(64, 4_990, 5_000, headSleep),
          3);
    }
    if (wanted(only, "j")) {
      smallCalls();
    }
    if (only.contains("cluster")) {
      cluster();
    }
    if (wanted(only, "g")) {
      int calls = quick ? 200 : 20_000;
      sideBySide(
          "g",
          "async all() of 10 no-op tasks, calls one after another",
          calls,
          "",
          AsyncScenarios.smallCalls(),
          quick ? 1 : 11);
      int futures = quick ? 10_000 : 100_000;
      sideBySide(
          "g",
          "await futures already running (completed in order meanwhile)",
          futures,
          "",
          AsyncScenarios.runningFutures(),
          quick ? 1 : 31); // rounds of milliseconds: more of them
      int sleepers = quick ? 1_000 : 10_000;
      sideBySide(
          "g",
          "cancel a gather of sleeping tasks: until every task has ended",
          sleepers,
          "",
          AsyncScenarios.cancelSleepers(sleepC()),
          quick ? 1 : 31); // rounds of milliseconds: more of them
    }
  }

  /**
   * (j) small gathers, the commonest real ones: 3 or 10 tasks per call (no-op, or about a
   * microsecond of work each), calls one after another from a platform-thread or a virtual-thread
   * caller; then 200 virtual-thread callers at once, each making its share of the calls.
   */
  private void smallCalls() throws Exception {
    List<Contender> peers =
        with == null ? Contenders.withCollectors() : chosen(Contenders.withCollectors(), with);
    int calls = quick ? 200 : 20_000;
    int rounds = quick ? 1 : 5;
    for (boolean virtual : new boolean[] {true, false}) {
      for (int k : new int[] {3, 10}) {
        for (boolean work : new boolean[] {false, true}) {
          sideBySide(
              "j",
              String.format(
                  "small calls: %d %s tasks per call, one %s caller",
                  k, work ? "~1 µs" : "no-op", virtual ? "virtual-thread" : "platform-thread"),
              calls,
              "B/call",
              SmallCalls.oneCaller(peers, virtual, k, work),
              rounds);
        }
      }
    }
    for (Duration sleep : new Duration[] {Duration.ofMillis(1), Duration.ZERO}) {
      sideBySide(
          "j",
          String.format(
              "small calls: 200 virtual-thread callers at once, gathers of 10 %s tasks",
              sleep.isZero() ? "no-op" : "1 ms sleeping"),
          quick ? 400 : 20_000,
          "B/call",
          SmallCalls.manyCallers(peers, 200, 10, sleep),
          rounds);
    }
  }

  /**
   * (cluster) only when asked for ({@code ./bench cluster}): it starts member JVMs. For 1, 3 and 5
   * members ({@code --members=N,N}; the quick run: 3), each with 64 task threads, from a client in
   * this JVM.
   */
  private void cluster() throws Exception {
    for (int members : quick ? new int[] {3} : clusterSizes) {
      long start = System.nanoTime();
      try (LocalCluster cluster = LocalCluster.start(members, 64)) {
        HazelcastInstance client = cluster.client();
        out.printf(
            "cluster: %d member JVM%s on 127.0.0.1 (64 task threads each), up in %.1f s; the"
                + " caller is a client in this JVM%n%n",
            members, members == 1 ? "" : "s", (System.nanoTime() - start) / 1e9);
        int rounds = quick ? 1 : 5;
        sideBySide(
            "cluster",
            members + " member(s): no-op tasks, all()",
            quick ? 2_000 : 20_000,
            "",
            ClusterScenarios.throughput(client, 0),
            rounds);
        sideBySide(
            "cluster",
            members + " member(s): tasks of 10 ms, all()",
            quick ? 200 : 2_000,
            "",
            ClusterScenarios.throughput(client, 10),
            rounds);
        if (members == 3) {
          long sleep = quick ? 2_000 : 10_000;
          sideBySide(
              "cluster",
              "3 members: fail fast: 100 siblings sleep "
                  + sleep / 1000
                  + " s, the last task fails at 50 ms: time from its failure to the throw",
              101,
              "",
              ClusterScenarios.failFast(client, sleep),
              quick ? 1 : 3);
        }
      }
    }
    long sleep = quick ? 3_000 : 10_000;
    sideBySide(
        "cluster",
        "3 members, a fresh cluster each time: 48 tasks sleeping "
            + sleep / 1000
            + " s, member 2 SIGKILLed once all started: time from the kill to the call's end",
        48,
        "",
        ClusterScenarios.memberKilled(sleep),
        quick ? 1 : 3);
  }

  /** gather4j and the contenders whose names contain one of {@code words}. */
  private static List<Contender> chosen(List<Contender> contenders, List<String> words) {
    return contenders.stream()
        .filter(
            c ->
                c instanceof Contenders.Gather4j
                    || words.stream().anyMatch(w -> c.name().toLowerCase().contains(w)))
        .toList();
  }

  private static boolean wanted(List<String> only, String id) {
    return only.isEmpty() || only.contains(id);
  }

  /**
   * Rounds enough for a contender whose round takes longer than {@link #SLOW_ROUND_SECONDS} (in
   * (c), one that waits out its sleepers instead of cancelling them): its median is far from the
   * others' whatever the noise.
   */
  private static final int SLOW_ROUNDS = 3;

  private static final double SLOW_ROUND_SECONDS = 5;

  private Duration sleepB() {
    return quick ? Duration.ofMillis(200) : Duration.ofSeconds(1);
  }

  private Duration sleepC() {
    return quick ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
  }

  private void scenario(
      String id, String title, int n, String extraLabel, Measure measure, String python)
      throws Exception {
    // More rounds where a round is short, so that the medians settle on a noisy shared machine.
    // In (c) a contender that does not cancel waits out its 10 s sleepers: it is measured in the
    // first SLOW_ROUNDS rounds only, the ones that cancel in all of them.
    int rounds =
        quick
            ? 1
            : this.rounds > 0
                ? this.rounds
                : id.equals("c") ? 11 : n <= 10_000 ? 21 : n <= 100_000 ? 11 : 5;
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    contenders.forEach(c -> samples.put(c.name(), new ArrayList<>()));
    if (!quick) {
      for (Contender c : contenders) {
        measure.run(c, Math.min(n, 10_000)); // warm-up, not recorded
      }
    }
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < contenders.size(); k++) {
        Contender c = contenders.get((k + round) % contenders.size()); // interleaved, rotated
        List<Sample> done = samples.get(c.name());
        if (done.size() >= SLOW_ROUNDS && done.getFirst().seconds() > SLOW_ROUND_SECONDS) {
          continue;
        }
        System.gc();
        done.add(measure.run(c, n));
      }
    }
    List<Row> rows = new ArrayList<>();
    samples.forEach((name, list) -> rows.add(new Row(name, list)));
    if (python != null && this.python) {
      rows.addAll(Python.run(python, n, rounds, sleepB(), sleepC()));
    }
    Table table = new Table(id, title, n, extraLabel, rows);
    tables.add(table);
    print(table);
  }

  // ---------------------------------------------------------------- the scenarios

  private Sample noOps(Contender c, int n) throws Exception {
    List<Callable<Integer>> tasks =
        IntStream.range(0, n).<Callable<Integer>>mapToObj(i -> () -> i).toList();
    long start = System.nanoTime();
    List<Integer> results = c.all(tasks);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Sample(seconds, Double.NaN, inOrder(results, n), "");
  }

  private Sample sleepers(Contender c, int n) throws Exception {
    Duration sleep = sleepB();
    CountDownLatch asleep = new CountDownLatch(n);
    List<Callable<Integer>> tasks =
        IntStream.range(0, n)
            .<Callable<Integer>>mapToObj(
                i ->
                    () -> {
                      asleep.countDown();
                      Thread.sleep(sleep);
                      return i;
                    })
            .toList();
    long baseline = usedHeapAfterGc();
    long[] during = new long[1];
    Thread meter =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    asleep.await();
                    during[0] = usedHeapAfterGc();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    long start = System.nanoTime();
    List<Integer> results = c.all(tasks);
    double seconds = (System.nanoTime() - start) / 1e9 - sleep.toNanos() / 1e9;
    meter.join();
    double perTask = (during[0] - baseline) / (double) n;
    return new Sample(seconds, perTask, inOrder(results, n), "");
  }

  private Sample failFast(Contender c, int n) throws Exception {
    Duration sleep = sleepC();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger ended = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    List<Callable<Integer>> tasks = new ArrayList<>(n + 1);
    for (int i = 0; i < n; i++) {
      int index = i;
      tasks.add(
          () -> {
            started.incrementAndGet();
            try {
              Thread.sleep(sleep);
              return index;
            } catch (InterruptedException e) {
              interrupted.incrementAndGet();
              throw e;
            } finally {
              ended.incrementAndGet();
            }
          });
    }
    IllegalStateException boom = new IllegalStateException("task n fails");
    tasks.add(
        n / 2,
        () -> {
          Thread.sleep(50);
          throw boom;
        });
    long start = System.nanoTime();
    Exception thrown = null;
    try {
      c.all(tasks);
    } catch (Exception e) {
      thrown = e;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // Siblings still queued when the failure came may never start (gather4j, STS): they count
    // as ended; a started sibling that is still running when the call throws does not.
    int running = started.get() - ended.get();
    boolean correct = thrown != null && rootCause(thrown) == boom;
    while (ended.get() < started.get()) {
      Thread.sleep(10); // the next sample must not share the machine with leftover sleepers
    }
    String note = running == 0 ? "all ended" : running + " still running";
    return new Sample(
        seconds, running == 0 ? 1 : 0, correct, note + ", " + interrupted.get() + " interrupted");
  }

  private Sample limited(Contender c, int n) throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    List<Callable<Integer>> tasks =
        IntStream.range(0, n)
            .<Callable<Integer>>mapToObj(
                i ->
                    () -> {
                      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                      try {
                        Thread.sleep(10);
                      } finally {
                        running.decrementAndGet();
                      }
                      return i;
                    })
            .toList();
    long start = System.nanoTime();
    List<Integer> results = c.limited(tasks, 100);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Sample(
        seconds,
        c.nativeLimit() ? 1 : 0,
        inOrder(results, n) && peak.get() <= 100,
        (c.nativeLimit() ? "native" : "semaphore") + ", peak " + peak.get());
  }

  private Sample mapLimited(Contender c, int n) throws Exception {
    List<Integer> items = IntStream.range(0, n).boxed().toList();
    resetPeakHeap();
    long start = System.nanoTime();
    List<Integer> results = c.map(items, i -> i, 64);
    double seconds = (System.nanoTime() - start) / 1e9;
    double peakMiB = peakHeap() / (1024.0 * 1024.0);
    return new Sample(seconds, peakMiB, inOrder(results, n), "");
  }

  /**
   * (f) results as they complete: gather4j asCompleted against the JDK's and Reactor's way, with
   * the live heap when half the results are consumed (after a GC, whose pause is not timed), from a
   * list of tasks made up front and from an input that makes each task on demand.
   */
  private void streaming(int n) throws Exception {
    Map<String, Measure> ways = new LinkedHashMap<>();
    ways.put("gather4j", (ignored, size) -> gatherStream(size, Compare::tasks));
    ways.put("gather4j, lazy input", (ignored, size) -> gatherStream(size, Compare::lazyTasks));
    ways.put(
        "ExecutorCompletionService",
        (ignored, size) -> {
          MidStream mid = new MidStream(size);
          ExecutorCompletionService<Integer> service =
              new ExecutorCompletionService<>(Contenders.VIRTUAL);
          for (Callable<Integer> task : tasks(size)) {
            service.submit(task);
          }
          for (int i = 0; i < size; i++) {
            mid.took(service.take().get());
          }
          return mid.sample();
        });
    ways.put(
        "Reactor flatMap",
        (ignored, size) -> reactorStream(size, k -> Flux.fromIterable(tasks(k))));
    ways.put(
        "Reactor flatMap, lazy input",
        (ignored, size) ->
            reactorStream(size, k -> Flux.range(0, k).<Callable<Integer>>map(i -> () -> i)));
    sideBySide("f", "results as they complete, limit 64", n, "live MiB at half", ways, 5);
  }

  /**
   * Runs named ways of doing one thing, interleaved and rotated round by round after one warm-up
   * round, and prints their table; the first way is the reference of the ratios.
   */
  private void sideBySide(
      String id, String title, int n, String extraLabel, Map<String, Measure> ways, int byDefault)
      throws Exception {
    int rounds = quick ? 1 : this.rounds > 0 ? this.rounds : byDefault;
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    ways.keySet().forEach(k -> samples.put(k, new ArrayList<>()));
    List<String> names = new ArrayList<>(ways.keySet());
    for (int round = 0; round < rounds + (quick ? 0 : 1); round++) {
      for (int k = 0; k < names.size(); k++) {
        String name = names.get((k + round) % names.size());
        System.gc();
        Sample s = ways.get(name).run(null, n);
        if (quick || round > 0) {
          samples.get(name).add(s);
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    samples.forEach((name, list) -> rows.add(new Row(name, list)));
    Table table = new Table(id, title, n, extraLabel, rows);
    tables.add(table);
    print(table);
  }

  private static Sample gatherStream(int size, IntFunction<Collection<Callable<Integer>>> input)
      throws InterruptedException {
    MidStream mid = new MidStream(size);
    try (Completions<Integer> done = Gather.with().limit(64).asCompleted(input.apply(size))) {
      for (Completed<Integer> c : done) {
        mid.took(((io.github.gather4j.Outcome.Success<Integer>) c.outcome()).value());
      }
    }
    return mid.sample();
  }

  private static Sample reactorStream(int size, IntFunction<Flux<Callable<Integer>>> input) {
    MidStream mid = new MidStream(size);
    var scheduler = Schedulers.fromExecutorService(Contenders.VIRTUAL);
    input
        .apply(size)
        .flatMap(t -> Mono.fromCallable(t).subscribeOn(scheduler), 64)
        .doOnNext(mid::took)
        .blockLast();
    return mid.sample();
  }

  private static List<Callable<Integer>> tasks(int n) {
    return IntStream.range(0, n).<Callable<Integer>>mapToObj(i -> () -> i).toList();
  }

  /** A collection that makes each task when its iterator is asked for it. */
  private static Collection<Callable<Integer>> lazyTasks(int n) {
    return new AbstractCollection<>() {
      @Override
      public Iterator<Callable<Integer>> iterator() {
        return IntStream.range(0, n).<Callable<Integer>>mapToObj(i -> () -> i).iterator();
      }

      @Override
      public int size() {
        return n;
      }
    };
  }

  /**
   * Times a stream of {@code n} results and checks them; when half are taken, measures the live
   * heap above what it was before the tasks were made, and leaves that pause out of the time.
   */
  private static final class MidStream {
    private final int n;
    private final long baseline = usedHeapAfterGc();
    private final long start = System.nanoTime();
    private long paused;
    private long live = -1;
    private long sum;
    private int count;

    MidStream(int n) {
      this.n = n;
    }

    void took(int value) {
      sum += value;
      count++;
      if (count == n / 2) {
        long gcStart = System.nanoTime();
        live = usedHeapAfterGc() - baseline;
        paused += System.nanoTime() - gcStart;
      }
    }

    Sample sample() {
      double seconds = (System.nanoTime() - start - paused) / 1e9;
      boolean correct = count == n && sum == (long) n * (n - 1) / 2;
      return new Sample(seconds, live / (1024.0 * 1024.0), correct, "");
    }
  }

  // ---------------------------------------------------------------- helpers

  static boolean inOrder(List<Integer> results, int n) {
    if (results == null || results.size() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (results.get(i) != i) {
        return false;
      }
    }
    return true;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  static long usedHeapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static void resetPeakHeap() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private void print(Table table) {
    out.printf("(%s) %s — n = %,d%n", table.scenario(), table.title(), table.n());
    Row reference = table.rows().get(0);
    out.printf(
        "  %-28s %12s %23s %9s  %-10s %s%n",
        "implementation", "median", "min – max", "ratio", table.extraLabel(), "notes");
    for (Row row : table.rows()) {
      double ratio = row.median() / reference.median();
      String extra =
          switch (table.extraLabel()) {
            case "heap/task" ->
                Double.isNaN(row.extraMedian()) ? "–" : String.format("%,.0f B", row.extraMedian());
            case "peak MiB" -> String.format("%,.0f", row.extraMedian());
            case "live MiB at half" -> String.format("%,.1f", row.extraMedian());
            case "B/call" ->
                Double.isNaN(row.extraMedian()) ? "–" : String.format("%,.0f", row.extraMedian());
            default -> "";
          };
      String note =
          table.scenario().equals("e")
              ? String.format("%,.0f items/s", table.n() / row.median())
              : row.note();
      out.printf(
          "  %-28s %12s %23s %8.2fx  %-10s %s%s%n",
          row.contender(),
          time(row.median()),
          time(row.min()) + " – " + time(row.max()),
          ratio,
          extra,
          note,
          row.correct() ? "" : "  WRONG RESULT");
    }
    out.println();
  }

  static String time(double seconds) {
    if (Double.isNaN(seconds)) {
      return "-";
    }
    return seconds < 1
        ? String.format("%.2f ms", seconds * 1000)
        : String.format("%.3f s", seconds);
  }
}

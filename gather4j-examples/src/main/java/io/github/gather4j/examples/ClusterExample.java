package io.github.gather4j.examples;

import com.hazelcast.core.HazelcastInstance;
import io.github.gather4j.Gathering;
import io.github.gather4j.Mapper;
import io.github.gather4j.Progress;
import io.github.gather4j.TaskFailedException;
import io.github.gather4j.hazelcast.HazelcastGather;
import io.github.gather4j.hazelcast.LocalCluster;
import io.github.gather4j.hazelcast.MemberLoss;
import java.io.PrintStream;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Use case 5 past one machine: the batch spread over a Hazelcast cluster of 3 member JVMs that the
 * example starts itself (gather4j-hazelcast), with a progress bar and how many items each member
 * did; the same {@code map} as on one machine, results in input order. With {@code --chaos} a
 * member is killed (SIGKILL) a third of the way through: what the caller sees by default (the call
 * fails at once, naming a lost task; the other tasks are interrupted on their members), then with
 * {@link MemberLoss#RERUN} (the lost tasks run again on a member still there: every result comes).
 */
public final class ClusterExample {

  /** What one item's task returns: its score and the member JVM (its PID) that computed it. */
  public record Scored(int item, long score, long memberPid) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /**
   * The task, sent to the members: a named serializable class (a plain lambda cannot travel).
   * Scoring an item takes {@code latency}, as a call to a service would. Idempotent: running it
   * twice does no harm, so it may be re-run when its member is lost.
   *
   * @param latency how long scoring one item takes
   */
  public record Score(Duration latency) implements Mapper<Integer, Scored>, Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public Scored apply(Integer item) throws InterruptedException {
      Thread.sleep(latency);
      return new Scored(item, (long) item * item % 1_000_003, ProcessHandle.current().pid());
    }
  }

  /**
   * One run of the batch.
   *
   * @param what what the run did
   * @param results the results in input order, or empty if the call failed
   * @param perMember items done per member (1-based), for a call that returned
   * @param took how long the call took
   * @param failure what the caller saw when the call failed, or null
   * @param afterKill from the kill to the call's end, or null without a kill
   */
  public record Run(
      String what,
      List<Scored> results,
      Map<Integer, Integer> perMember,
      Duration took,
      String failure,
      Duration afterKill) {}

  private ClusterExample() {}

  /**
   * Runs the example: {@code --chaos} kills members midway, {@code --items N} sets the batch (3,000
   * by default).
   *
   * @param args {@code [--chaos] [--items N]}
   */
  public static void main(String[] args) throws Exception {
    int items = 3_000;
    boolean chaos = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--chaos")) {
        chaos = true;
      } else if (args[i].equals("--items") && i + 1 < args.length) {
        items = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
      } else {
        System.err.println(
            "gather example cluster: unknown argument " + args[i] + "; use [--chaos] [--items N]");
        System.exit(2);
      }
    }
    run(System.out, items, Duration.ofMillis(10), chaos, System.console() != null);
  }

  /**
   * Starts 3 member JVMs, runs the batch on them from a client (and, with {@code chaos}, twice more
   * with a member killed midway), and stops them.
   *
   * @param out where to print
   * @param itemCount the batch's size
   * @param latency how long one item takes
   * @param chaos whether to kill members midway
   * @param terminal whether {@code out} is a terminal (the bar is redrawn in place)
   * @return the runs
   */
  public static List<Run> run(
      PrintStream out, int itemCount, Duration latency, boolean chaos, boolean terminal)
      throws Exception {
    List<Integer> items = IntStream.range(0, itemCount).boxed().toList();
    List<Run> runs = new ArrayList<>();
    out.println("Starting 3 Hazelcast member JVMs on 127.0.0.1 (each with 16 task threads)...");
    long startup = System.nanoTime();
    try (LocalCluster cluster = LocalCluster.start(3)) {
      HazelcastInstance client = cluster.client();
      out.printf(
          "  up in %.1f s: PIDs %d, %d, %d; this JVM (PID %d) is a client.%n%n",
          Timing.seconds(Timing.since(startup)),
          cluster.pid(0),
          cluster.pid(1),
          cluster.pid(2),
          ProcessHandle.current().pid());

      out.printf(
          "map: %,d items of %d ms each over the cluster (HazelcastGather.on(client).map):%n",
          itemCount, latency.toMillis());
      runs.add(batch(out, cluster, HazelcastGather.on(client), items, latency, -1, terminal));
      Duration sequential = latency.multipliedBy(itemCount);
      out.printf("  one after another they would take %.0f s.%n", Timing.seconds(sequential));

      if (chaos) {
        out.printf("%n--chaos: the same batch; member 2 is killed (SIGKILL) a third of the way:%n");
        runs.add(batch(out, cluster, HazelcastGather.on(client), items, latency, 1, terminal));
        out.printf(
            "%nWith MemberLoss.RERUN (scoring is idempotent), member 3 is killed a third of the"
                + " way:%n");
        Gathering rerun =
            HazelcastGather.on(client, HazelcastGather.DEFAULT_EXECUTOR, MemberLoss.RERUN);
        runs.add(batch(out, cluster, rerun, items, latency, 2, terminal));
        out.println(
            "  the lost tasks ran again on member 1: at-least-once, so only for idempotent tasks.");
      }
    }
    out.println("Members stopped by PID; no member process is left.");
    return runs;
  }

  /** Runs the batch once; kills member {@code victim} (0-based) a third of the way if >= 0. */
  private static Run batch(
      PrintStream out,
      LocalCluster cluster,
      Gathering onTheCluster,
      List<Integer> items,
      Duration latency,
      int victim,
      boolean terminal)
      throws InterruptedException {
    ProgressBar bar = new ProgressBar(out, items.size(), "items", terminal);
    AtomicBoolean killing = new AtomicBoolean();
    AtomicLong killedAt = new AtomicLong();
    Gathering g =
        onTheCluster.onProgress(
            (Progress progress) -> {
              bar.update(progress);
              if (victim >= 0
                  && progress.ended() >= items.size() / 3
                  && killing.compareAndSet(false, true)) {
                // Here, not on a thread of its own: the call cannot end before the member is gone.
                cluster.kill(victim);
                killedAt.set(System.nanoTime());
              }
            });
    long start = System.nanoTime();
    List<Scored> results = List.of();
    String failure = null;
    try {
      results = g.map(items, new Score(latency));
    } catch (TaskFailedException e) {
      failure = e.getMessage();
    }
    long end = System.nanoTime();
    bar.finish();
    Duration took = Duration.ofNanos(end - start);
    Duration afterKill = victim >= 0 ? Duration.ofNanos(end - killedAt.get()) : null;
    Map<Integer, Integer> perMember = new TreeMap<>();
    for (int i = 0; i < results.size(); i++) {
      Scored scored = results.get(i);
      if (scored.item() != i) {
        throw new AssertionError("result " + i + " is item " + scored.item());
      }
      perMember.merge(memberNumber(cluster, scored.memberPid()), 1, Integer::sum);
    }
    if (failure == null) {
      out.printf(
          "  %,d results in input order in %.2f s; per member: %s%n",
          results.size(), Timing.seconds(took), describe(perMember, cluster));
    } else {
      out.printf("  the caller sees, after %.2f s: %s%n", Timing.seconds(took), failure);
    }
    if (afterKill != null) {
      out.printf(
          "  the call %s %d ms after the kill%s.%n",
          failure == null ? "returned" : "threw",
          afterKill.toMillis(),
          failure == null ? "" : "; the other members' tasks were interrupted before it threw");
    }
    return new Run(
        victim < 0 ? "map" : "map, member " + (victim + 1) + " killed",
        results,
        perMember,
        took,
        failure,
        afterKill);
  }

  private static int memberNumber(LocalCluster cluster, long pid) {
    for (int i = 0; i < cluster.size(); i++) {
      if (cluster.pid(i) == pid) {
        return i + 1;
      }
    }
    return 0;
  }

  private static String describe(Map<Integer, Integer> perMember, LocalCluster cluster) {
    List<String> parts = new ArrayList<>();
    perMember.forEach(
        (member, count) ->
            parts.add(
                String.format("member %d (PID %d) %,d", member, cluster.pid(member - 1), count)));
    return String.join(", ", parts);
  }
}

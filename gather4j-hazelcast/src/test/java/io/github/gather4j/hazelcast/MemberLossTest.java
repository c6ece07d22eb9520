package io.github.gather4j.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.github.gather4j.Gathering;
import io.github.gather4j.Outcome;
import io.github.gather4j.TaskFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A member JVM SIGKILLed mid-gather, with a client and with a lite member as the caller: the call
 * ends, the lost slots named with Hazelcast's own exception, never a hang. Each test has a cluster
 * of 3 member JVMs of its own ({@link MemberJvms}), stopped by PID whatever the outcome; a member
 * process left behind fails the test.
 */
class MemberLossTest {
  private static final int TASKS = 12;
  private static final long HOLD_MILLIS = 60_000; // far longer than any test may take
  private static final Duration GENEROUS = Duration.ofSeconds(30);

  @RegisterExtension final MemberJvms members = new MemberJvms(3);

  private LocalCluster cluster;
  private final String run = "run-" + UUID.randomUUID();

  @BeforeEach
  void cluster() {
    cluster = members.cluster();
  }

  @Test
  void all_fromAClient_memberKilled_failsNamingALostSlotAndInterruptsTheRest() throws Exception {
    allWithAMemberKilled(cluster.client());
  }

  @Test
  void all_fromALiteMember_memberKilled_failsNamingALostSlotAndInterruptsTheRest()
      throws Exception {
    allWithAMemberKilled(cluster.liteMember());
  }

  @Test
  void settled_fromAClient_memberKilled_theLostSlotsAreFailuresTheRestSucceed() throws Exception {
    settledWithAMemberKilled(cluster.client());
  }

  @Test
  void settled_fromALiteMember_memberKilled_theLostSlotsAreFailuresTheRestSucceed()
      throws Exception {
    settledWithAMemberKilled(cluster.liteMember());
  }

  @Test
  void all_rerunOnMemberLoss_theLostTasksRunAgainElsewhereAndEveryResultComes() throws Exception {
    HazelcastInstance caller = cluster.client();
    Gathering g = HazelcastGather.on(caller, HazelcastGather.DEFAULT_EXECUTOR, MemberLoss.RERUN);
    UUID victim = cluster.member(caller, 1).getUuid();
    CountDownLatch started = startedLatch(caller);
    CompletableFuture<List<Integer>> call = callAsync(() -> g.all(holds(victim)));
    await(started);
    Set<Integer> lost = indexesOn(caller, victim);
    assertThat(lost).hasSize(TASKS / 3);

    cluster.kill(1);
    List<Integer> results = call.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

    assertThat(results).containsExactlyElementsOf(complement(Set.of()));
    Map<Integer, UUID> lastStarted = caller.getMap(run + "-started");
    for (int index : lost) {
      assertThat(lastStarted.get(index))
          .as("task %d ran again on a member left", index)
          .isNotEqualTo(victim);
    }
  }

  private void allWithAMemberKilled(HazelcastInstance caller) throws Exception {
    Gathering g = HazelcastGather.on(caller);
    CountDownLatch started = startedLatch(caller);
    CompletableFuture<List<Integer>> call = callAsync(() -> g.all(holds(null)));
    await(started);
    UUID victim = cluster.member(caller, 1).getUuid();
    Set<Integer> lost = indexesOn(caller, victim);

    cluster.kill(1);
    long killed = System.nanoTime();
    Throwable thrown = failureOf(call);
    Duration took = Duration.ofNanos(System.nanoTime() - killed);

    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    TaskFailedException failed = (TaskFailedException) thrown;
    assertThat(lost).as("the failed task was one on the killed member").contains(failed.index());
    assertThat(failed.getCause()).satisfies(MemberLossTest::isMemberLoss);
    assertThat(failed.getMessage()).contains("task " + failed.index() + " of " + TASKS);
    Map<Integer, UUID> interrupted = caller.getMap(run + "-interrupted");
    assertThat(interrupted.keySet())
        .as("every task on the members left was interrupted before the call returned")
        .containsExactlyInAnyOrderElementsOf(complement(lost));
    assertThat(took).as("ended soon after the kill").isLessThan(GENEROUS);
  }

  private void settledWithAMemberKilled(HazelcastInstance caller) throws Exception {
    Gathering g = HazelcastGather.on(caller);
    UUID victim = cluster.member(caller, 1).getUuid();
    CountDownLatch started = startedLatch(caller);
    CompletableFuture<List<Outcome<Integer>>> call = callAsync(() -> g.settled(holds(victim)));
    await(started);
    Set<Integer> lost = indexesOn(caller, victim);
    assertThat(lost).as("round-robin gave the victim its share").hasSize(TASKS / 3);

    cluster.kill(1);
    List<Outcome<Integer>> outcomes = call.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

    for (int i = 0; i < TASKS; i++) {
      Outcome<Integer> outcome = outcomes.get(i);
      if (lost.contains(i)) {
        assertThat(outcome)
            .as("task %d, lost with its member", i)
            .isInstanceOfSatisfying(
                Outcome.Failure.class, f -> isMemberLoss(((Outcome.Failure<?>) f).exception()));
      } else {
        assertThat(outcome).as("task %d", i).isEqualTo(new Outcome.Success<>(i));
      }
    }
  }

  private List<Callable<Integer>> holds(@Nullable UUID holdOn) {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      tasks.add(new Hold(run, i, holdOn, HOLD_MILLIS));
    }
    return tasks;
  }

  /** Opens once every task has recorded its start on the cluster. */
  private CountDownLatch startedLatch(HazelcastInstance caller) {
    CountDownLatch started = new CountDownLatch(TASKS);
    IMap<Integer, UUID> map = caller.getMap(run + "-started");
    map.addEntryListener((EntryAddedListener<Integer, UUID>) e -> started.countDown(), false);
    return started;
  }

  private Set<Integer> indexesOn(HazelcastInstance caller, UUID member) {
    Set<Integer> indexes = new TreeSet<>();
    caller
        .<Integer, UUID>getMap(run + "-started")
        .forEach(
            (index, where) -> {
              if (where.equals(member)) {
                indexes.add(index);
              }
            });
    return indexes;
  }

  private static Set<Integer> complement(Set<Integer> indexes) {
    Set<Integer> rest = new TreeSet<>();
    for (int i = 0; i < TASKS; i++) {
      if (!indexes.contains(i)) {
        rest.add(i);
      }
    }
    return rest;
  }

  private static void isMemberLoss(Throwable failure) {
    assertThat(failure)
        .isInstanceOfAny(
            MemberLeftException.class,
            TargetDisconnectedException.class,
            TargetNotMemberException.class);
  }

  private static <T> CompletableFuture<T> callAsync(Callable<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                result.complete(call.call());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            });
    return result;
  }

  private static Throwable failureOf(CompletableFuture<?> call) throws Exception {
    try {
      call.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the call returned normally");
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(GENEROUS.toSeconds(), TimeUnit.SECONDS))
        .as("every task started on the cluster")
        .isTrue();
  }
}

package io.github.gather4j.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.hazelcast.core.HazelcastInstance;
import io.github.gather4j.GatherTimeoutException;
import io.github.gather4j.Gathering;
import io.github.gather4j.Mapper;
import io.github.gather4j.Outcome;
import io.github.gather4j.TaskFailedException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gather on a real cluster: three members in this JVM (the fast suite). */
@ExtendWith(InJvmCluster.class)
class HazelcastGatherTest {

  private static Gathering cluster() {
    return HazelcastGather.on(InJvmCluster.member());
  }

  private static List<Callable<String>> values(Probe probe, int n) {
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(new Probe.Value(probe.id, "v" + i));
    }
    return tasks;
  }

  private static List<Callable<String>> blocking(Probe probe, int n) {
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(new Probe.Blocking(probe.id, "b" + i));
    }
    return tasks;
  }

  @Test
  void all_resultsInInputOrder_tasksSpreadOverEveryMember() throws Exception {
    Probe probe = new Probe(0);
    List<String> results = cluster().all(values(probe, 30));
    assertThat(results).hasSize(30);
    Set<String> members = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      String[] valueAndMember = results.get(i).split("@");
      assertThat(valueAndMember[0]).isEqualTo("v" + i);
      members.add(valueAndMember[1]);
    }
    assertThat(members)
        .hasSize(InJvmCluster.MEMBERS)
        .allSatisfy(m -> assertThat(m).startsWith(InJvmCluster.get().name));
    assertThat(probe.running.get()).isZero();
  }

  @Test
  void map_serializableMapper_resultsInInputOrder() throws Exception {
    Mapper<Integer, Integer> square = (Mapper<Integer, Integer> & Serializable) i -> i * i;
    List<Integer> items = IntStream.range(0, 50).boxed().toList();
    assertThat(cluster().limit(8).map(items, square))
        .isEqualTo(IntStream.range(0, 50).map(i -> i * i).boxed().toList());
  }

  @Test
  void all_oneFails_siblingsInterruptedOnTheirMembersAndEndedBeforeItThrows() {
    int siblings = 20;
    Probe probe = new Probe(siblings);
    List<Callable<String>> tasks = blocking(probe, siblings);
    tasks.add(7, new Probe.FailingOnceAllStarted(probe.id, "boom"));
    Throwable thrown = catchThrowable(() -> cluster().all(tasks));
    probe.callReturned = true;
    assertThat(thrown)
        .isInstanceOf(TaskFailedException.class)
        .hasRootCauseMessage("boom")
        .satisfies(e -> assertThat(((TaskFailedException) e).index()).isEqualTo(7));
    assertThat(probe.interrupted.get()).isEqualTo(siblings);
    assertThat(probe.ended.get()).isEqualTo(siblings);
    assertThat(probe.running.get()).isZero();
  }

  @Test
  void all_moreTasksThanTheMembersPools_failureIsNotQueuedBehindSleepers() {
    // 3 members x POOL threads: more sleepers than seats fill every pool; the failing task still
    // runs, as the
    // tasks past the pools wait on the caller and a failure's stop ends them there.
    int siblings = InJvmCluster.MEMBERS * InJvmCluster.POOL + 12;
    int seats = InJvmCluster.MEMBERS * InJvmCluster.POOL;
    Probe probe = new Probe(seats - 1);
    List<Callable<String>> tasks = blocking(probe, siblings);
    tasks.add(0, new Probe.FailingOnceAllStarted(probe.id, "early"));
    Throwable thrown = catchThrowable(() -> cluster().all(tasks));
    probe.callReturned = true;
    assertThat(thrown).isInstanceOf(TaskFailedException.class).hasRootCauseMessage("early");
    assertThat(probe.started.get()).isEqualTo(seats - 1); // the rest never left the caller
    assertThat(probe.interrupted.get()).isEqualTo(seats - 1);
    assertThat(probe.running.get()).isZero();
  }

  @Test
  void settled_outcomesPerTask_remoteFailureKept() throws Exception {
    Probe probe = new Probe(0);
    List<Callable<String>> tasks = new ArrayList<>(values(probe, 2));
    tasks.add(1, new Probe.Failing("two"));
    List<Outcome<String>> outcomes = cluster().settled(tasks);
    assertThat(outcomes.get(0)).isInstanceOf(Outcome.Success.class);
    assertThat(outcomes.get(1))
        .isInstanceOfSatisfying(
            Outcome.Failure.class,
            f ->
                assertThat(f.exception())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("two"));
    assertThat(outcomes.get(2)).isInstanceOf(Outcome.Success.class);
  }

  @Test
  void limit_neverMoreInFlightThanTheLimit() throws Exception {
    Probe probe = new Probe(0);
    List<String> results = cluster().limit(4).all(values(probe, 60));
    assertThat(results).hasSize(60);
    assertThat(probe.maxRunning.get()).isBetween(1, 4);
  }

  @Test
  void timeout_unfinishedRemoteTasksInterrupted_callThrows() {
    Probe probe = new Probe(5);
    List<Callable<String>> tasks = blocking(probe, 5);
    Throwable thrown = catchThrowable(() -> cluster().timeout(Duration.ofMillis(500)).all(tasks));
    probe.callReturned = true;
    assertThat(thrown).isInstanceOf(GatherTimeoutException.class);
    assertThat(probe.interrupted.get()).isEqualTo(5);
    assertThat(probe.running.get()).isZero();
  }

  @Test
  void callerInterrupted_remoteTasksInterruptedAndEnded() throws Exception {
    Probe probe = new Probe(6);
    List<Callable<String>> tasks = blocking(probe, 6);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    cluster().all(tasks);
                  } catch (Throwable t) {
                    thrown.set(t);
                  }
                });
    Probe.await(probe.allStarted);
    caller.interrupt();
    caller.join(Duration.ofSeconds(Probe.GENEROUS_SECONDS));
    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(probe.interrupted.get()).isEqualTo(6);
    assertThat(probe.running.get()).isZero();
  }

  @Test
  void aTaskThatCannotBeSent_failsAsItsTask_indexAndClassNamed() {
    Probe probe = new Probe(0);
    List<Callable<String>> tasks = new ArrayList<>(values(probe, 3));
    tasks.add(2, () -> "a plain lambda is not serializable");
    Throwable thrown = catchThrowable(() -> cluster().all(tasks));
    assertThat(thrown)
        .isInstanceOf(TaskFailedException.class)
        .satisfies(e -> assertThat(((TaskFailedException) e).index()).isEqualTo(2));
    assertThat(thrown.getCause())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task 2 (class " + HazelcastGatherTest.class.getName())
        .hasMessageContaining("(Callable<T> & Serializable)");
  }

  @Test
  void manyShortCalls_noTaskRunsAfterItsCallReturned() {
    // A cancel can overtake its task's submission; the member must then refuse the task, and the
    // call must not return before every member answered.
    for (int round = 0; round < 40; round++) {
      Probe probe = new Probe(0);
      List<Callable<String>> tasks = blocking(probe, 12);
      tasks.add(round % 13, new Probe.Failing("round " + round));
      assertThatThrownBy(() -> cluster().all(tasks)).isInstanceOf(TaskFailedException.class);
      probe.callReturned = true;
      assertThat(probe.running.get()).as("round %d", round).isZero();
      assertThat(probe.started.get()).isEqualTo(probe.ended.get());
    }
  }

  @Test
  void stream_serializableMapper_inOrderUnderALimit() {
    Mapper<Integer, String> mapper = (Mapper<Integer, String> & Serializable) i -> "s" + i;
    try (Stream<String> out = cluster().limit(6).stream(IntStream.range(0, 40).boxed(), mapper)) {
      assertThat(out.toList()).isEqualTo(IntStream.range(0, 40).mapToObj(i -> "s" + i).toList());
    }
  }

  @Test
  void threadFactory_movesTheTasksBackToLocalThreads() throws Exception {
    Callable<String> local = () -> "ran here: not serializable, never sent";
    assertThat(cluster().threadFactory(Thread.ofVirtual().factory()).all(List.of(local)))
        .containsExactly("ran here: not serializable, never sent");
  }

  @Test
  void fromAClient_sameResults() throws Exception {
    HazelcastInstance client = InJvmCluster.get().client();
    Probe probe = new Probe(0);
    List<String> results = HazelcastGather.on(client).all(values(probe, 9));
    assertThat(results).hasSize(9).allSatisfy(r -> assertThat(r).contains("@"));
    assertThat(results.get(4)).startsWith("v4@");
  }

  @Test
  void aShutDownInstance_isRefusedBeforeAnythingStarts() {
    HazelcastInstance client = InJvmCluster.get().client();
    client.shutdown();
    assertThatThrownBy(() -> HazelcastGather.on(client))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is shut down");
  }

  @Test
  void partitionAwareTasks_runOnTheOwnerOfTheirKey() throws Exception {
    List<Callable<UUID>> tasks = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      tasks.add(new Placed.Task("key-" + i));
    }
    List<UUID> ran = cluster().all(tasks);
    for (int i = 0; i < 60; i++) {
      assertThat(ran.get(i)).as("task %d", i).isEqualTo(ownerOf("key-" + i));
    }
    assertThat(new HashSet<>(ran)).as("the keys spread over the members").hasSize(3);
  }

  @Test
  void map_partitionAwareItems_runOnTheOwnerOfTheirKey_mapperGivenTheMembersInstance()
      throws Exception {
    List<Placed.Item> items =
        IntStream.range(0, 60).mapToObj(i -> new Placed.Item("k" + i)).toList();
    List<UUID> ran = cluster().limit(8).map(items, new Placed.WhereMapped());
    for (int i = 0; i < 60; i++) {
      assertThat(ran.get(i)).as("item %d", i).isEqualTo(ownerOf("k" + i));
    }
  }

  private static UUID ownerOf(String key) {
    return InJvmCluster.member().getPartitionService().getPartition(key).getOwner().getUuid();
  }

  @Test
  void badInput_clearErrors() {
    assertThatThrownBy(() -> HazelcastGather.on(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("hazelcast");
    assertThatThrownBy(() -> HazelcastGather.on(InJvmCluster.member(), " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("executorName");
    assertThatThrownBy(() -> HazelcastGather.on(InJvmCluster.member(), "gather4j", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("onMemberLoss");
  }
}

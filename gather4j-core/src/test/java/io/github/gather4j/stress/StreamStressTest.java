package io.github.gather4j.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gather4j.Gather;
import io.github.gather4j.Gathering;
import io.github.gather4j.Mapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Streams ended in every way at random moments — consumed to the end, closed after a random number
 * of items, the consumer interrupted, a deadline, a failing item, an input that throws — with
 * random limits, lengths (endless included) and items: the consumer always returns, and then no
 * task runs, none of their threads is alive, the input is closed, and no more of it was read than
 * the window allows.
 */
@Tag("stress")
class StreamStressTest {
  private static final Duration GENEROUS = Duration.ofSeconds(60);

  /** One stream's items and input, as they run and are read. */
  private static final class Watched {
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger pulled = new AtomicInteger();
    final AtomicBoolean inputClosed = new AtomicBoolean();
    final AtomicInteger consumed = new AtomicInteger();
    final AtomicReference<Throwable> unexpected = new AtomicReference<>();
  }

  @Test
  void streamsEndedAtRandomMoments_nothingLeftRunning_inputClosed_readAheadBounded()
      throws Exception {
    int streams = StressTest.FULL ? 50_000 : 5_000;
    SplittableRandom random = new SplittableRandom(7);
    int[] endings = new int[6];
    for (int s = 0; s < streams; s++) {
      Watched w = new Watched();
      int ending =
          random.nextInt(6); // 0 all, 1 close early, 2 interrupt, 3 deadline, 4 fail, 5 input
      endings[ending]++;
      boolean endless = ending != 0 && ending != 4 && random.nextBoolean();
      int length = endless ? Integer.MAX_VALUE : random.nextInt(300);
      int limit = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(16);
      int window = limit == 0 ? io.github.gather4j.internal.WindowedStream.DEFAULT_WINDOW : limit;
      boolean ordered = random.nextBoolean();
      boolean virtual = random.nextBoolean();
      int breakAt = ending == 5 ? random.nextInt(Math.min(length, 300) + 1) : -1;
      int failAt = ending == 4 ? random.nextInt(Math.max(1, length)) : -1;
      int closeAfter = random.nextInt(40);
      long seed = random.nextLong();
      Stream<Integer> input =
          Stream.iterate(0, i -> i + 1)
              .limit(length)
              .peek(
                  i -> {
                    w.pulled.incrementAndGet();
                    if (i == breakAt) {
                      throw new UncheckedIOException(new IOException("input broke at " + i));
                    }
                  })
              .onClose(() -> w.inputClosed.set(true));
      // Items that block until cancelled only where something other than the items ends the stream.
      boolean mayBlock = ending == 2 || ending == 3;
      Mapper<Integer, Integer> fn = i -> item(w, i, seed, failAt, mayBlock);
      Gathering g = limit == 0 ? Gather.with() : Gather.with().limit(limit);
      if (ending == 3) {
        g = g.timeout(Duration.ofNanos(random.nextLong(1_000, 3_000_000)));
      }
      Gathering gathering = g;
      Runnable consume =
          () -> {
            try (Stream<?> out =
                ordered ? gathering.stream(input, fn) : gathering.streamCompleted(input, fn)) {
              Iterator<?> results = out.iterator();
              while (results.hasNext()) {
                results.next();
                int taken = w.consumed.incrementAndGet();
                if (w.pulled.get() > taken + window + 1) { // + 1: a read that threw
                  w.unexpected.compareAndSet(
                      null, new AssertionError("read " + w.pulled.get() + " for " + taken));
                }
                if (ending == 1 && taken >= closeAfter) {
                  break;
                }
              }
            } catch (RuntimeException e) {
              // A failure, a deadline, an interrupt or the input: each ends the stream its way.
            }
          };
      Thread consumer =
          virtual ? Thread.ofVirtual().start(consume) : Thread.ofPlatform().start(consume);
      if (ending == 2) {
        LockSupport.parkNanos(random.nextLong(1_000, 2_000_000)); // a random moment
        consumer.interrupt();
      }
      assertThat(consumer.join(GENEROUS)).as("stream %d's consumer returned", s).isTrue();
      assertThat(w.unexpected.get()).as("stream %d", s).isNull();
      assertThat(w.running.get()).as("stream %d: items still running", s).isZero();
      for (Thread thread : w.threads) {
        assertThat(thread.isAlive()).as("stream %d: thread %s alive", s, thread).isFalse();
      }
      assertThat(w.inputClosed).as("stream %d: input closed", s).isTrue();
      assertThat(w.pulled.get())
          .as("stream %d: read ahead", s)
          .isLessThanOrEqualTo(w.consumed.get() + window + 1);
    }
    StressTest.report(
        "streams: %d streams ended at random moments (to the end %d, closed early %d,"
            + " interrupted %d, deadline %d, a failing item %d, a breaking input %d): nothing left"
            + " running, every input closed, never read further ahead than the window",
        streams, endings[0], endings[1], endings[2], endings[3], endings[4], endings[5]);
  }

  private static int item(Watched w, int i, long seed, int failAt, boolean mayBlock)
      throws Exception {
    w.threads.add(Thread.currentThread());
    w.running.incrementAndGet();
    try {
      if (i == failAt) {
        throw new IOException("item " + i + " failed");
      }
      int kind = (int) ((seed ^ i * 0x9E3779B97F4A7C15L) >>> 61); // 0..7
      if (kind == 0 && mayBlock) {
        Thread.sleep(Duration.ofDays(1)); // ends only when cancelled
      } else if (kind < 3) {
        Thread.sleep(Duration.ofNanos(1_000L * (i % 500)));
      }
      return i;
    } finally {
      w.running.decrementAndGet();
    }
  }
}

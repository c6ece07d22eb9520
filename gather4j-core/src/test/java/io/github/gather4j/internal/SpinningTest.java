package io.github.gather4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When a gather's owner spins before it parks: only on a platform thread, and while it pays. */
class SpinningTest {

  @Test
  void aVirtualThreadNeverSpins() throws Exception {
    AtomicInteger allowed = new AtomicInteger();
    Thread.ofVirtual()
        .start(
            () -> {
              for (int i = 0; i < 1_000; i++) {
                if (Spinning.begin(Thread.currentThread())) {
                  allowed.incrementAndGet();
                  Spinning.end(Thread.currentThread(), true);
                }
              }
            })
        .join();
    assertThat(allowed).hasValue(0);
  }

  @Test
  void spinsThatNeverPay_stopButForAProbeNowAndThen_andOneThatPaysBringsThemBack()
      throws Exception {
    int[] allowedAfterMisses = new int[1];
    int[] allowedAfterHit = new int[1];
    Thread.ofPlatform()
        .start(
            () -> {
              Thread me = Thread.currentThread();
              for (int i = 0; i < 200; i++) { // whatever the stripe's credit was: spend it
                if (Spinning.begin(me)) {
                  Spinning.end(me, false);
                }
              }
              for (int i = 0; i < 640; i++) {
                if (Spinning.begin(me)) {
                  allowedAfterMisses[0]++;
                  Spinning.end(me, false);
                }
              }
              // A probe that pays: spinning is allowed again at the next waits.
              while (!Spinning.begin(me)) {
                Thread.onSpinWait();
              }
              Spinning.end(me, true);
              for (int i = 0; i < 10; i++) {
                if (Spinning.begin(me)) {
                  allowedAfterHit[0]++;
                  Spinning.end(me, true);
                }
              }
            })
        .join();
    assertThat(allowedAfterMisses[0]).isBetween(1, 640 / 64 + 1);
    // (Not all ten: another owner spinning at the same time would take the one spinner's place.)
    assertThat(allowedAfterHit[0]).isPositive();
  }
}

package io.github.gather4j.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * The start rate of a run ({@code Gathering.rate}): at most {@code permits} task starts in any
 * window of {@code per}, paced evenly — one start every {@code per / permits}, never two closer. No
 * window of {@code per} can then hold more than {@code permits} starts, and a batch takes the time
 * the rate promises (1,000 tasks at 100 a second: 10 s, not 9 s of bursts); a token bucket would
 * let twice as many through a window that straddles a refill.
 *
 * <p>A claimed task that may not start yet waits here, in claim order, holding its claim (and its
 * slot under a limit): it has not started, so a stop means it never does. The ticker's timer starts
 * the waiting ones when the pace allows, whatever the owner is doing; a stop hands them all over at
 * once, to be recorded as cancelled. Any thread; a lock guards the pace and the queue (a
 * rate-limited call starts few tasks a second, so it is never contended for long).
 */
final class RateGate {
  /** Starts a job the gate let through: the run's start, which also sees a stop. */
  interface Launcher {
    void launch(Job job);
  }

  private final long interval; // per / permits, at least 1 ns
  private final Ticker ticker;
  private final Launcher launcher;
  private boolean started; // whether a start was admitted yet
  private long nextAllowed; // the earliest moment of the next start, once one was admitted
  private final ArrayDeque<Job> waiting = new ArrayDeque<>();
  private @Nullable Future<?> timer;
  private boolean stopped;

  RateGate(int permits, long perNanos, Ticker ticker, Launcher launcher) {
    this.interval = Math.max(1, perNanos / permits);
    this.ticker = ticker;
    this.launcher = launcher;
  }

  /**
   * Starts {@code job} now if the window allows and nothing waits before it; otherwise queues it
   * for the timer. Either way the job is the gate's: it returns nothing to the caller.
   */
  void submit(Job job) {
    boolean now;
    synchronized (this) {
      // After a stop a job is launched at once: the launch sees the stop and records it as
      // cancelled (queued, it would wait for a timer that no longer comes).
      now = stopped || (waiting.isEmpty() && admit(ticker.nanoTime()));
      if (!now) {
        waiting.add(job);
        armTimer();
      }
    }
    if (now) {
      launcher.launch(job);
    }
  }

  /** A stop: every waiting job is handed to the launcher now (which records it as cancelled). */
  void stop() {
    List<Job> all;
    synchronized (this) {
      stopped = true;
      all = new ArrayList<>(waiting);
      waiting.clear();
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }
    all.forEach(launcher::launch);
  }

  /** The timer's action: starts what the window now allows, and waits for the next moment. */
  private void release() {
    List<Job> due = new ArrayList<>();
    synchronized (this) {
      timer = null;
      long now = ticker.nanoTime();
      while (!waiting.isEmpty() && admit(now)) {
        due.add(waiting.poll());
      }
      if (!waiting.isEmpty()) {
        armTimer();
      }
    }
    due.forEach(launcher::launch);
  }

  /**
   * Records a start at {@code now} if the pace allows one: the next may come an interval after this
   * one (never earlier, so an idle spell earns no burst). Under the lock.
   */
  private boolean admit(long now) {
    if (started && now - nextAllowed < 0) {
      return false;
    }
    started = true;
    nextAllowed = now + interval;
    return true;
  }

  /** Schedules the release for the moment the pace allows the next start. Under the lock. */
  private void armTimer() {
    if (timer == null && !stopped) {
      timer = ticker.schedule(this::release, started ? nextAllowed : ticker.nanoTime());
    }
  }
}

package io.github.gather4j.examples;

import io.github.gather4j.Progress;
import java.io.PrintStream;

/** The examples' progress bar: redrawn in place on a terminal, else a line every tenth. */
final class ProgressBar {
  private final PrintStream out;
  private final long total;
  private final String unit;
  private final boolean terminal;
  private long lastDrawn;
  private int lastTenth;

  /**
   * A bar for {@code total} tasks.
   *
   * @param out where to draw it
   * @param total how many tasks make 100 %
   * @param unit what a task is, plural ("lines", "items")
   * @param terminal whether {@code out} is a terminal
   */
  ProgressBar(PrintStream out, long total, String unit, boolean terminal) {
    this.out = out;
    this.total = total;
    this.unit = unit;
    this.terminal = terminal;
  }

  /** The gather's progress listener. */
  synchronized void update(Progress progress) {
    long done = progress.ended();
    if (terminal) {
      long now = System.nanoTime();
      if (now - lastDrawn > 100_000_000L || done == total) {
        lastDrawn = now;
        int width = 30;
        int filled = (int) (width * done / Math.max(1, total));
        out.printf(
            "\r  [%s%s] %3d %%  %,d of %,d %s",
            "#".repeat(filled),
            ".".repeat(width - filled),
            100 * done / Math.max(1, total),
            done,
            total,
            unit);
        out.flush();
      }
    } else {
      int tenth = (int) (10 * done / Math.max(1, total));
      if (tenth > lastTenth) {
        lastTenth = tenth;
        out.printf("  %3d %%  %,d of %,d %s%n", tenth * 10, done, total, unit);
      }
    }
  }

  /** Ends the bar's line on a terminal. */
  synchronized void finish() {
    if (terminal) {
      out.println();
    }
  }
}

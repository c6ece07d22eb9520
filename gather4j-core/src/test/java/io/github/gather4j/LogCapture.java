package io.github.gather4j;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what gather4j logs (through {@code System.Logger}, which goes to java.util.logging
 * here), with a latch for the first record, for tests of the stuck-task report.
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger = Logger.getLogger("io.github.gather4j");

  /** Every record logged since the capture started. */
  public final List<LogRecord> records = new CopyOnWriteArrayList<>();

  /** Counted down by the first record. */
  public final CountDownLatch first = new CountDownLatch(1);

  /** Starts capturing. */
  public LogCapture() {
    logger.addHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
    first.countDown();
  }

  @Override
  public void flush() {}

  /** Stops capturing. */
  @Override
  public void close() {
    logger.removeHandler(this);
  }
}

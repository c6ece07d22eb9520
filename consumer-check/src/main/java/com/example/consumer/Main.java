package com.example.consumer;

import io.github.gather4j.Gather;
import io.github.gather4j.TaskFailedException;
import java.io.IOException;
import java.util.List;

/** What a user's first program does with gather4j; prints what it got. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    List<String> results = Gather.all(() -> "a", () -> "b", () -> "c");
    System.out.println("results " + results);
    try {
      Gather.all(() -> "ok", () -> { throw new IOException("down"); });
    } catch (TaskFailedException e) {
      System.out.println("failed index " + e.index() + ": " + e.getCause().getMessage());
    }
    System.out.println("on the " + (Main.class.getModule().isNamed() ? "module" : "class") + " path");
  }
}

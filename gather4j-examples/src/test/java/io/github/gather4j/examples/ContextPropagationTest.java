package io.github.gather4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.gather4j.Gather;
import io.github.gather4j.Gathering;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Context reaches every task with the real libraries, through the one-liners the README shows:
 * SLF4J's MDC (Logback), Micrometer's context-propagation and OpenTelemetry. Covered: tasks that
 * start late (under a limit of 1 each starts after another ended, on the ended task's thread) and
 * nested gathers.
 */
class ContextPropagationTest {
  private static final int TASKS = 6;

  @AfterEach
  void clear() {
    MDC.clear();
  }

  /** Tasks under a limit of 1 (so all but the first start late), one of them gathering again. */
  private static List<Object> gatherWith(Gathering gathering, Callable<Object> seen)
      throws InterruptedException {
    List<Callable<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS - 1; i++) {
      tasks.add(seen);
    }
    tasks.add(() -> gathering.all(seen, seen)); // nested: its tasks see the context too
    return gathering.limit(1).all(tasks);
  }

  @Test
  void slf4jMdcWithLogback_everyTaskLogsTheCallersRequestId() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger("gather4j.context.test");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      // README: Carrying context (SLF4J MDC)
      Gathering withMdc =
          Gather.with()
              .decorate(
                  task -> {
                    Map<String, String> context = MDC.getCopyOfContextMap();
                    return () -> {
                      MDC.setContextMap(context == null ? Map.of() : context);
                      try {
                        return task.call();
                      } finally {
                        MDC.clear();
                      }
                    };
                  });
      MDC.put("requestId", "r-42");
      List<Object> seen =
          gatherWith(
              withMdc,
              () -> {
                logger.info("working");
                return MDC.get("requestId");
              });
      assertThat(seen.subList(0, TASKS - 1)).containsOnly("r-42");
      assertThat(seen.get(TASKS - 1)).isEqualTo(List.of("r-42", "r-42"));
      assertThat(appender.list).hasSize(TASKS + 1);
      assertThat(appender.list)
          .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("requestId", "r-42"));
    } finally {
      logger.detachAppender(appender);
    }
  }

  private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

  @Test
  void micrometerContextPropagation_aSnapshotWrapsEveryTask() throws Exception {
    ContextRegistry.getInstance().registerThreadLocalAccessor("tenant", TENANT);
    ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
    // README: Carrying context (Micrometer)
    Gathering withContext = Gather.with().decorate(task -> snapshots.captureAll().wrap(task));
    TENANT.set("acme");
    try {
      List<Object> seen = gatherWith(withContext, TENANT::get);
      assertThat(seen.subList(0, TASKS - 1)).containsOnly("acme");
      assertThat(seen.get(TASKS - 1)).isEqualTo(List.of("acme", "acme"));
    } finally {
      TENANT.remove();
    }
  }

  @Test
  @SuppressWarnings("try") // a span's scope is opened for its effect on Context.current()
  void openTelemetry_everyTasksSpanIsAChildOfTheCallersSpan() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build()) {
      Tracer tracer = provider.get("gather4j-test");
      // README: Carrying context (OpenTelemetry)
      Gathering traced = Gather.with().decorate(task -> Context.current().wrap(task));
      Span request = tracer.spanBuilder("request").startSpan();
      try (Scope ignored = request.makeCurrent()) {
        gatherWith(
            traced,
            () -> {
              Span span = tracer.spanBuilder("task").startSpan();
              try (Scope inTask = span.makeCurrent()) {
                return span.getSpanContext().getSpanId();
              } finally {
                span.end();
              }
            });
      } finally {
        request.end();
      }
      List<SpanData> spans = exporter.getFinishedSpanItems();
      String requestId = request.getSpanContext().getSpanId();
      List<SpanData> tasks = spans.stream().filter(s -> s.getName().equals("task")).toList();
      assertThat(tasks).hasSize(TASKS + 1);
      assertThat(tasks)
          .allSatisfy(
              s -> {
                assertThat(s.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
                // The nested gather ran inside task 5, outside any span of its own: its tasks'
                // parent is still the caller's span.
                assertThat(s.getParentSpanId()).isEqualTo(requestId);
              });
    }
  }

  @Test
  void readme_showsTheseOneLiners() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    Matcher block =
        Pattern.compile("## Carrying context into tasks.*?```java\\n(.*?)```", Pattern.DOTALL)
            .matcher(readme);
    assertThat(block.find()).as("the README's java block under 'Carrying context'").isTrue();
    String here =
        code(
            Files.readString(
                Path.of("src/test/java/io/github/gather4j/examples/ContextPropagationTest.java")));
    for (String statement : code(block.group(1)).split(";")) {
      assertThat(here).as("the README's line is compiled here").contains(statement + ";");
    }
  }

  /** The code alone: comments and all whitespace removed. */
  private static String code(String text) {
    return text.replaceAll("//[^\\n]*", "").replaceAll("\\s+", "");
  }
}

package io.github.gather4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CI's smoke run of the comparison: every scenario completes with correct results. */
class CompareSmokeTest {

  @Test
  void quickComparison_everyScenarioCompletes_everyImplementationCorrect() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Compare compare = new Compare(true, new PrintStream(printed, true, StandardCharsets.UTF_8));
    compare.runAll(List.of());
    String report = printed.toString(StandardCharsets.UTF_8);
    System.out.print(report);

    assertThat(compare.tables)
        .extracting(Compare.Table::scenario)
        .containsExactly(
            "a", "b", "c", "d", "e", "f", "h", "i", "i", "j", "j", "j", "j", "j", "j", "j", "j",
            "j", "j", "g", "g", "g");
    for (Compare.Table table : compare.tables) {
      for (Compare.Row row : table.rows()) {
        assertThat(row.correct())
            .as("%s gave correct results in (%s)", row.contender(), table.scenario())
            .isTrue();
      }
    }
    // gather4j's fail-fast guarantee, as the comparison sees it: every sibling had ended.
    Compare.Row gather = compare.tables.get(2).rows().get(0);
    assertThat(gather.contender()).isEqualTo("gather4j");
    assertThat(gather.note()).startsWith("all ended");
    // And the stream's: at the throw, every task it started had ended.
    Compare.Row stream = compare.tables.get(8).rows().get(0);
    assertThat(stream.contender()).isEqualTo("gather4j stream");
    assertThat(stream.note()).contains("started tasks had ended").doesNotContain("still running");
    assertThat(report).doesNotContain("WRONG RESULT");
  }

  @Test
  void smallCallsBenchmark_namesEveryContenderOfTheComparison() throws Exception {
    String[] named =
        SmallCallsBenchmark.class
            .getDeclaredField("contender")
            .getAnnotation(org.openjdk.jmh.annotations.Param.class)
            .value();
    assertThat(named)
        .containsExactlyElementsOf(
            Contenders.withCollectors().stream().map(Contender::name).toList());
    SmallCallsBenchmark benchmark = new SmallCallsBenchmark();
    benchmark.k = 3;
    for (String name : named) {
      benchmark.contender = name;
      benchmark.setUp();
      assertThat(benchmark.call()).as(name).isEqualTo(List.of(0, 1, 2));
    }
  }

  @Test
  void quickClusterComparison_onThreeMemberJvms_correctAndFailFastInterruptsEverySibling()
      throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Compare compare = new Compare(true, new PrintStream(printed, true, StandardCharsets.UTF_8));
    compare.runAll(List.of("cluster"));
    System.out.print(printed.toString(StandardCharsets.UTF_8));

    assertThat(compare.tables)
        .extracting(Compare.Table::scenario)
        .containsExactly("cluster", "cluster", "cluster", "cluster");
    for (Compare.Table table : compare.tables) {
      for (Compare.Row row : table.rows()) {
        assertThat(row.correct()).as("%s in %s", row.contender(), table.title()).isTrue();
      }
    }
    Compare.Row gather = compare.tables.get(2).rows().get(0);
    assertThat(gather.note()).isEqualTo("100/100 siblings interrupted when it threw");
  }
}

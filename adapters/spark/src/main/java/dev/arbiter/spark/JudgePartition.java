package dev.arbiter.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Status;
import dev.arbiter.core.json.VerdictJson;
import dev.arbiter.eval.batch.BatchInput;
import dev.arbiter.eval.batch.ConfigurationCheck;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.spec.BuiltJudge;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Judges one partition: keeps up to {@code concurrency} records in flight on the executor's shared
 * judge and hands verdict rows back in input order. Every input row yields exactly one output row:
 * a record that cannot be read, is a repeated id, fails, or passes its deadline becomes an error
 * row. The Spark task itself never fails because of a record.
 */
final class JudgePartition implements MapPartitionsFunction<Row, Row> {
  private final String specText;
  private final ArbiterSpark.Options options;
  private final int concurrency;

  JudgePartition(String specText, ArbiterSpark.Options options, int concurrency) {
    this.specText = specText;
    this.options = options;
    this.concurrency = concurrency;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    BuiltJudge judge = ExecutorJudges.get(specText);
    return new Window(rows, judge, ExecutorJudges.configuration(specText, options).fingerprint());
  }

  /** The in-flight window: fills up to the bound, yields the oldest when it completes. */
  private final class Window implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final BuiltJudge built;
    private final String config;
    private final Deque<CompletableFuture<Row>> inFlight = new ArrayDeque<>();

    Window(Iterator<Row> rows, BuiltJudge built, String config) {
      this.rows = rows;
      this.built = built;
      this.config = config;
    }

    /** The row of a verdict line, stamped with the configuration fingerprint as the CLI's are. */
    private Row toRow(ObjectNode rec) {
      rec.put(ConfigurationCheck.FIELD, config);
      return rowOf(rec);
    }

    @Override
    public boolean hasNext() {
      fill();
      return !inFlight.isEmpty();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return inFlight.poll().join();
    }

    private void fill() {
      while (inFlight.size() < concurrency && rows.hasNext()) {
        inFlight.add(start(rows.next()));
      }
    }

    private CompletableFuture<Row> start(Row in) {
      String value = in.getString(in.fieldIndex("value"));
      long line = in.getLong(in.fieldIndex("line"));
      String id = in.getString(in.fieldIndex("id"));
      int occurrence = in.getInt(in.fieldIndex("occurrence"));
      if (occurrence > 1) {
        return CompletableFuture.completedFuture(
            toRow(
                VerdictJson.error(
                    line,
                    id + "#line-" + line,
                    "input",
                    "duplicate id '"
                        + id
                        + "' (ids must be unique; the first occurrence is judged)",
                    "id")));
      }
      BatchInput input;
      try {
        input = Requests.parse(options, value, line, built);
      } catch (RuntimeException e) {
        return CompletableFuture.completedFuture(
            toRow(VerdictJson.error(line, id, "input", String.valueOf(e), null)));
      }
      if (input.error().isPresent()) {
        InvalidInputException e = input.error().get();
        return CompletableFuture.completedFuture(
            toRow(VerdictJson.error(line, id, "input", e.getMessage(), e.field().orElse(null))));
      }
      long timeoutMillis = options.recordTimeout().toMillis();
      CompletableFuture<Row> f;
      try {
        JudgeRequest request = input.request().orElseThrow();
        f =
            built
                .judge()
                .judgeAsync(request)
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .handle(
                    (v, e) -> {
                      if (e != null) {
                        Throwable cause = e.getCause() != null ? e.getCause() : e;
                        String reason =
                            cause instanceof TimeoutException
                                ? "deadline of " + timeoutMillis + " ms passed"
                                : String.valueOf(cause);
                        return toRow(VerdictJson.error(line, id, "judge", reason, null));
                      }
                      ObjectNode rec = VerdictJson.of(line, v, options.withSamples());
                      RequestReader.profileNote(request, rec);
                      if (v.status() == Status.ERROR) {
                        rec.put("error_kind", "judge");
                      }
                      return toRow(rec);
                    });
      } catch (RuntimeException e) {
        f =
            CompletableFuture.completedFuture(
                toRow(VerdictJson.error(line, id, "judge", String.valueOf(e), null)));
      }
      return f;
    }
  }

  static Row rowOf(ObjectNode rec) {
    return RowFactory.create(
        rec.path("id").asText(),
        rec.path("line").asLong(),
        rec.path("status").asText(),
        text(rec, "mode"),
        number(rec, "score"),
        number(rec, "normalized_score"),
        text(rec, "preference"),
        text(rec, "reason"),
        rec.toString());
  }

  private static String text(ObjectNode rec, String field) {
    JsonNode n = rec.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Double number(ObjectNode rec, String field) {
    JsonNode n = rec.get(field);
    return n == null || !n.isNumber() ? null : n.asDouble();
  }
}

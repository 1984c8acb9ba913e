package dev.arbiter.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Mode;
import dev.arbiter.core.internal.Json;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.spec.JudgeSpec;
import dev.arbiter.spec.JudgeSpecs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Arbiter as Spark operations: a {@code Dataset<Row>} of judge requests becomes a {@code
 * Dataset<Row>} of verdicts, one verdict row per request row, never fewer.
 *
 * <p>Each executor JVM builds one {@code Judge} from the {@link JudgeSpec} (lazily, once, shared by
 * its tasks), and each partition judges its rows with the spec's request concurrency ({@code
 * concurrency.requests}) in flight. A row that cannot be read or judged becomes an error row
 * (status {@code ERROR}, with the reason), never an exception that fails the job. With a Redis
 * cache in the spec every executor reads and writes the same per-sample cache, so a rerun pays only
 * for samples it has not drawn yet. See docs/spark.md.
 *
 * <p>Input rows carry the CLI's input fields ({@code id, query, messages, candidates, response,
 * response_a, response_b, reference, principles, metadata}; or JudgeBench's {@code pair_id,
 * question, response_A, response_B, …} with {@link RequestReader.Format#JUDGEBENCH}). Output rows
 * follow {@link #VERDICT_SCHEMA}; the {@code verdict} column holds the exact JSON line {@code
 * arbiter judge} writes for the same record.
 */
public final class ArbiterSpark {

  /**
   * The verdict rows' schema: the top-level verdict fields as columns, plus the whole verdict JSON.
   *
   * <ul>
   *   <li>{@code id} (string): the request id;
   *   <li>{@code line} (long): the record's 1-based position in the input;
   *   <li>{@code status} (string): {@code SCORED}, {@code UNSCORED} or {@code ERROR};
   *   <li>{@code mode} (string, null for errors): pointwise, pairwise or listwise;
   *   <li>{@code score}, {@code normalized_score} (double, null unless pointwise and scored);
   *   <li>{@code preference} (string, null unless pairwise and decided): {@code A>B}, {@code B>A}
   *       or {@code A=B};
   *   <li>{@code reason} (string, null when scored);
   *   <li>{@code verdict} (string): the verdict JSON line, exactly as the CLI writes it.
   * </ul>
   */
  public static final StructType VERDICT_SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("line", DataTypes.LongType, false)
          .add("status", DataTypes.StringType, false)
          .add("mode", DataTypes.StringType, true)
          .add("score", DataTypes.DoubleType, true)
          .add("normalized_score", DataTypes.DoubleType, true)
          .add("preference", DataTypes.StringType, true)
          .add("reason", DataTypes.StringType, true)
          .add("verdict", DataTypes.StringType, false);

  /** The schema of input lines: the raw JSON text of a record and its 1-based line number. */
  public static final StructType LINE_SCHEMA =
      new StructType()
          .add("value", DataTypes.StringType, false)
          .add("line", DataTypes.LongType, false);

  private ArbiterSpark() {}

  /**
   * Judges rows whose columns are the CLI's input fields, pointwise unless the rows say otherwise
   * through {@code options}.
   */
  public static Dataset<Row> judge(Dataset<Row> requests, JudgeSpec spec) {
    return judge(requests, spec, Options.defaults());
  }

  /** Judges rows whose columns are the CLI's input fields. */
  public static Dataset<Row> judge(Dataset<Row> requests, JudgeSpec spec, Options options) {
    Objects.requireNonNull(requests, "requests");
    Dataset<String> json = requests.toJSON();
    Dataset<Row> lines =
        json.sparkSession()
            .createDataFrame(
                json.javaRDD().zipWithIndex().map(t -> RowFactory.create(t._1(), t._2() + 1)),
                LINE_SCHEMA);
    return judgeLines(lines, spec, options);
  }

  /**
   * A judge configuration as verdict lines carry it.
   *
   * @param fingerprint the {@code config} field of every verdict line: the one {@code arbiter
   *     judge} writes for the same judge, records and mode
   * @param configuration what it fingerprints (the judge's provenance, the spec as far as it
   *     decides verdicts, mode, format, default rubric)
   */
  public record Configuration(String fingerprint, Map<String, Object> configuration) {}

  /**
   * The judge configuration verdict lines of this spec and options carry, computed on an executor
   * from the judge it builds there (a one-row job), exactly as every executor stamps its lines.
   */
  public static Configuration configuration(SparkSession spark, JudgeSpec spec, Options options) {
    String specText = specText(spec);
    Options o = options;
    String text =
        spark
            .range(1)
            .map(
                (MapFunction<Long, String>)
                    i -> {
                      ExecutorJudges.Configuration c = ExecutorJudges.configuration(specText, o);
                      return c.fingerprint() + "\n" + c.json();
                    },
                Encoders.STRING())
            .first();
    int nl = text.indexOf('\n');
    try {
      Map<String, Object> configuration =
          Json.mapper()
              .readValue(
                  text.substring(nl + 1),
                  new com.fasterxml.jackson.core.type.TypeReference<
                      LinkedHashMap<String, Object>>() {});
      return new Configuration(text.substring(0, nl), configuration);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The spec as it travels to executors: JSON (valid YAML); unlike toYaml it keeps credentials,
   * which executors need to reach the model servers. It is never printed.
   */
  private static String specText(JudgeSpec spec) {
    return JudgeSpecs.toTree(spec).toString();
  }

  /**
   * Judges JSON lines ({@link #LINE_SCHEMA}: {@code value}, {@code line}), as {@code arbiter judge}
   * reads a JSONL file. Ids repeated in the input are judged once: every later occurrence becomes
   * an error row naming the duplicate.
   */
  public static Dataset<Row> judgeLines(Dataset<Row> lines, JudgeSpec spec, Options options) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(options, "options");
    String specText = specText(spec);
    int concurrency = spec.concurrency().requests();
    Dataset<Row> keyed = withIds(lines, options);
    Dataset<Row> ranked =
        keyed.withColumn(
            "occurrence", row_number().over(Window.partitionBy(col("id")).orderBy(col("line"))));
    // An explicit partition count: adaptive query execution would otherwise coalesce the window's
    // small shuffle output into one partition (measured: 400 records became one task, so a second
    // executor and a second replica added nothing). Rows are cheap to move and costly to judge.
    return ranked
        .repartition(partitions(lines))
        .mapPartitions(
            new JudgePartition(specText, options, concurrency),
            ExpressionEncoder.apply(VERDICT_SCHEMA));
  }

  /** The configuration key that sets how many partitions are judged; see {@link #partitions}. */
  public static final String PARTITIONS_CONF = "spark.arbiter.partitions";

  /**
   * How many partitions the judged rows are spread over: {@value #PARTITIONS_CONF} when set, else
   * two per task slot of the application ({@code defaultParallelism}), so each executor core has
   * work queued behind a slow partition; never fewer than the input's own partitions.
   */
  static int partitions(Dataset<Row> lines) {
    var session = lines.sparkSession();
    String set = session.conf().get(PARTITIONS_CONF, "");
    if (!set.isBlank()) {
      try {
        int n = Integer.parseInt(set.strip());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw InvalidInputException.of(
          PARTITIONS_CONF, "must be an integer >= 1 but was '" + set + "'");
    }
    int slots = session.sparkContext().defaultParallelism();
    return Math.max(lines.rdd().getNumPartitions(), 2 * Math.max(1, slots));
  }

  /**
   * Reads each line's id the way the CLI does (its {@code id} or {@code pair_id}, else one derived
   * from the record), without judging: a cheap pass so duplicates can be found before any model
   * call.
   */
  static Dataset<Row> withIds(Dataset<Row> lines, Options options) {
    StructType keyedSchema = LINE_SCHEMA.add("id", DataTypes.StringType, false);
    Options o = options;
    return lines
        .select(col("value"), col("line"))
        .map(
            (MapFunction<Row, Row>)
                r -> {
                  String value = r.getString(0);
                  long line = r.getLong(1);
                  return RowFactory.create(value, line, Requests.idOf(o, value, line));
                },
            ExpressionEncoder.apply(keyedSchema));
  }

  /** Drops from {@code lines} every record whose id appears in {@code done} (a resume). */
  public static Dataset<Row> withoutDone(
      Dataset<Row> lines, Dataset<String> doneIds, Options options) {
    Dataset<Row> keyed = withIds(lines, options);
    Dataset<Row> done = doneIds.toDF("done_id").distinct();
    return keyed
        .join(done, keyed.col("id").equalTo(done.col("done_id")), "left_anti")
        .select(col("value"), col("line"));
  }

  /**
   * How records are read and judged, beyond the spec.
   *
   * @param format the input format ({@code arbiter} fields or JudgeBench pairs)
   * @param mode pointwise, pairwise or listwise
   * @param source the name used in error messages (the input path)
   * @param withSamples whether verdicts carry every sample's text
   * @param recordTimeout the deadline of one record; past it the record is an error row
   */
  public record Options(
      RequestReader.Format format,
      Mode mode,
      String source,
      boolean withSamples,
      Duration recordTimeout)
      implements java.io.Serializable {
    public Options {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(mode, "mode");
      source = source == null || source.isBlank() ? "input" : source;
      Objects.requireNonNull(recordTimeout, "recordTimeout");
      if (recordTimeout.isNegative() || recordTimeout.isZero()) {
        throw InvalidInputException.of(
            "recordTimeout", "must be > 0 but was " + recordTimeout.toSeconds() + " s");
      }
    }

    /** Arbiter fields, pointwise, no samples, 10 minutes per record. */
    public static Options defaults() {
      return new Options(
          RequestReader.Format.ARBITER, Mode.POINTWISE, "input", false, Duration.ofMinutes(10));
    }

    public Options withFormat(RequestReader.Format f) {
      return new Options(f, mode, source, withSamples, recordTimeout);
    }

    public Options withMode(Mode m) {
      return new Options(format, m, source, withSamples, recordTimeout);
    }

    public Options withSource(String s) {
      return new Options(format, mode, s, withSamples, recordTimeout);
    }

    public Options withSamples(boolean w) {
      return new Options(format, mode, source, w, recordTimeout);
    }

    public Options withRecordTimeout(Duration t) {
      return new Options(format, mode, source, withSamples, t);
    }
  }
}

package dev.arbiter.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.internal.Json;
import dev.arbiter.eval.batch.ConfigurationCheck;
import dev.arbiter.spec.JudgeSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * A whole batch job on Spark, as {@code ./arbiter-spark judge} runs it: read JSONL (plain or gzip)
 * or Parquet, skip the records an earlier run already judged (resume), judge the rest, and add the
 * verdicts to the output folder as JSONL part files (each line exactly the CLI's) or Parquet.
 *
 * <p>Resume reads the ids of the verdicts already in {@code out}. Without {@code retryFailed} every
 * id there is done; with it, error rows are judged again and the output folder is rewritten so it
 * keeps one row per id (the new verdict replaces the error).
 */
public final class SparkJudgeJob {

  /** Input formats. */
  public enum InputFormat {
    JSONL,
    PARQUET;

    /** Parses {@code jsonl} or {@code parquet}. */
    public static InputFormat parse(String s) {
      return switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "jsonl", "json" -> JSONL;
        case "parquet" -> PARQUET;
        default ->
            throw InvalidInputException.of("in-format", "expected jsonl or parquet but was " + s);
      };
    }

    /** Guesses from the path: a {@code .parquet} file or a folder of them is Parquet. */
    public static InputFormat guess(Path in) {
      String name = in.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".parquet")) {
        return PARQUET;
      }
      if (Files.isDirectory(in)) {
        try (Stream<Path> files = Files.list(in)) {
          if (files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"))) {
            return PARQUET;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return JSONL;
    }
  }

  /** Output formats. */
  public enum OutputFormat {
    JSONL,
    PARQUET;

    /** Parses {@code jsonl} or {@code parquet}. */
    public static OutputFormat parse(String s) {
      return switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "jsonl", "json" -> JSONL;
        case "parquet" -> PARQUET;
        default ->
            throw InvalidInputException.of("out-format", "expected jsonl or parquet but was " + s);
      };
    }
  }

  /**
   * What a run did, counted from the verdict rows it wrote (never from accumulators, which count a
   * retried task twice).
   */
  public record Summary(
      long read,
      long skipped,
      long written,
      long scored,
      long unscored,
      long errors,
      long calls,
      long promptTokens,
      long completionTokens,
      long cacheHits,
      long cacheMisses) {

    /** A one-line human summary. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "read %d, skipped %d (already judged), wrote %d: %d scored, %d unscored, %d errors;"
              + " model calls %d, tokens %d prompt + %d completion, cache hits %d/%d",
          read,
          skipped,
          written,
          scored,
          unscored,
          errors,
          calls,
          promptTokens,
          completionTokens,
          cacheHits,
          cacheHits + cacheMisses);
    }
  }

  private final SparkSession spark;
  private final JudgeSpec spec;
  private final ArbiterSpark.Options options;

  public SparkJudgeJob(SparkSession spark, JudgeSpec spec, ArbiterSpark.Options options) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Runs the job.
   *
   * @param in a file or folder of JSONL ({@code .jsonl}, {@code .jsonl.gz}) or Parquet
   * @param out the output folder; created, or resumed when it holds verdicts
   * @param inFormat the input format
   * @param outFormat the output format; a resumed folder keeps the format it has
   * @param retryFailed whether error rows of an earlier run are judged again
   */
  public Summary run(
      Path in, Path out, InputFormat inFormat, OutputFormat outFormat, boolean retryFailed) {
    return run(in, out, inFormat, outFormat, retryFailed, false, System.err::println);
  }

  /**
   * Runs the job; a resume checks the judge configuration as {@code arbiter judge} does.
   *
   * @param in a file or folder of JSONL ({@code .jsonl}, {@code .jsonl.gz}) or Parquet
   * @param out the output folder; created, or resumed when it holds verdicts
   * @param inFormat the input format
   * @param outFormat the output format; a resumed folder keeps the format it has
   * @param retryFailed whether error rows of an earlier run are judged again
   * @param allowMixed resume even when {@code out} holds verdicts of another judge configuration
   *     ({@code --force-mixed})
   * @param warn where warnings go (verdicts without a fingerprint, mixed configurations allowed)
   * @throws InvalidInputException naming {@code --out} and both configurations when {@code out}
   *     holds verdicts of another judge configuration and mixing is not allowed
   */
  public Summary run(
      Path in,
      Path out,
      InputFormat inFormat,
      OutputFormat outFormat,
      boolean retryFailed,
      boolean allowMixed,
      Consumer<String> warn) {
    if (!Files.exists(in)) {
      throw InvalidInputException.of("in", "no such file or folder: " + in);
    }
    if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
      throw InvalidInputException.of("out", "must not be the input (" + in + ")");
    }
    Dataset<Row> lines = readLines(in, inFormat).cache();
    try {
      long read = lines.count();
      Dataset<Row> previous = readVerdicts(out, outFormat);
      Dataset<Row> todo = lines;
      if (previous != null) {
        checkConfiguration(previous, out, allowMixed, warn);
        Dataset<Row> done =
            retryFailed ? previous.filter(col("status").notEqual("ERROR")) : previous;
        todo =
            ArbiterSpark.withoutDone(lines, done.select(col("id")).as(Encoders.STRING()), options);
      }
      long skipped = read - todo.count();
      // Judge once into a staging folder, count what was written there, then move it into place.
      Path staged = sibling(out, "run");
      write(
          ArbiterSpark.judgeLines(todo, spec, options), staged, outFormat, SaveMode.ErrorIfExists);
      Dataset<Row> written = readVerdicts(staged, outFormat);
      Summary summary =
          written == null
              ? new Summary(read, skipped, 0, 0, 0, 0, 0, 0, 0, 0, 0)
              : summarize(written, read, skipped);
      if (previous != null && retryFailed) {
        Path merged = sibling(out, "merged");
        Dataset<Row> kept = previous.filter(col("status").notEqual("ERROR"));
        write(
            written == null ? kept : kept.unionByName(written),
            merged,
            outFormat,
            SaveMode.ErrorIfExists);
        swap(merged, out);
        deleteTree(staged);
      } else {
        movePartFiles(staged, out);
      }
      return summary;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the output folder " + out, e);
    } finally {
      lines.unpersist();
    }
  }

  /**
   * Stops a resume whose kept verdicts (error rows aside) were judged with another configuration,
   * with the CLI's message ({@link ConfigurationCheck}).
   */
  private void checkConfiguration(
      Dataset<Row> previous, Path out, boolean allowMixed, Consumer<String> warn) {
    Dataset<Row> kept =
        previous
            .filter(col("status").notEqual("ERROR"))
            .select(
                coalesce(get_json_object(col("verdict"), "$." + ConfigurationCheck.FIELD), lit(""))
                    .alias("config"),
                col("verdict"));
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row r : kept.groupBy(col("config")).count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    if (counts.isEmpty()) {
      return;
    }
    ArbiterSpark.Configuration mine = ArbiterSpark.configuration(spark, spec, options);
    ConfigurationCheck.check(
        out.toString(),
        counts,
        fp -> {
          String line = kept.filter(col("config").equalTo(fp)).first().getString(1);
          try {
            return Json.mapper().readTree(line);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        mine.fingerprint(),
        mine.configuration(),
        allowMixed,
        warn);
  }

  /**
   * A staging folder beside {@code out}. Its name must not start with '.' or '_': Spark treats such
   * paths as hidden and skips them when reading.
   */
  private static Path sibling(Path out, String what) {
    Path abs = out.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + ".arbiter-" + what + "-" + UUID.randomUUID());
  }

  private static void movePartFiles(Path staged, Path out) throws IOException {
    Files.createDirectories(out);
    try (Stream<Path> files = Files.list(staged)) {
      for (Path p : files.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith("part-")) {
          Files.move(p, out.resolve(n));
        }
      }
    }
    deleteTree(staged);
  }

  /** Reads input records as (value, line) rows, numbered from 1 in input order. */
  Dataset<Row> readLines(Path in, InputFormat format) {
    Dataset<String> json =
        format == InputFormat.PARQUET
            ? spark.read().parquet(in.toString()).toJSON()
            : spark.read().textFile(in.toString());
    return spark.createDataFrame(
        json.javaRDD()
            .zipWithIndex()
            .filter(t -> !t._1().isBlank())
            .map(t -> RowFactory.create(t._1(), t._2() + 1)),
        ArbiterSpark.LINE_SCHEMA);
  }

  /** The verdict rows already in {@code out}, or null when there are none. */
  Dataset<Row> readVerdicts(Path out, OutputFormat format) {
    if (!Files.isDirectory(out) || isEmpty(out)) {
      return null;
    }
    if (format == OutputFormat.PARQUET) {
      return spark.read().schema(ArbiterSpark.VERDICT_SCHEMA).parquet(out.toString());
    }
    Dataset<Row> text = spark.read().text(out.toString()).filter(col("value").startsWith("{"));
    return text.select(
            get_json_object(col("value"), "$.id").alias("id"),
            get_json_object(col("value"), "$.line").cast("long").alias("line"),
            get_json_object(col("value"), "$.status").alias("status"),
            get_json_object(col("value"), "$.mode").alias("mode"),
            get_json_object(col("value"), "$.score").cast("double").alias("score"),
            get_json_object(col("value"), "$.normalized_score")
                .cast("double")
                .alias("normalized_score"),
            get_json_object(col("value"), "$.preference").alias("preference"),
            get_json_object(col("value"), "$.reason").alias("reason"),
            col("value").alias("verdict"))
        .filter(col("id").isNotNull());
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.noneMatch(
          p -> {
            String n = p.getFileName().toString();
            return n.startsWith("part-");
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Dataset<Row> verdicts, Path out, OutputFormat format, SaveMode mode) {
    if (format == OutputFormat.PARQUET) {
      verdicts.write().mode(mode).parquet(out.toString());
    } else {
      verdicts.select(col("verdict")).write().mode(mode).text(out.toString());
    }
  }

  private static void swap(Path staged, Path out) throws IOException {
    Path old = sibling(out, "old");
    Files.move(out, old);
    Files.move(staged, out);
    deleteTree(old);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Summary summarize(Dataset<Row> verdicts, long read, long skipped) {
    Row counts =
        verdicts
            .select(
                col("status"),
                get_json_object(col("verdict"), "$.usage.calls").cast("long").alias("calls"),
                get_json_object(col("verdict"), "$.usage.prompt_tokens").cast("long").alias("pt"),
                get_json_object(col("verdict"), "$.usage.completion_tokens")
                    .cast("long")
                    .alias("ct"),
                get_json_object(col("verdict"), "$.usage.cache_hits").cast("long").alias("hits"),
                get_json_object(col("verdict"), "$.usage.cache_misses")
                    .cast("long")
                    .alias("misses"))
            .agg(
                sum(col("status").equalTo("SCORED").cast("long")),
                sum(col("status").equalTo("UNSCORED").cast("long")),
                sum(col("status").equalTo("ERROR").cast("long")),
                sum("calls"),
                sum("pt"),
                sum("ct"),
                sum("hits"),
                sum("misses"),
                org.apache.spark.sql.functions.count(col("status")))
            .first();
    return new Summary(
        read,
        skipped,
        longAt(counts, 8),
        longAt(counts, 0),
        longAt(counts, 1),
        longAt(counts, 2),
        longAt(counts, 3),
        longAt(counts, 4),
        longAt(counts, 5),
        longAt(counts, 6),
        longAt(counts, 7));
  }

  private static long longAt(Row r, int i) {
    return r.isNullAt(i) ? 0 : r.getLong(i);
  }
}

package dev.arbiter.spark.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.cli.JudgeOptions;
import dev.arbiter.core.ArbiterException;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Mode;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.spark.ArbiterSpark;
import dev.arbiter.spark.SparkJudgeJob;
import dev.arbiter.spec.JudgeSpec;
import dev.arbiter.spec.JudgeSpecs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./arbiter-spark}: Arbiter's batch judging as a Spark job. */
@Command(
    name = "arbiter-spark",
    mixinStandardHelpOptions = true,
    version = "arbiter-spark 0.1.0",
    description = "Arbiter's batch judging on Apache Spark.",
    subcommands = {ArbiterSparkCli.JudgeJob.class})
public final class ArbiterSparkCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, with errors printed as one clear line (no stack trace for bad input). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ArbiterSparkCli());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          if (e instanceof ArbiterException) {
            err.println("arbiter-spark: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cl;
  }

  /** {@code arbiter-spark judge}: the CLI's judge job, on a Spark master. */
  @Command(
      name = "judge",
      mixinStandardHelpOptions = true,
      description =
          "Judge a JSONL (plain or gzip) or Parquet input on Spark; write one verdict line per"
              + " record (the CLI's format) as JSONL part files, or Parquet. A rerun over an"
              + " existing --out skips the records already judged.")
  static final class JudgeJob implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--master",
        defaultValue = "local[2]",
        description = "Spark master: local[N] or spark://HOST:PORT (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--in", required = true, description = "Input file or folder.")
    Path in;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(
        names = "--in-format",
        description = "jsonl or parquet (default: from the input's name).")
    String inFormat;

    @Option(
        names = "--out-format",
        defaultValue = "jsonl",
        description = "jsonl or parquet (default: ${DEFAULT-VALUE}).")
    String outFormat;

    @Option(
        names = "--mode",
        defaultValue = "pointwise",
        description = "pointwise, pairwise or listwise (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(
        names = "--format",
        defaultValue = "arbiter",
        description = "Record fields: arbiter or judgebench (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--retry-failed", description = "Judge error rows of an earlier run again.")
    boolean retryFailed;

    @Option(names = "--with-samples", description = "Write every sample's raw text.")
    boolean withSamples;

    @Option(
        names = "--force-mixed",
        description =
            "Resume even when --out holds verdicts judged with another configuration (model,"
                + " protocol, sampling, voting, rubric...).")
    boolean forceMixed;

    @Option(
        names = "--record-timeout",
        defaultValue = "600",
        description = "Seconds one record may take before it becomes an error row.")
    long recordTimeoutSeconds;

    @Option(names = "--spark-conf", description = "Extra Spark settings KEY=VALUE (repeatable).")
    java.util.Map<String, String> sparkConf = new java.util.LinkedHashMap<>();

    @Option(
        names = "--concurrency",
        description =
            "Records in flight per Spark task (default: the spec's concurrency.requests, 8).")
    Integer concurrency;

    @Mixin JudgeOptions options;

    @Override
    public Integer call() {
      if (!options.cascadeSpecs().isEmpty()) {
        throw InvalidInputException.of(
            "--cascade",
            "arbiter-spark judges with one spec's judge (a panel is a spec section); run a"
                + " cascade with arbiter judge");
      }
      JudgeSpec judgeSpec = options.spec();
      if (concurrency != null) {
        ObjectNode override = JsonNodeFactory.instance.objectNode();
        override.putObject("concurrency").put("requests", concurrency);
        judgeSpec =
            JudgeSpecs.read(
                JudgeSpecs.merge(JudgeSpecs.toTree(judgeSpec), override), "--concurrency");
      }
      ArbiterSpark.Options o =
          ArbiterSpark.Options.defaults()
              .withFormat(RequestReader.Format.parse(format))
              .withMode(Mode.parse(mode))
              .withSource(in.toString())
              .withSamples(withSamples)
              .withRecordTimeout(Duration.ofSeconds(recordTimeoutSeconds));
      SparkJudgeJob.InputFormat inF =
          inFormat == null
              ? SparkJudgeJob.InputFormat.guess(in)
              : SparkJudgeJob.InputFormat.parse(inFormat);
      SparkJudgeJob.OutputFormat outF = SparkJudgeJob.OutputFormat.parse(outFormat);
      SparkSession.Builder b =
          SparkSession.builder().master(master).appName("arbiter-spark judge " + in.getFileName());
      String jobJar = System.getProperty("arbiter.spark.jar");
      if (jobJar != null && !master.startsWith("local")) {
        // Executors of a cluster get Arbiter from the driver, as spark-submit --jars would.
        b.config("spark.jars", jobJar);
      }
      if (master.startsWith("local")) {
        b.config("spark.ui.enabled", "false");
        b.config("spark.driver.host", "127.0.0.1");
        b.config("spark.driver.bindAddress", "127.0.0.1");
      }
      sparkConf.forEach(b::config);
      SparkSession spark = b.getOrCreate();
      PrintWriter err = spec.commandLine().getErr();
      try {
        SparkJudgeJob.Summary s =
            new SparkJudgeJob(spark, judgeSpec, o)
                .run(
                    in,
                    out,
                    inF,
                    outF,
                    retryFailed,
                    forceMixed,
                    w -> {
                      err.println(w);
                      err.flush();
                    });
        err.println("master      " + master);
        err.println(s.describe());
        err.println("output      " + out);
        if (s.errors() > 0) {
          err.println(s.errors() + " error rows: rerun with --retry-failed to judge them again.");
        }
        err.flush();
        return s.errors() > 0 ? 3 : 0;
      } finally {
        spark.stop();
      }
    }
  }
}

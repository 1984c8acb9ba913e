package dev.arbiter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.ArbiterException;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.JudgeModels;
import dev.arbiter.rubrics.RubricLibrary;
import dev.arbiter.rubrics.RubricMerge;
import dev.arbiter.rubrics.Rubrics;
import dev.arbiter.rubrics.generate.GeneratedRubric;
import dev.arbiter.rubrics.generate.InductionReport;
import dev.arbiter.rubrics.generate.PairJudge;
import dev.arbiter.rubrics.generate.PreferencePairs;
import dev.arbiter.rubrics.generate.RubricGenerator;
import dev.arbiter.rubrics.generate.RubricInducer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code arbiter rubric}: validate and show rubrics, generate query-specific rubrics, and induce a
 * rubric from preference pairs. Register an instance (it carries the factories):
 *
 * {@snippet :
 * new CommandLine(new ArbiterCommand())
 *     .addSubcommand(new RubricCommand(spec -> openModel(spec), model -> pairJudge(model)));
 * }
 *
 * <p>Exit codes: 0 success; 1 the work ran but produced nothing usable (a generation failed, no
 * rubric was induced); 2 bad input (the message names file, line and field).
 */
@Command(
    name = "rubric",
    mixinStandardHelpOptions = true,
    description = "Validate, show, generate and induce rubrics.",
    subcommands = {
      RubricCommand.Validate.class,
      RubricCommand.Show.class,
      RubricCommand.ListIds.class,
      RubricCommand.Generate.class,
      RubricCommand.Induce.class
    })
public final class RubricCommand implements Callable<Integer> {

  /**
   * Which model to open, as given on the command line.
   *
   * @param endpoint the {@code --endpoint} URL, when given
   * @param model the {@code --model} name, when given
   */
  public record ModelSpec(Optional<String> endpoint, Optional<String> model) {
    public ModelSpec {
      endpoint = endpoint == null ? Optional.empty() : endpoint;
      model = model == null ? Optional.empty() : model;
    }
  }

  private final Function<ModelSpec, JudgeModel> models;
  private final Function<JudgeModel, PairJudge> pairJudges;

  @Spec CommandSpec spec;

  /**
   * @param models opens the model that writes rubrics (closed by the command after use)
   * @param pairJudges the judging pipeline {@code induce} checks rubrics with, over a model
   */
  public RubricCommand(
      Function<ModelSpec, JudgeModel> models, Function<JudgeModel, PairJudge> pairJudges) {
    this.models = Objects.requireNonNull(models, "models");
    this.pairJudges = Objects.requireNonNull(pairJudges, "pairJudges");
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** The --endpoint / --model options shared by the model-backed subcommands. */
  static final class ModelOptions {
    @Option(names = "--endpoint", description = "OpenAI-compatible base URL of the model server.")
    String endpoint;

    @Option(names = "--model", description = "Model name on that server.")
    String model;

    ModelSpec spec() {
      return new ModelSpec(Optional.ofNullable(endpoint), Optional.ofNullable(model));
    }
  }

  /**
   * Runs a subcommand body: bad input becomes exit code 2 with the precise message, a model or
   * store failure exit code 1 with its message.
   */
  static int guarded(CommandSpec spec, Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (InvalidInputException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 2;
    } catch (ArbiterException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Check rubric or profile files (.yaml, .yml, .json, .md, .txt).")
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int bad = 0;
      for (Path f : files) {
        try {
          Rubric r = Rubrics.load(f);
          out.println(
              "ok "
                  + f
                  + ": "
                  + r.id()
                  + " v"
                  + r.version()
                  + ", "
                  + r.criteria().size()
                  + " criteria ("
                  + r.hardRules().size()
                  + " hard rules, "
                  + r.principles().size()
                  + " principles)");
        } catch (InvalidInputException e) {
          err.println("error: " + e.getMessage());
          bad++;
        }
      }
      return bad == 0 ? 0 : 2;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Print a built-in rubric (by id, e.g. helpfulness or helpfulness@1) or a file as YAML.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID_OR_FILE")
    String id;

    @Override
    public Integer call() throws Exception {
      return guarded(
          spec,
          () -> {
            boolean builtIn = !Files.isRegularFile(Path.of(id));
            String text =
                builtIn && !id.contains("@")
                    ? RubricLibrary.source(id)
                    : Rubrics.toYaml(Rubrics.resolve(id));
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return 0;
          });
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List built-in rubric ids.")
  static final class ListIds implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      for (String id : RubricLibrary.ids()) {
        spec.commandLine().getOut().println(id + "  (versions " + RubricLibrary.versions(id) + ")");
      }
      return 0;
    }
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Write a query-specific rubric per distinct query (one model call each).",
        "--in reads JSONL with a query (or prompt/question/instruction) and an optional id per line"
            + " and writes JSONL; --query writes one rubric as YAML."
      })
  static final class Generate implements Callable<Integer> {
    @ParentCommand RubricCommand parent;
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
      @Option(names = "--in", paramLabel = "FILE", description = "JSONL file of queries.")
      Path in;

      @Option(names = "--query", paramLabel = "TEXT", description = "One query.")
      String query;
    }

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Output: JSONL for --in (required), YAML for --query (default: stdout).")
    Path out;

    @Option(
        names = "--max-criteria",
        defaultValue = "8",
        description = "Default: ${DEFAULT-VALUE}.")
    int maxCriteria;

    @Option(
        names = "--merge",
        paramLabel = "RUBRIC",
        description = "A rubric file or built-in id to merge each generated rubric into.")
    String merge;

    @Option(names = "--concurrency", defaultValue = "8", description = "Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @ArgGroup(exclusive = false)
    ModelOptions modelOptions = new ModelOptions();

    @Override
    public Integer call() throws Exception {
      return guarded(spec, this::run);
    }

    private int run() throws IOException {
      if (input.in != null && out == null) {
        throw InvalidInputException.of("--out", "generate --in needs --out for the JSONL results");
      }
      Optional<Rubric> user = Optional.ofNullable(merge).map(Rubrics::resolve);
      List<String[]> queries =
          input.in != null
              ? readQueries(input.in)
              : List.<String[]>of(new String[] {"query", input.query});
      PrintWriter console = spec.commandLine().getOut();
      try (JudgeModel model = parent.models.apply(modelOptions.spec())) {
        RubricGenerator generator =
            RubricGenerator.builder(JudgeModels.bounded(model, concurrency))
                .maxCriteria(maxCriteria)
                .build();
        List<CompletableFuture<GeneratedRubric>> futures = new ArrayList<>();
        for (String[] q : queries) {
          futures.add(generator.generate(q[1]));
        }
        int failed = 0;
        int calls = 0;
        List<ObjectNode> lines = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
          GeneratedRubric g;
          try {
            g = futures.get(i).join();
          } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
              throw r;
            }
            throw e;
          }
          ObjectNode line = Json.mapper().createObjectNode();
          line.put("id", queries.get(i)[0]);
          line.put("query", queries.get(i)[1]);
          switch (g) {
            case GeneratedRubric.Generated ok -> {
              calls += ok.modelCalls();
              Rubric r =
                  user.isPresent() ? RubricMerge.defaults().apply(user, ok.rubric()) : ok.rubric();
              line.put("status", "generated");
              line.set("rubric", Json.mapper().valueToTree(r));
              line.set("notes", Json.mapper().valueToTree(ok.notes()));
              if (input.query != null) {
                writeOrPrint(Rubrics.toYaml(r, List.of("generated for: " + firstLine(ok.query()))));
              }
            }
            case GeneratedRubric.Failed bad -> {
              calls += bad.modelCalls();
              failed++;
              line.put("status", "failed");
              line.put("reason", bad.reason());
              line.put("raw_output", bad.rawOutput());
              spec.commandLine()
                  .getErr()
                  .println("failed for " + queries.get(i)[0] + ": " + bad.reason());
            }
          }
          lines.add(line);
        }
        if (input.in != null) {
          try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (JsonNode l : lines) {
              w.write(Json.write(l));
              w.newLine();
            }
          }
        }
        long distinct = queries.stream().map(q -> q[1]).distinct().count();
        (input.query != null && out == null ? spec.commandLine().getErr() : console)
            .println(
                "queries: "
                    + queries.size()
                    + " ("
                    + distinct
                    + " distinct); rubrics generated: "
                    + (queries.size() - failed)
                    + ", failed: "
                    + failed
                    + "; model calls: "
                    + calls);
        return failed == 0 ? 0 : 1;
      }
    }

    private void writeOrPrint(String yaml) throws IOException {
      if (out == null) {
        spec.commandLine().getOut().print(yaml);
        spec.commandLine().getOut().flush();
      } else {
        Files.writeString(out, yaml, StandardCharsets.UTF_8);
      }
    }

    private static String firstLine(String s) {
      String t = s.strip();
      int nl = t.indexOf('\n');
      String line = nl < 0 ? t : t.substring(0, nl);
      return line.length() > 100 ? line.substring(0, 100) + "..." : line;
    }

    /** (id, query) per line; the query may be called query, prompt, question or instruction. */
    static List<String[]> readQueries(Path file) throws IOException {
      List<String[]> out = new ArrayList<>();
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = Json.mapper().readTree(line);
        } catch (IOException e) {
          throw new InvalidInputException(
              file.toString(), i + 1, null, "not valid JSON: " + e.getMessage(), e);
        }
        String query = null;
        for (String f : new String[] {"query", "prompt", "question", "instruction"}) {
          if (n.hasNonNull(f) && !n.get(f).asText().isBlank()) {
            query = n.get(f).asText();
            break;
          }
        }
        if (query == null) {
          throw new InvalidInputException(
              file.toString(),
              i + 1,
              "query",
              "missing (also looked for prompt, question, instruction)");
        }
        String id = n.hasNonNull("id") ? n.get("id").asText() : "line-" + (i + 1);
        out.add(new String[] {id, query});
      }
      if (out.isEmpty()) {
        throw new InvalidInputException(file.toString(), -1, null, "holds no query");
      }
      return out;
    }
  }

  @Command(
      name = "induce",
      mixinStandardHelpOptions = true,
      description = {
        "Induce one rubric from preference pairs (JSONL: prompt/chosen/rejected, JudgeBench or"
            + " hh-rlhf shape; .gz allowed) and write it as YAML.",
        "Prints how many pairs were used and the agreement on the held-back pairs."
      })
  static final class Induce implements Callable<Integer> {
    @ParentCommand RubricCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--pairs", required = true, paramLabel = "FILE")
    Path pairs;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The rubric YAML.")
    Path out;

    @Option(
        names = "--holdout",
        defaultValue = "0.2",
        description = "Share held back (default ${DEFAULT-VALUE}).")
    double holdout;

    @Option(
        names = "--seed",
        defaultValue = "0",
        description = "Hold-out shuffle seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--max-criteria",
        defaultValue = "8",
        description = "Default: ${DEFAULT-VALUE}.")
    int maxCriteria;

    @Option(
        names = "--consolidate",
        description = "Let the model merge the de-duplicated criteria.")
    boolean consolidate;

    @Option(
        names = "--baseline",
        paramLabel = "RUBRIC",
        description = "Also judge held-back pairs with this rubric (file or id).")
    String baseline;

    @Option(
        names = "--limit",
        defaultValue = "0",
        description = "Read at most this many pairs (0 = all).")
    int limit;

    @Option(
        names = "--skip-invalid",
        description = "Skip bad lines of the pairs file instead of failing.")
    boolean skipInvalid;

    @Option(
        names = "--id",
        description = "The induced rubric's id (default: the output file name).")
    String id;

    @Option(names = "--concurrency", defaultValue = "8", description = "Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @ArgGroup(exclusive = false)
    ModelOptions modelOptions = new ModelOptions();

    @Override
    public Integer call() throws Exception {
      return guarded(spec, this::run);
    }

    private int run() {
      PrintWriter console = spec.commandLine().getOut();
      PreferencePairs.Loaded loaded = PreferencePairs.read(pairs, limit, skipInvalid);
      loaded
          .skipped()
          .forEach(e -> spec.commandLine().getErr().println("skipped: " + e.getMessage()));
      String rubricId = id != null ? id : stem(out);
      try (JudgeModel model = parent.models.apply(modelOptions.spec())) {
        RubricInducer.Builder b =
            RubricInducer.builder(model, parent.pairJudges.apply(model))
                .holdout(holdout)
                .seed(seed)
                .maxCriteria(maxCriteria)
                .consolidate(consolidate)
                .concurrency(concurrency)
                .rubricId(rubricId);
        if (baseline != null) {
          b.baseline(Rubrics.resolve(baseline));
        }
        InductionReport report = b.build().induce(loaded.pairs());
        List<String> summary = new ArrayList<>(new LinkedHashSet<>(report.summary()));
        summary.forEach(console::println);
        console.println(
            "model calls: "
                + report.generationCalls()
                + ", pair judgements: "
                + report.judgeCalls());
        if (report.rubric().isEmpty()) {
          spec.commandLine().getErr().println("no rubric induced; nothing written");
          return 1;
        }
        Rubrics.writeYaml(report.rubric().get(), out, summary);
        console.println("wrote " + out);
        return 0;
      }
    }

    private static String stem(Path p) {
      String n = p.getFileName().toString();
      int dot = n.indexOf('.');
      return dot > 0 ? n.substring(0, dot) : n;
    }
  }
}

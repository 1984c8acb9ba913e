package dev.arbiter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.internal.Json;
import dev.arbiter.verifiers.math.AnswerSyntax;
import dev.arbiter.verifiers.math.MathComparison;
import dev.arbiter.verifiers.math.MathEquivalence;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arbiter verify math}: decides, line by line, whether a response's final answer equals a
 * gold answer, and writes each line back with the verdict.
 *
 * <p>Input: JSONL with string fields {@code gold} and {@code pred} (other fields are kept). Output:
 * the same objects plus {@code equivalent}, {@code gold_answer}, {@code pred_answer} (the extracted
 * answers, null when none) and {@code reason}. A malformed line becomes {@code {"line": n, "error":
 * "..."}} in the output and a message on stderr naming file, line and field; the run goes on. When
 * lines carry {@code expected} (1/0 or true/false), agreement with it is printed.
 *
 * <p>Exit code 0 when every line was checked, 2 when some lines were malformed, 1 when a file
 * cannot be read or written.
 */
@Command(
    name = "math",
    mixinStandardHelpOptions = true,
    description =
        "Checks whether each response's final answer (\\boxed{}, 'the answer is', last number ...)"
            + " equals the gold answer mathematically.")
public final class VerifyMathCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--in",
      required = true,
      paramLabel = "FILE",
      description = "JSONL with string fields gold and pred (and optionally expected).")
  private Path input;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write each line with equivalent, gold_answer, pred_answer, reason.")
  private Path out;

  @Option(
      names = "--precision",
      paramLabel = "N",
      defaultValue = "6",
      description = "Decimals kept when a decimal literal is compared; default ${DEFAULT-VALUE}.")
  private int precision;

  @Option(
      names = "--no-strict",
      description = "Ignore variable names (rename the response's variables to gold's).")
  private boolean notStrict;

  @Option(
      names = "--allow-set-relation",
      description = "Let a relation in the response answer a set in gold (-2<=x<=7 for [-2,7]).")
  private boolean allowSetRelation;

  @Option(
      names = "--use-extra",
      description =
          "Read per-line flags from an 'extra' object as in Math-Verify's test data: precision,"
              + " strict, allow_set_relation_comp, match_types ([latex, expr]).")
  private boolean useExtra;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    MathEquivalence defaults;
    try {
      defaults = settings(precision, !notStrict, allowSetRelation, null);
    } catch (InvalidInputException e) {
      stderr.println("error: " + e.getMessage());
      return 2;
    }
    int lines = 0;
    int checked = 0;
    int equivalent = 0;
    int errors = 0;
    int withExpected = 0;
    int agreeing = 0;
    String source = input.toString();
    try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8);
        BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      String text;
      while ((text = reader.readLine()) != null) {
        lines++;
        if (text.isBlank()) {
          continue;
        }
        ObjectNode result;
        try {
          ObjectNode row = parse(source, lines, text);
          String gold = stringField(source, lines, row, "gold");
          String pred = stringField(source, lines, row, "pred");
          Boolean expected = expected(source, lines, row);
          MathEquivalence math = useExtra ? fromExtra(source, lines, row, defaults) : defaults;
          MathComparison c = math.compare(gold, pred);
          result = row;
          result.put("equivalent", c.equivalent());
          result.put("gold_answer", c.goldAnswer().orElse(null));
          result.put("pred_answer", c.predictedAnswer().orElse(null));
          result.put("reason", c.reason());
          checked++;
          equivalent += c.equivalent() ? 1 : 0;
          if (expected != null) {
            withExpected++;
            agreeing += expected == c.equivalent() ? 1 : 0;
          }
        } catch (InvalidInputException e) {
          errors++;
          stderr.println("error: " + e.getMessage());
          ObjectNode error = Json.mapper().createObjectNode();
          error.put("line", lines);
          e.field().ifPresent(f -> error.put("field", f));
          error.put("error", problem(e));
          result = error;
        }
        writer.write(Json.write(result));
        writer.newLine();
      }
    } catch (IOException e) {
      stderr.println("error: " + source + " -> " + out + ": " + e.getMessage());
      return 1;
    }
    stdout.printf(
        Locale.ROOT, "checked: %d, equivalent: %d, malformed: %d%n", checked, equivalent, errors);
    if (withExpected > 0) {
      stdout.printf(
          Locale.ROOT,
          "agreement with expected: %d/%d (%.2f%%)%n",
          agreeing,
          withExpected,
          100.0 * agreeing / withExpected);
    }
    stdout.println("results: " + out);
    stdout.flush();
    return errors == 0 ? 0 : 2;
  }

  /**
   * The problem without the "file:line: field 'f': " prefix. (InvalidInputException.problem() cuts
   * at the first "': ", which a parser message may itself contain.)
   */
  private static String problem(InvalidInputException e) {
    String prefix =
        e.source().map(s -> s + (e.line() > 0 ? ":" + e.line() : "") + ": ").orElse("")
            + e.field().map(f -> "field '" + f + "': ").orElse("");
    String m = e.getMessage();
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  private static ObjectNode parse(String source, long line, String text) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidInputException(
          source, line, null, "not valid JSON: " + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode obj)) {
      throw new InvalidInputException(source, line, null, "expected a JSON object");
    }
    return obj;
  }

  private static String stringField(String source, long line, ObjectNode row, String field) {
    JsonNode v = row.get(field);
    if (v == null || v.isNull()) {
      throw new InvalidInputException(source, line, field, "missing");
    }
    if (!v.isTextual() && !v.isNumber()) {
      throw new InvalidInputException(
          source, line, field, "expected a string but was " + v.getNodeType());
    }
    return v.asText();
  }

  private static Boolean expected(String source, long line, ObjectNode row) {
    JsonNode v = row.get("expected");
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber() && (v.intValue() == 0 || v.intValue() == 1)) {
      return v.intValue() == 1;
    }
    throw new InvalidInputException(source, line, "expected", "expected 1, 0, true or false");
  }

  private static MathEquivalence fromExtra(
      String source, long line, ObjectNode row, MathEquivalence defaults) {
    JsonNode extra = row.get("extra");
    if (extra == null || extra.isNull()) {
      return defaults;
    }
    if (!extra.isObject()) {
      throw new InvalidInputException(source, line, "extra", "expected an object");
    }
    EnumSet<AnswerSyntax> syntaxes = EnumSet.noneOf(AnswerSyntax.class);
    for (JsonNode t : extra.path("match_types")) {
      switch (t.asText()) {
        case "latex" -> syntaxes.add(AnswerSyntax.LATEX);
        case "expr" -> syntaxes.add(AnswerSyntax.PLAIN);
        default ->
            throw new InvalidInputException(
                source, line, "extra.match_types", "unknown match type '" + t.asText() + "'");
      }
    }
    try {
      return settings(
          extra.path("precision").asInt(6),
          extra.path("strict").asBoolean(true),
          extra.path("allow_set_relation_comp").asBoolean(false),
          syntaxes.isEmpty() ? null : syntaxes);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(source, line, "extra." + e.field().orElse(""), e.problem());
    }
  }

  private static MathEquivalence settings(
      int precision, boolean strict, boolean allowSetRelation, EnumSet<AnswerSyntax> syntaxes) {
    MathEquivalence.Builder b =
        MathEquivalence.builder()
            .precision(precision)
            .strict(strict)
            .allowSetRelationComparison(allowSetRelation);
    if (syntaxes != null) {
      b.syntaxes(syntaxes);
    }
    return b.build();
  }
}

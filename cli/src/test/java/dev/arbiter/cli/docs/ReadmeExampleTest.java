package dev.arbiter.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.cli.stub.StubVllmServer;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.cache.TieredSampleCache;
import dev.arbiter.core.cache.VerdictStore;
import dev.arbiter.core.cache.VerdictStores;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.verify.Evidence;
import dev.arbiter.prompts.Protocols;
import dev.arbiter.rubrics.RubricLibrary;
import dev.arbiter.verifiers.math.MathAnswerVerifier;
import dev.arbiter.vllm.VllmJudgeModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "As a library" example, run as written against the simulated vLLM server. */
class ReadmeExampleTest {
  @TempDir Path dir;

  @Test
  void should_run_the_readme_library_example() throws Exception {
    try (StubVllmServer server = StubVllmServer.start(0, "Qwen/Qwen2.5-7B-Instruct", 0);
        VerdictStore store = VerdictStores.open(dir.resolve("arbiter-cache").toString())) {
      String baseUrl = server.baseUrl(); // the README uses http://127.0.0.1:8000/v1

      // --- README: As a library ---
      JudgeModel model =
          VllmJudgeModel.builder().baseUrl(baseUrl).model("Qwen/Qwen2.5-7B-Instruct").build();
      Judge judge =
          Judge.builder()
              .model(model)
              .protocol(Protocols.get("arena-hard"))
              .sampling(SamplingParams.DEFAULT.withSamples(5).withTemperature(0.7))
              .cache(TieredSampleCache.builder().store(store).build())
              .verifier(MathAnswerVerifier.of())
              .build();

      Verdict v =
          judge.judge(
              JudgeRequest.builder()
                  .id("q1")
                  .mode(Mode.PAIRWISE)
                  .query("What is 3/4 - 1/4?")
                  .candidate("A", "It is 1/2.")
                  .candidate("B", "It is 2/4 = 0.25.")
                  .reference("1/2")
                  .rubric(RubricLibrary.get("math-reasoning"))
                  .build());
      // --- end of the README example ---

      assertThat(v.status()).isEqualTo(Status.SCORED);
      // B failed the math check, so the default fusion prefers A strongly whatever the stub said.
      assertThat(v.preference()).hasValueSatisfying(p -> assertThat(p.label()).isEqualTo("A>>B"));
      assertThat(v.positionConsistent()).isPresent();
      assertThat(v.confidence().scoredSamples() + v.confidence().unscoredSamples()).isEqualTo(10);
      assertThat(v.evidence())
          .extracting(Evidence::candidateId, Evidence::outcome)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("A", Evidence.Outcome.PASS),
              org.assertj.core.groups.Tuple.tuple("B", Evidence.Outcome.FAIL));
      assertThat(v.usage().calls()).isEqualTo(2);
      model.close();
    }
  }
}

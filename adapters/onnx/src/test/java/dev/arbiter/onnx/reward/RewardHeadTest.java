package dev.arbiter.onnx.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardHeadTest {
  @TempDir Path dir;

  static RewardHead head() {
    double[] w = new double[2 * 384 + 2];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.sin(i) / 3;
    }
    return RewardHead.of("unit", "emb@1", 0.25, w, Map.of("seed", 4, "data", "pairs.jsonl"));
  }

  @Test
  void should_read_back_what_it_wrote_with_the_same_model_id() {
    RewardHead h = head();
    Path f = dir.resolve("h.json");

    h.write(f);
    RewardHead back = RewardHead.read(f);

    assertThat(back).isEqualTo(h);
    assertThat(back.modelId()).isEqualTo(h.modelId()).matches("embedding-rm:unit@[0-9a-f]{12}");
  }

  @Test
  void should_keep_the_model_id_when_only_the_training_notes_change() {
    RewardHead h = head();

    assertThat(h.withTraining(Map.of("note", "other")).modelId()).isEqualTo(h.modelId());
    assertThat(RewardHead.of("unit", "emb@1", 0.5, h.weightArray(), Map.of()).modelId())
        .isNotEqualTo(h.modelId());
  }

  @Test
  void should_name_the_file_and_field_of_a_bad_weight() throws Exception {
    Path f = dir.resolve("bad.json");
    head().write(f);
    Files.writeString(
        f, Files.readString(f).replaceFirst("\"weights\" : \\[ [^,]+,", "\"weights\" : [ \"x\","));

    assertThatThrownBy(() -> RewardHead.read(f))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("weights[0]");
  }

  @Test
  void should_refuse_a_head_of_another_feature_layout() throws Exception {
    Path f = dir.resolve("layout.json");
    head().write(f);
    Files.writeString(f, Files.readString(f).replace(RewardFeatures.LAYOUT, "r/v0"));

    assertThatThrownBy(() -> RewardHead.read(f))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("field 'features'")
        .hasMessageContaining("r/v0");
  }

  @Test
  void should_ship_a_default_head_that_records_how_it_was_trained() {
    RewardHead h = EmbeddingRewardModel.defaultHead();

    assertThat(h.name()).isEqualTo("hh-harmless-base");
    assertThat(h.weights()).hasSize(2 * 384 + 2);
    // The sha256 ../shared/data/MANIFEST.json lists for hh-rlhf/harmless-base.test.jsonl.gz.
    assertThat(h.training())
        .containsEntry(
            "data_sha256", "ebfaaed21162a4de120ae85366075b34425e2a6303fac59b99555002f7016f03")
        .containsEntry("seed", 0)
        .containsEntry("holdout_fraction", 0.2)
        .containsKeys("command", "holdout_accuracy", "holdout_ci95");
  }
}

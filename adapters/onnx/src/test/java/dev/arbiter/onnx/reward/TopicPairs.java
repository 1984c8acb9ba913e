package dev.arbiter.onnx.reward;

import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic preference pairs with a known signal: for a question on one topic the chosen answer is
 * on that topic and the rejected one is an answer written for another topic.
 */
final class TopicPairs {
  private TopicPairs() {}

  /** Per topic: questions, then answers. */
  static final String[][][] TOPICS = {
    {
      {"How long should I boil spaghetti?", "What sauce goes well with penne pasta?"},
      {
        "Boil the spaghetti in salted water for about nine minutes until al dente.",
        "A simple tomato and basil sauce with olive oil suits penne nicely.",
        "Drain the pasta and keep a cup of the starchy cooking water for the sauce."
      }
    },
    {
      {"Why does my car engine overheat?", "How often should I change the engine oil?"},
      {
        "A leaking radiator or a broken thermostat often makes an engine overheat.",
        "Change the motor oil every five to ten thousand miles, as the manual says.",
        "Check the coolant level and the radiator fan when the engine runs hot."
      }
    },
    {
      {"How do I grow tomatoes in my garden?", "When should I water my vegetable plants?"},
      {
        "Plant tomatoes in full sun and water the soil deeply twice a week.",
        "Water vegetables early in the morning so the leaves dry during the day.",
        "Stake the tomato plants and add compost to the garden bed."
      }
    },
    {
      {"Which planet is the largest in the solar system?", "Why does Mars look red?"},
      {
        "Jupiter is the largest planet, a gas giant more than eleven times wider than Earth.",
        "Iron oxide dust on the surface of Mars gives the planet its red colour.",
        "Saturn and Jupiter are gas giants orbiting far beyond the asteroid belt."
      }
    },
    {
      {"How do I tune a guitar?", "What chords should a beginner guitarist learn?"},
      {
        "Tune each guitar string with a clip-on tuner, starting from the low E string.",
        "Beginners usually learn the G, C, D and E minor chords first.",
        "Practise switching between chords slowly and strum with a relaxed wrist."
      }
    },
    {
      {"What are the symptoms of the flu?", "How can I treat a fever at home?"},
      {
        "Influenza usually brings fever, chills, a sore throat and aching muscles.",
        "Rest, drink plenty of fluids and take paracetamol to bring the fever down.",
        "See a doctor if the fever lasts more than three days or breathing gets hard."
      }
    },
    {
      {"How do I open a savings account?", "What is a good interest rate on a loan?"},
      {
        "Bring an identity document to the bank and fill in the account application.",
        "Compare the annual percentage rates of several banks before taking a loan.",
        "A fixed-rate loan keeps the monthly repayment the same for the whole term."
      }
    },
    {
      {"How many players are on a football team?", "What is the offside rule in soccer?"},
      {
        "Each football team fields eleven players, one of them the goalkeeper.",
        "A player is offside when nearer the goal line than the last defender as the ball is passed.",
        "The referee awards a free kick to the defending team for an offside."
      }
    }
  };

  /**
   * Every question with each on-topic answer chosen over the same-index answer of another topic.
   */
  static List<PreferencePair> all() {
    List<PreferencePair> out = new ArrayList<>();
    int line = 0;
    for (int t = 0; t < TOPICS.length; t++) {
      for (String q : TOPICS[t][0]) {
        for (int a = 0; a < TOPICS[t][1].length; a++) {
          for (int shift : new int[] {1, 3}) {
            String off = TOPICS[(t + shift + a) % TOPICS.length][1][a];
            out.add(
                new PreferencePair(
                    "topics", ++line, Dialogue.HUMAN + " " + q, TOPICS[t][1][a], off));
          }
        }
      }
    }
    return out;
  }
}

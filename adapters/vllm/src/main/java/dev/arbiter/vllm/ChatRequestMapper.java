package dev.arbiter.vllm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import dev.arbiter.core.ContentPart;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Message;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ResponseSchema;
import dev.arbiter.core.model.ToolCall;
import dev.arbiter.core.model.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns an Arbiter {@link ChatRequest} into the OpenAI client's request parameters. */
final class ChatRequestMapper {
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};

  private final String model;
  private final boolean supportsN;
  private final Map<String, Object> defaultExtraBody;

  ChatRequestMapper(String model, boolean supportsN, Map<String, Object> defaultExtraBody) {
    this.model = model;
    this.supportsN = supportsN;
    this.defaultExtraBody = Map.copyOf(defaultExtraBody);
  }

  /**
   * The parameters for one call.
   *
   * @throws InvalidInputException when a message, schema or tool cannot be sent as it is
   */
  @SuppressWarnings("deprecation") // max_tokens: vLLM and older OpenAI-compatible servers know it.
  ChatCompletionCreateParams toParams(ChatRequest request) {
    ChatCompletionCreateParams.Builder b =
        ChatCompletionCreateParams.builder()
            .model(model)
            .temperature(request.temperature())
            .topP(request.topP())
            .maxTokens(request.maxTokens());
    List<Message> messages = request.messages();
    for (int i = 0; i < messages.size(); i++) {
      addMessage(b, messages.get(i), i);
    }
    request.seed().ifPresent(b::seed);
    if (supportsN) {
      // One call with n = k: vLLM prefills the prompt once and samples k continuations.
      b.n(request.n());
    }
    if (request.topLogprobs() > 0) {
      b.logprobs(true).topLogprobs(request.topLogprobs());
    }
    request.responseSchema().ifPresent(s -> b.responseFormat(responseFormat(s)));
    for (int i = 0; i < request.tools().size(); i++) {
      b.addTool(tool(request.tools().get(i), i));
    }
    Map<String, Object> extra = new LinkedHashMap<>(defaultExtraBody);
    extra.putAll(request.extraBody());
    extra.forEach((k, v) -> b.putAdditionalBodyProperty(k, json(k, v)));
    return b.build();
  }

  private static JsonValue json(String key, Object value) {
    try {
      return JsonValue.from(value);
    } catch (RuntimeException e) {
      throw InvalidInputException.of(
          "extra_body." + key,
          "must be a String, Number, Boolean, List or Map but was " + value.getClass().getName());
    }
  }

  private static void addMessage(ChatCompletionCreateParams.Builder b, Message m, int i) {
    switch (m.role()) {
      case SYSTEM -> b.addSystemMessage(m.content());
      case USER -> {
        if (m.hasImages()) {
          b.addMessage(
              ChatCompletionUserMessageParam.builder()
                  .contentOfArrayOfContentParts(contentParts(m))
                  .build());
        } else {
          b.addUserMessage(m.content());
        }
      }
      case ASSISTANT -> {
        if (m.toolCalls().isEmpty()) {
          b.addAssistantMessage(m.content());
        } else {
          ChatCompletionAssistantMessageParam.Builder a =
              ChatCompletionAssistantMessageParam.builder();
          if (!m.content().isEmpty()) {
            a.content(m.content());
          }
          for (ToolCall call : m.toolCalls()) {
            a.addToolCall(
                ChatCompletionMessageFunctionToolCall.builder()
                    .id(call.id())
                    .function(
                        ChatCompletionMessageFunctionToolCall.Function.builder()
                            .name(call.name())
                            .arguments(call.argumentsJson())
                            .build())
                    .build());
          }
          b.addMessage(a.build());
        }
      }
      case TOOL -> {
        String id =
            m.toolCallId()
                .orElseThrow(
                    () ->
                        InvalidInputException.of(
                            "messages[" + i + "].tool_call_id",
                            "a tool message must name the call it answers"));
        b.addMessage(
            ChatCompletionToolMessageParam.builder().toolCallId(id).content(m.content()).build());
      }
    }
  }

  /**
   * A user turn with images as OpenAI content parts in order: {@code {"type": "text", "text": ...}}
   * and {@code {"type": "image_url", "image_url": {"url": ...}}}, the url a data URL or the http(s)
   * URL the user gave (vLLM fetches it; Arbiter does not).
   */
  private static List<ChatCompletionContentPart> contentParts(Message m) {
    List<ChatCompletionContentPart> parts = new ArrayList<>(m.parts().size());
    for (ContentPart p : m.parts()) {
      parts.add(
          switch (p) {
            case ContentPart.Text t ->
                ChatCompletionContentPart.ofText(
                    ChatCompletionContentPartText.builder().text(t.text()).build());
            case ContentPart.ImagePart i ->
                ChatCompletionContentPart.ofImageUrl(
                    ChatCompletionContentPartImage.builder()
                        .imageUrl(
                            ChatCompletionContentPartImage.ImageUrl.builder()
                                .url(i.image().url())
                                .build())
                        .build());
          });
    }
    return parts;
  }

  private static ResponseFormatJsonSchema responseFormat(ResponseSchema schema) {
    ResponseFormatJsonSchema.JsonSchema.Schema.Builder s =
        ResponseFormatJsonSchema.JsonSchema.Schema.builder();
    jsonObject(schema.schemaJson(), "response_schema.schema")
        .forEach((k, v) -> s.putAdditionalProperty(k, JsonValue.from(v)));
    return ResponseFormatJsonSchema.builder()
        .jsonSchema(
            ResponseFormatJsonSchema.JsonSchema.builder()
                .name(schema.name())
                .schema(s.build())
                .build())
        .build();
  }

  private static ChatCompletionFunctionTool tool(ToolSpec spec, int i) {
    FunctionParameters.Builder p = FunctionParameters.builder();
    jsonObject(spec.parametersSchema(), "tools[" + i + "].parameters")
        .forEach((k, v) -> p.putAdditionalProperty(k, JsonValue.from(v)));
    FunctionDefinition.Builder f =
        FunctionDefinition.builder().name(spec.name()).parameters(p.build());
    if (!spec.description().isEmpty()) {
      f.description(spec.description());
    }
    return ChatCompletionFunctionTool.builder().function(f.build()).build();
  }

  private static Map<String, Object> jsonObject(String json, String field) {
    try {
      Map<String, Object> map = Json.mapper().readValue(json, OBJECT);
      if (map == null) {
        throw InvalidInputException.of(field, "expected a JSON object but was null");
      }
      return map;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          null, -1, field, "expected a JSON Schema object: " + e.getOriginalMessage(), e);
    }
  }
}

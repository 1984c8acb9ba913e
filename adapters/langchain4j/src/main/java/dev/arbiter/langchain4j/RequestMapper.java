package dev.arbiter.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.ContentPart;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Message;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ResponseSchema;
import dev.arbiter.core.model.ToolCall;
import dev.arbiter.core.model.ToolSpec;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Turns an Arbiter {@link ChatRequest} into a LangChain4j chat request. */
final class RequestMapper {
  private final BiFunction<ChatRequest, ChatRequestParameters, ChatRequestParameters> customizer;

  RequestMapper(BiFunction<ChatRequest, ChatRequestParameters, ChatRequestParameters> customizer) {
    this.customizer = customizer;
  }

  /**
   * The LangChain4j request for one call (one choice).
   *
   * @throws InvalidInputException when a message, schema or tool cannot be expressed
   */
  dev.langchain4j.model.chat.request.ChatRequest toLangChain4j(ChatRequest request) {
    DefaultChatRequestParameters.Builder<?> p =
        ChatRequestParameters.builder()
            .temperature(request.temperature())
            .topP(request.topP())
            .maxOutputTokens(request.maxTokens());
    // vLLM's top_k has a portable twin in LangChain4j; other extra body fields go through the
    // customizer, since only the provider's own parameter classes know them.
    if (request.extraBody().get("top_k") instanceof Number k) {
      p.topK(k.intValue());
    }
    request.responseSchema().ifPresent(s -> p.responseFormat(responseFormat(s)));
    if (!request.tools().isEmpty()) {
      List<ToolSpecification> tools = new ArrayList<>();
      for (int i = 0; i < request.tools().size(); i++) {
        tools.add(tool(request.tools().get(i), i));
      }
      p.toolSpecifications(tools);
    }
    ChatRequestParameters params = customizer.apply(request, p.build());
    return dev.langchain4j.model.chat.request.ChatRequest.builder()
        .messages(messages(request.messages()))
        .parameters(params)
        .build();
  }

  private static List<ChatMessage> messages(List<Message> messages) {
    List<ChatMessage> out = new ArrayList<>(messages.size());
    // LangChain4j's tool results name the tool as well as the call; remember names by call id.
    Map<String, String> toolNames = new HashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      switch (m.role()) {
        case SYSTEM -> out.add(SystemMessage.from(m.content()));
        case USER -> out.add(m.hasImages() ? userWithImages(m) : UserMessage.from(m.content()));
        case ASSISTANT -> {
          if (m.toolCalls().isEmpty()) {
            out.add(AiMessage.from(m.content()));
          } else {
            List<ToolExecutionRequest> calls = new ArrayList<>();
            for (ToolCall c : m.toolCalls()) {
              toolNames.put(c.id(), c.name());
              calls.add(
                  ToolExecutionRequest.builder()
                      .id(c.id())
                      .name(c.name())
                      .arguments(c.argumentsJson())
                      .build());
            }
            out.add(
                m.content().isEmpty() ? AiMessage.from(calls) : AiMessage.from(m.content(), calls));
          }
        }
        case TOOL -> {
          String field = "messages[" + i + "].tool_call_id";
          String id =
              m.toolCallId()
                  .orElseThrow(
                      () ->
                          InvalidInputException.of(
                              field, "a tool message must name the call it answers"));
          String name = toolNames.get(id);
          if (name == null) {
            throw InvalidInputException.of(
                field, "no earlier assistant message made a tool call with id " + id);
          }
          out.add(ToolExecutionResultMessage.from(id, name, m.content()));
        }
      }
    }
    return out;
  }

  /**
   * A user turn with images as LangChain4j contents in order: inline images as base64 data with
   * their MIME type, remote ones by URL (the provider fetches them).
   */
  private static UserMessage userWithImages(Message m) {
    List<Content> contents = new ArrayList<>(m.parts().size());
    for (ContentPart p : m.parts()) {
      contents.add(
          switch (p) {
            case ContentPart.Text t -> TextContent.from(t.text());
            case ContentPart.ImagePart i ->
                i.image().inline()
                    ? ImageContent.from(
                        i.image().base64().orElseThrow(), i.image().mimeType().orElseThrow())
                    : ImageContent.from(i.image().url());
          });
    }
    return UserMessage.from(contents);
  }

  private static ResponseFormat responseFormat(ResponseSchema schema) {
    parse(schema.schemaJson(), "response_schema.schema");
    return ResponseFormat.builder()
        .type(ResponseFormatType.JSON)
        .jsonSchema(
            JsonSchema.builder()
                .name(schema.name())
                .rootElement(JsonRawSchema.from(schema.schemaJson()))
                .build())
        .build();
  }

  private static ToolSpecification tool(ToolSpec spec, int i) {
    String field = "tools[" + i + "].parameters";
    JsonNode schema = parse(spec.parametersSchema(), field);
    if (!"object".equals(schema.path("type").asText("object"))) {
      throw InvalidInputException.of(field, "tool parameters must be a JSON Schema of type object");
    }
    JsonObjectSchema.Builder params = JsonObjectSchema.builder();
    // Each property keeps its schema verbatim: LangChain4j carries raw schema elements through.
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      params.addProperty(e.getKey(), JsonRawSchema.from(e.getValue().toString()));
    }
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    if (!required.isEmpty()) {
      params.required(required);
    }
    if (schema.path("additionalProperties").isBoolean()) {
      params.additionalProperties(schema.path("additionalProperties").asBoolean());
    }
    ToolSpecification.Builder b =
        ToolSpecification.builder().name(spec.name()).parameters(params.build());
    if (!spec.description().isEmpty()) {
      b.description(spec.description());
    }
    return b.build();
  }

  private static JsonNode parse(String json, String field) {
    try {
      JsonNode node = Json.mapper().readTree(json);
      if (node == null || !node.isObject()) {
        throw InvalidInputException.of(field, "expected a JSON Schema object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          null, -1, field, "expected a JSON Schema object: " + e.getOriginalMessage(), e);
    }
  }
}

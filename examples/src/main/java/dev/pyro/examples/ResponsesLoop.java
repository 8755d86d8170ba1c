package dev.pyro.examples;

import com.fasterxml.jackson.core.type.TypeReference;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputMessage;
import dev.pyro.json.JsonSupport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The canonical tool-calling loop on the OpenAI Responses API: offer the model pyro's tools
 * (with the schemas the MCP server publishes), run each function call it makes, hand back the
 * results, and repeat until it answers without calling a tool.
 */
public final class ResponsesLoop {
    static final String INSTRUCTIONS = """
            You work inside pyro: isolated, disposable Linux sandboxes. Use the tools to run commands \
            and to inspect and change files; never guess what a command would print. Workspaces keep \
            state between calls: refer to them by id or name, and delete the ones you created when \
            you are done. Answer briefly with what you found.""";
    private static final TypeReference<Map<String, Object>> ARGUMENTS = new TypeReference<>() {
    };

    private final OpenAIClient openai;
    private final String model;
    private final ChatTools tools;
    private final int maxTurns;
    private final Consumer<String> transcript;

    /** One tool call the model made, and what it got back. */
    public record Call(String name, String arguments, ChatTools.Reply reply) {
    }

    /** The model's final answer, and every call on the way. */
    public record Outcome(String answer, List<Call> calls, int turns) {
    }

    public ResponsesLoop(OpenAIClient openai, String model, ChatTools tools, int maxTurns, Consumer<String> transcript) {
        this.openai = openai;
        this.model = model;
        this.tools = tools;
        this.maxTurns = maxTurns;
        this.transcript = transcript;
    }

    public Outcome run(String task) {
        List<FunctionTool> offered = tools.list().stream().map(ResponsesLoop::functionTool).toList();
        List<ResponseInputItem> input = new ArrayList<>();
        input.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                .role(EasyInputMessage.Role.USER).content(task).build()));
        List<Call> calls = new ArrayList<>();
        for (int turn = 1; turn <= maxTurns; turn++) {
            ResponseCreateParams.Builder request = ResponseCreateParams.builder()
                    .model(model).instructions(INSTRUCTIONS).input(ResponseCreateParams.Input.ofResponse(input));
            offered.forEach(request::addTool);
            Response response = openai.responses().create(request.build());
            List<ResponseFunctionToolCall> wanted = response.output().stream()
                    .filter(ResponseOutputItem::isFunctionCall).map(ResponseOutputItem::asFunctionCall).toList();
            if (wanted.isEmpty()) {
                return new Outcome(answerText(response), calls, turn);
            }
            for (ResponseFunctionToolCall call : wanted) {
                transcript.accept("-> " + call.name() + " " + call.arguments());
                ChatTools.Reply reply = tools.call(call.name(), parse(call.arguments()));
                transcript.accept("<- " + (reply.error() ? "error: " : "") + abbreviate(reply.content()));
                calls.add(new Call(call.name(), call.arguments(), reply));
                input.add(ResponseInputItem.ofFunctionCall(call));
                input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                        .callId(call.callId()).output(reply.content()).build()));
            }
        }
        throw new IllegalStateException("the model made tool calls for " + maxTurns + " turns without answering");
    }

    /** The tool as the model sees it; not strict, because most parameters are optional. */
    private static FunctionTool functionTool(ChatTools.Tool tool) {
        FunctionTool.Parameters.Builder parameters = FunctionTool.Parameters.builder();
        tool.inputSchema().forEach((key, value) -> parameters.putAdditionalProperty(key, JsonValue.from(value)));
        return FunctionTool.builder().name(tool.name()).description(tool.description())
                .parameters(parameters.build()).strict(false).build();
    }

    /** Arguments that are not a JSON object go to the tool as none, so the model gets the tool's own error. */
    private static Map<String, Object> parse(String arguments) {
        try {
            Map<String, Object> parsed = JsonSupport.mapper().readValue(arguments == null || arguments.isBlank() ? "{}" : arguments,
                    ARGUMENTS);
            return parsed == null ? Map.of() : parsed;
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static String answerText(Response response) {
        StringBuilder text = new StringBuilder();
        for (ResponseOutputItem item : response.output()) {
            if (item.isMessage()) {
                for (ResponseOutputMessage.Content content : item.asMessage().content()) {
                    if (content.isOutputText()) {
                        text.append(content.asOutputText().text());
                    }
                }
            }
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + " ...";
    }
}
